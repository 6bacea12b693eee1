"""/reports and /reports/<week>: the weekly review reports (VIEW_REPORTS, re-checked in every handler)."""

from __future__ import annotations

from datetime import date

import reflex as rx

from complaint_console.db import score_table
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.domain.scores import direction, score_text
from complaint_console.services import reports
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views import score_charts
from complaint_console.views.score_format import pct, score_row


def _week_of(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class ReportsState(rx.State):
    items: list[dict[str, str]] = []  # at most 60

    @rx.event
    async def load(self):
        self.items = []
        if await require_actor(self, Action.VIEW_REPORTS) is None:
            return
        weeks = await with_db(reports.report_weeks)
        self.items = [
            {
                "week": w.isoformat(),
                "score": "—" if (s.get("network") or {}).get("score") is None else score_text(s["network"]["score"]),
                "outlets": str(s.get("outlets", 0)),
                "ranked": str(s.get("ranked", 0)),
                "warnings": str(len(s.get("warnings") or [])),
            }
            for w, s in weeks
        ]


class ReportState(rx.State):
    loaded: bool = False
    found: bool = False
    week: str = ""
    totals: list[dict[str, str]] = []
    best: list[dict[str, str]] = []
    worst: list[dict[str, str]] = []
    risers: list[dict[str, str]] = []
    fallers: list[dict[str, str]] = []
    warnings: list[dict[str, str]] = []
    cases: list[dict[str, str]] = []
    sla_fig: score_charts.Chart = score_charts.EMPTY
    category_fig: score_charts.Chart = score_charts.EMPTY
    channel_fig: score_charts.Chart = score_charts.EMPTY
    figures_lang: str = ""  # the language the charts were drawn in

    @rx.event
    async def follow_language(self):
        """The user switched language: the report is read again, its charts drawn in the new language."""
        if self.found and self.figures_lang and self.figures_lang != (await self.get_state(SessionState)).lang:
            return ReportState.load

    async def _report(self):
        if await require_actor(self, Action.VIEW_REPORTS) is None:
            return None, None
        week = _week_of(self.report_week)  # the route's [report_week]
        if week is None:
            return None, None
        lang = (await self.get_state(SessionState)).lang
        return week, lang

    @rx.event
    async def load(self):
        self.loaded = self.found = False
        self.totals, self.best, self.worst, self.risers, self.fallers, self.warnings = [], [], [], [], [], []
        self.cases = []
        week, lang = await self._report()
        report = None
        if week is not None:

            def read(db):
                found = reports.load_report(db, week, utcnow())
                if found is None:
                    return None, None
                q = score_table.TableQuery(week)
                figures = (
                    score_charts.sla_compliance(reports.sla_compliance(db, week), lang),
                    score_charts.category_share(score_table.shares(db, q, "category"), lang),
                    score_charts.channel_distribution(score_table.shares(db, q, "channel"), lang),
                )
                return found, tuple(map(score_charts.plain, figures))

            report, figures = await with_db(read)
            if figures is not None:
                self.sla_fig, self.category_fig, self.channel_fig = figures
                self.figures_lang = lang
        self.loaded = True
        if report is None:
            return
        self.found, self.week = True, week.isoformat()
        for key in reports.METRICS:
            value, delta = report.network(key), report.change(key)
            points = delta if key == "score" or delta is None else 100 * delta  # rates change in percentage points
            if key == "score":
                shown, moved = score_text(value), ("—" if delta is None else f"{delta:+.1f}")
            else:
                shown, moved = pct(value), ("—" if delta is None else f"{points:+.1f} pp")
            self.totals.append({"key": key, "value": shown, "change": moved, "direction": direction(points)})
        for key in ("cohort_size", "received_count", "repeat_count"):
            delta = report.total_change(key)
            self.totals.append(
                {
                    "key": key,
                    "value": str(report.total(key)),
                    "change": "—" if delta is None else f"{delta:+d}",
                    "direction": direction(delta),
                }
            )
        if report.per_10k is not None:  # only where volumes were imported
            self.totals.append({"key": "per_10k", "value": f"{report.per_10k:.2f}", "change": "—", "direction": ""})
        self.best = [score_row(r) for r in report.best]
        self.worst = [score_row(r) for r in report.worst]
        self.risers = [score_row(r) for r in report.risers]
        self.fallers = [score_row(r) for r in report.fallers]
        self.warnings = [score_row(r) for r in report.warnings]
        self.cases = [{"number": c.number, "title": c.title, "practice": c.practice} for c in report.cases]

    @rx.event
    async def download(self, fmt: str):
        week, lang = await self._report()
        if week is None or fmt not in ("xlsx", "pdf"):
            return
        now = utcnow()

        def build(db):
            report = reports.load_report(db, week, now)
            if report is None:
                return None
            return reports.report_xlsx(db, report, now, lang) if fmt == "xlsx" else reports.report_pdf(db, report, now, lang)

        data = await with_db(build)
        if data is None:
            return
        return rx.download(data=data, filename=f"weekly-report-{week.isoformat()}.{fmt}")
