"""/inspection-results: every review of a week's samples and how the inspectors agree.

HQ and the training lead (READ_INSPECTION); every handler re-checks the right. At most 50
tickets are held; the agreement figures are computed over the whole week in db/inspection.
"""

from __future__ import annotations

from datetime import date

import reflex as rx

from complaint_console.db import inspection as db_insp
from complaint_console.domain.access import Action
from complaint_console.domain.inspection import AGREE_WITHIN, RUBRIC
from complaint_console.states.offload import with_db
from complaint_console.states.session import require_actor
from complaint_console.views.score_format import num, pct

SHOWN = 50


class CalibrationState(rx.State):
    """The week picker, the agreement per dimension and overall, and the reviewed tickets."""

    loaded: bool = False
    weeks: list[str] = []
    week: str = ""
    figures: dict[str, str] = {}  # reviewed, doubled, overall, and per dimension: agree rate and mean difference
    rows: list[dict[str, str]] = []  # per ticket: a "review" row per inspector, then a "diff" row if doubled

    @rx.event
    async def load(self):
        self.loaded = False
        actor = await require_actor(self, Action.READ_INSPECTION)
        if actor is None:
            self.weeks, self.rows, self.figures, self.loaded = [], [], {}, True
            return
        wanted = self.router.url.query_parameters.get("week", "")[:10] or self.week
        weeks = await with_db(lambda db: db_insp.review_weeks(db, actor))
        self.weeks = [w.isoformat() for w in weeks]
        self.week = wanted if wanted in self.weeks else (self.weeks[0] if self.weeks else "")
        await self._read(actor)
        self.loaded = True

    @rx.event
    async def choose_week(self, value: str):
        actor = await require_actor(self, Action.READ_INSPECTION)
        if actor is None or value not in self.weeks:
            return
        self.week = value
        await self._read(actor)

    async def _read(self, actor) -> None:
        if not self.week:
            self.rows, self.figures = [], {}
            return
        week = date.fromisoformat(self.week)
        c = await with_db(lambda db: db_insp.calibration(db, actor, week, SHOWN))
        if c is None:
            self.rows, self.figures = [], {}
            return
        a = c.agreement
        self.figures = {
            "reviewed": str(c.reviewed),
            "doubled": str(c.doubled),
            "overall": pct(a.rate()),
            "within": str(AGREE_WITHIN),
            **{f"rate_{d}": pct(a.rate(d)) for d in RUBRIC},
            **{f"diff_{d}": num(a.mean_diff[d]) for d in RUBRIC},
        }
        rows: list[dict[str, str]] = []
        for t in c.tickets:
            head = {"number": t.number, "outlet": t.outlet_code}
            for r in t.reviews:
                scores = {d: str(r.scores[d]) for d in RUBRIC}
                rows.append(
                    head | scores | {"kind": "review", "reviewer": r.reviewer, "overall": num(r.overall), "comment": r.comment}
                )
            if t.diffs is not None:
                diffs = {d: str(v) for d, v in t.diffs.items()}
                rows.append(head | diffs | {"kind": "diff", "reviewer": "", "overall": "", "comment": ""})
        self.rows = rows
