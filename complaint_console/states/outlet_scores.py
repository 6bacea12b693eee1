"""/scores/<code>: one outlet's week (HQ, or the outlet's own staff). Every handler re-checks the right and the scope."""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx
from sqlmodel import select

from complaint_console.db import inspection as db_inspection
from complaint_console.db import outlet_scores, score_table
from complaint_console.db import root_causes as root_cause_list
from complaint_console.db.models import Region
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, outlet_scope
from complaint_console.domain.inspection import RESULT_WEEKS
from complaint_console.services import live_scores
from complaint_console.states.offload import with_db
from complaint_console.states.score_view import LIVE
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views import score_charts
from complaint_console.views.formatting import business_time
from complaint_console.views.score_format import num, pct, score_row


class OutletScoreState(rx.State):
    loaded: bool = False
    found: bool = False
    outlet_code: str = ""  # the outlet shown, as the database spells it (the route's `code` is as typed)
    name: str = ""
    region: str = ""
    week: str = ""
    weeks: list[str] = []  # the outlet's frozen weeks, newest first (at most 12)
    latest: dict[str, str] = {}
    live_row: dict[str, str] = {}  # the current week so far (live, partial), with its "not yet due" count
    missed: list[dict[str, str]] = []  # at most one page (db.score_table.PAGE_SIZE)
    missed_total: int = 0
    missed_more: bool = False  # more tickets missed than the page shows
    categories: list[list[str]] = []
    root_causes: list[list[str]] = []
    severities: list[dict[str, str]] = []
    inspection: dict[str, str] = {}  # quality-inspection averages of the last 12 weeks
    inspection_comments: list[dict[str, str]] = []  # the inspectors' comments on the week's sampled tickets (at most 50)
    trend_fig: score_charts.Chart = score_charts.EMPTY
    volume_fig: score_charts.Chart = score_charts.EMPTY
    figures_lang: str = ""  # the language the two figures were drawn in
    region_names: list[str] = ["", ""]  # the outlet's region: [English name, Chinese name]

    @rx.event
    async def follow_language(self):
        """The user switched language: the page is read again, its figures drawn in the new language."""
        if self.found and self.figures_lang and self.figures_lang != (await self.get_state(SessionState)).lang:
            await self._read()

    @rx.event
    async def load(self):
        """on_load: the week the URL names (`?week=2026-11-23`, or `live` for this week so far); else the newest."""
        self.week = self.router.url.query_parameters.get("week", "")[:10]
        await self._read()

    @rx.event
    async def choose_week(self, value: str):
        if value in self.weeks or value == LIVE:
            return rx.redirect(f"/scores/{self.outlet_code}?week={value}")

    async def _read(self) -> None:
        code = self.code
        self.loaded, self.found, self.missed, self.categories, self.root_causes, self.severities = False, False, [], [], [], []
        self.inspection_comments = []
        actor = await require_actor(self, Action.VIEW_SCORES)
        if actor is None:
            self.loaded = True
            return
        lang, chosen, scope, now = (await self.get_state(SessionState)).lang, self.week, outlet_scope(actor), utcnow()

        def read(db) -> dict | None:
            """Everything the page shows of the outlet, in one worker thread."""
            outlet = outlet_scores.outlet_by_code(db, code, scope)
            if outlet is None:
                return None
            frozen = score_table.frozen_weeks(db, limit=12)
            weeks = [w.isoformat() for w in frozen]
            live_week = live_scores.current_week(now)
            if chosen == LIVE:
                week, as_of = live_week, now
            else:
                week, as_of = (date.fromisoformat(chosen) if chosen in weeks else (frozen[0] if frozen else None)), None
            trend = (
                outlet_scores.outlet_trend(db, outlet.id, frozen[0] if as_of else week) if frozen and week else []
            )  # frozen weeks
            live = score_table.score_table(
                db, live_scores.ready(db, score_table.TableQuery(live_week, True, outlet_id=outlet.id), now), size=1
            )[0]
            region = db.exec(select(Region).where(Region.code == outlet.region)).first()
            found = {
                "outlet": outlet,
                "weeks": weeks,
                "week": week,
                "live": live,
                "trend": trend,
                "region": [region.name, region.name_zh] if region else [outlet.region, outlet.region],
            }
            if week:
                found["current"] = (
                    live if as_of else score_table.score_table(db, score_table.TableQuery(week, outlet_id=outlet.id), size=1)[0]
                )
                found["missed"] = outlet_scores.missed_tickets(db, outlet.id, week, now=as_of)
                found["categories"] = outlet_scores.breakdown(db, outlet.id, week, "category", as_of)
                names = root_cause_list.labels(db, lang)  # as HQ's list names them (codes it added have no message key)
                found["root_causes"] = [
                    (names.get(k, k) if k else k, n) for k, n in outlet_scores.breakdown(db, outlet.id, week, "root_cause", as_of)
                ]
                found["severities"] = outlet_scores.sla_by_severity(db, outlet.id, week, as_of)
                found["comments"] = db_inspection.week_comments(db, actor, outlet.id, week)
            since = live_week - timedelta(weeks=RESULT_WEEKS)
            found["inspection"], found["since"] = db_inspection.outlet_results(db, outlet.id, since), since
            found["figures"] = (
                score_charts.plain(score_charts.outlet_trend(trend, lang)),
                score_charts.plain(score_charts.outlet_volume(trend, lang)),
            )
            return found

        found = await with_db(read)
        if found is None:
            self.loaded = True
            return
        outlet, week = found["outlet"], found["week"]
        self.weeks, self.week = found["weeks"], (LIVE if chosen == LIVE else week.isoformat() if week else "")
        self.live_row = score_row(found["live"][0]) if found["live"] else {}
        if week:
            self.latest = score_row(found["current"][0]) if found["current"] else {}
            missed, self.missed_total = found["missed"]
            self.missed_more = self.missed_total > len(missed)
            self.missed = [
                {
                    "number": t.number,
                    "category": t.category,
                    "severity": t.severity,
                    "stage": t.stage,
                    "due": business_time(t.resolution_due_at),
                    "resolved": business_time(t.resolved_at),
                    "responded": business_time(t.first_response_at),
                }
                for t in missed
            ]
            self.categories = [[k, str(n)] for k, n in found["categories"]]
            self.root_causes = [[k, str(n)] for k, n in found["root_causes"]]
            self.severities = [
                {"severity": s, "cohort": str(n), "on_time": str(k), "compliance": pct(k / n if n else None)}
                for s, n, k in found["severities"]
            ]
        self.inspection_comments = [
            {
                "number": c.number,
                "reviewer": c.reviewer,
                "comment": c.comment,
                "overall": num(c.overall),
                "at": business_time(c.reviewed_at),
            }
            for c in found.get("comments", [])
        ]
        result = found["inspection"]
        self.inspection = {d: num(v) for d, v in result.averages.items()} | {
            "overall": num(result.overall),
            "reviewed": str(result.reviewed),
            "since": found["since"].isoformat(),
        }
        self.outlet_code, self.name, self.region, self.region_names = outlet.code, outlet.name, outlet.region, found["region"]
        self.trend_fig, self.volume_fig = found["figures"]
        self.figures_lang = lang
        self.found = self.loaded = True
