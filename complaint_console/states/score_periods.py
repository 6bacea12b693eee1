"""/periods (HQ): outlet scores by month and by quarter (services/score_periods.py). Every handler re-checks the right."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx
from sqlmodel import select

from complaint_console.db import score_table
from complaint_console.db.models import Region
from complaint_console.domain.access import Action
from complaint_console.domain.scores import score_text
from complaint_console.services import score_periods
from complaint_console.states.offload import with_db
from complaint_console.states.session import require_actor, with_actor
from complaint_console.views.score_format import pct


class PeriodScoresState(rx.State):
    kind: str = "month"
    periods: list[str] = []
    period: str = ""
    regions: list[list[str]] = []  # [code, English name, Chinese name]
    region: str = ""
    weeks: list[str] = []  # the frozen weeks the period holds
    page: int = 0
    total: int = 0
    rows: list[dict[str, str]] = []  # one page of 50
    loaded: bool = False

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // score_periods.PAGE_SIZE))

    @rx.event
    async def load(self):
        """on_load: `/periods?kind=quarter&period=2026-Q4&region=EAST&page=2`; what is unknown falls back."""
        self.loaded, self.rows = False, []
        params = self.router.url.query_parameters
        kind = params.get("kind", "month") if params.get("kind") in score_periods.KINDS else "month"
        actor, found = await with_actor(
            self,
            Action.VIEW_NETWORK_SCORES,
            lambda db, actor: (score_table.frozen_weeks(db, limit=120), db.exec(select(Region).order_by(Region.code)).all()),
        )
        if actor is None:
            return rx.redirect("/scores")  # outlet staff: their own outlet's weeks
        frozen, regions = found
        self.kind, self.periods = kind, score_periods.periods(frozen, kind)
        self.regions = [[r.code, r.name, r.name_zh] for r in regions]
        self.period = params.get("period", "") if params.get("period", "") in self.periods else next(iter(self.periods), "")
        self.region = params.get("region", "") if params.get("region", "") in [r.code for r in regions] else ""
        number = params.get("page", "")
        self.page = int(number) - 1 if number.isdigit() and 0 < int(number) <= 10_000 else 0
        await self._read()

    async def _read(self) -> None:
        kind, period, region, page = self.kind, self.period, self.region, self.page
        rows, self.total, weeks = await with_db(
            lambda db: score_periods.page(db, kind, period, region, page) if period else ([], 0, [])
        )
        self.weeks = [w.isoformat() for w in weeks]
        self.rows = [
            {
                "rank": "—" if r.rank is None else str(r.rank),
                "code": r.code,
                "name": r.name,
                "region": r.region,
                "weeks": str(r.weeks),
                "cohort": str(r.cohort),
                "received": str(r.received),
                "score": score_text(r.score),
                "tier": r.tier or "",
                "resolution": pct(r.resolution),
                "timeliness": pct(r.timeliness),
                "satisfaction": pct(r.satisfaction),
                "change": "—" if r.change is None else f"{r.change:+.1f}",
            }
            for r in rows
        ]
        self.loaded = True

    def _url(self, **changes) -> str:
        view = {"kind": self.kind, "period": self.period, "region": self.region, "page": ""} | changes
        return "/periods?" + urlencode({k: v for k, v in view.items() if v})

    @rx.event
    async def choose(self, field: str, value: str):
        """A new kind, period or region: its own address (back and forward step through them)."""
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is None or field not in ("kind", "period", "region"):
            return
        if field == "kind":
            return rx.redirect(self._url(kind=value if value in score_periods.KINDS else "month", period=""))
        return rx.redirect(self._url(**{field: "" if value == "all" else value}))

    @rx.event
    async def turn(self, delta: int):
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None:
            return rx.redirect(self._url(page=str(max(0, min(self.pages - 1, self.page + delta)) + 1)))
