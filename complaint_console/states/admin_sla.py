"""hq_admin: SLA policy versions and HQ's calendar days. Every handler re-checks ADMINISTER."""

from __future__ import annotations

import uuid
from datetime import date

import reflex as rx

from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.domain.sla import DEFAULT_TARGETS, PolicyRow
from complaint_console.domain.vocabulary import Severity
from complaint_console.services import sla as sla_service
from complaint_console.states.offload import with_db
from complaint_console.states.session import require_actor
from complaint_console.views.formatting import business_time


def _minutes(text: str) -> int:
    """A form value as whole minutes; anything else becomes 0, which validation refuses."""
    try:
        return int(str(text).strip())
    except ValueError:
        return 0


class AdminSlaState(rx.State):
    defaults: list[dict[str, str]] = []
    overrides: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    saved_at: str = ""
    versions: list[dict[str, str]] = []
    missing_years: list[int] = []
    days: list[dict[str, str]] = []
    day_error: str = ""

    @rx.event
    async def load(self):
        # Navigation is the page guard's job; without the right, this just loads nothing.
        if await require_actor(self, Action.ADMINISTER) is None:
            self.defaults, self.overrides, self.versions, self.days = [], [], [], []
            return
        self.errors, self.saved_at, self.day_error = {}, "", ""
        await self._read()

    async def _read(self) -> None:
        now = utcnow()

        def read(db):
            return (
                sla_service.policy_version(db, now)[1],
                sla_service.policy_history(db),
                sla_service.holiday_data_warnings(db, now),
                sla_service.calendar_days(db),
            )

        rows, history, self.missing_years, days = await with_db(read)
        self.days = [{"day": d.day.isoformat(), "kind": d.kind, "note": d.note} for d in days]
        by_severity = {r.severity: r for r in rows if r.category is None}
        self.defaults = []
        for severity in Severity:
            target = by_severity.get(severity.value) or DEFAULT_TARGETS[severity]
            self.defaults.append(
                {
                    "severity": severity.value,
                    "response": str(target.response_minutes),
                    "resolution": str(target.resolution_minutes),
                }
            )
        self.overrides = [
            {
                "id": uuid.uuid4().hex[:8],
                "severity": r.severity,
                "category": r.category or "",
                "response": str(r.response_minutes),
                "resolution": str(r.resolution_minutes),
            }
            for r in rows
            if r.category is not None
        ]
        self.versions = [
            {"valid_from": business_time(v.valid_from), "saved_by": v.saved_by or "—", "rows": str(len(v.rows))} for v in history
        ]

    @rx.event
    async def add_override(self):
        if await require_actor(self, Action.ADMINISTER) is None:
            return
        new_row = {"id": uuid.uuid4().hex[:8], "severity": "general", "category": "delay", "response": "", "resolution": ""}
        self.overrides.append(new_row)

    @rx.event
    async def remove_override(self, row_id: str):
        if await require_actor(self, Action.ADMINISTER) is None:
            return
        self.overrides = [row for row in self.overrides if row["id"] != row_id]

    def _keep_form(self, form: dict) -> None:
        """Take the typed values into the rows, so a refused save keeps everything typed."""
        for row in self.defaults:
            for field in ("response", "resolution"):
                row[field] = form.get(f"d.{row['severity']}.{field}", row[field])
        for row in self.overrides:
            for field in ("severity", "category", "response", "resolution"):
                row[field] = form.get(f"o.{row['id']}.{field}", row[field])

    @rx.event
    async def save(self, form: dict):
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None:
            return
        self._keep_form(form)
        rows = [PolicyRow(r["severity"], None, _minutes(r["response"]), _minutes(r["resolution"])) for r in self.defaults]
        rows += [
            PolicyRow(r["severity"], r["category"] or None, _minutes(r["response"]), _minutes(r["resolution"]))
            for r in self.overrides
        ]
        self.errors = await with_db(lambda db: sla_service.save_policy_version(db, actor, rows))
        if not self.errors:
            await self._read()
            self.saved_at = self.versions[0]["valid_from"] if self.versions else ""

    @rx.event
    async def add_day(self, form: dict):
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None:
            return
        try:
            day = date.fromisoformat(form.get("day", ""))
        except ValueError:
            self.day_error = "calendar.error_date"
            return
        kind, note = form.get("kind") or None, form.get("note", "")
        self.day_error = await with_db(lambda db: sla_service.set_calendar_day(db, actor, day, kind, note)) or ""
        await self._read()

    @rx.event
    async def remove_day(self, day: str):
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None:
            return
        await with_db(lambda db: sla_service.set_calendar_day(db, actor, date.fromisoformat(day), None))
        await self._read()
