"""/cases/root-causes: the Pareto and the 12-week trend of root causes for the network, a region
or an outlet (training lead, HQ). Every read re-checks VIEW_CASES and is scoped in SQL; the
state keeps the figures as plain JSON and one row per root cause counted."""

from __future__ import annotations

import reflex as rx

from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.services import root_cause_report
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views import score_charts

MAX_CODE = 40  # an outlet code as typed in the filter is cut to this before it is looked up


class RootCauseTrendsState(rx.State):
    loaded: bool = False
    allowed: bool = False
    found: bool = True  # False: no outlet with the code typed in the actor's scope
    region: str = ""  # a region code, or "" for the network
    outlet: str = ""  # an outlet code, or "" (takes precedence over the region)
    outlet_name: str = ""
    regions: list[list[str]] = []  # [code, English name, Chinese name]
    region_names: list[str] = ["", ""]  # the chosen region's [English name, Chinese name]
    bars: list[dict[str, str]] = []  # code, name, count, cumulative (%), as shown beside the Pareto
    total: int = 0
    first_week: str = ""
    last_week: str = ""
    pareto_fig: score_charts.Chart = score_charts.EMPTY
    trend_fig: score_charts.Chart = score_charts.EMPTY
    figures_lang: str = ""

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.region, self.outlet = str(params.get("region", ""))[:MAX_CODE], str(params.get("outlet", ""))[:MAX_CODE]
        await self._read(with_regions=True)

    @rx.event
    async def follow_language(self):
        """The user switched language: the figures are drawn again in it."""
        if self.loaded and self.figures_lang and self.figures_lang != (await self.get_state(SessionState)).lang:
            await self._read()

    @rx.event
    async def choose_region(self, value: str):
        self.region, self.outlet = ("" if value == "all" else str(value)[:MAX_CODE]), ""
        await self._read()

    @rx.event
    async def choose_outlet(self, form: dict):
        self.outlet = str(form.get("outlet") or "").strip()[:MAX_CODE] if isinstance(form, dict) else ""
        await self._read()

    @rx.event
    async def clear_outlet(self):
        self.outlet = ""
        await self._read()

    async def _read(self, with_regions: bool = False) -> None:
        actor = await require_actor(self, Action.VIEW_CASES)  # None: refused here, and build() refuses None too
        lang = (await self.get_state(SessionState)).lang
        region, outlet, today = self.region, self.outlet, root_cause_report.network_today(utcnow())

        def read(db):
            regions = root_cause_report.regions(db) if with_regions and actor is not None else None
            return regions, root_cause_report.build(db, actor, today, lang, region, outlet)

        regions, report = await with_db(read)
        if regions is not None:
            self.regions = regions
        self.region_names = next(([r[1], r[2]] for r in self.regions if r[0] == region), [region, region])
        self.loaded, self.allowed = True, report is not None
        self.found = report is not None and report.found
        if not self.found:
            self.bars, self.total, self.outlet_name = [], 0, ""
            self.pareto_fig = self.trend_fig = score_charts.EMPTY
            return
        self.bars = [
            {
                "code": b.code,
                "name": report.labels.get(b.code, b.code),
                "count": str(b.count),
                "cumulative": f"{b.cumulative_pct:.1f}",
            }
            for b in report.bars
        ]
        self.total = sum(b.count for b in report.bars)
        self.first_week, self.last_week = report.mondays[0].isoformat(), report.mondays[-1].isoformat()
        self.pareto_fig, self.trend_fig, self.outlet_name = report.pareto, report.trend, report.outlet_name
        self.figures_lang = lang
