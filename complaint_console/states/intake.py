"""The staff intake form: every field checked by the shared intake rules, messages per field."""

from __future__ import annotations

import reflex as rx

from complaint_console.db.models import Outlet
from complaint_console.domain.access import Action, sees_outlet
from complaint_console.domain.intake import ComplaintInput
from complaint_console.services import intake
from complaint_console.states.offload import with_db
from complaint_console.states.session import require_actor

FIELDS = (
    "waybill_no",
    "customer_name",
    "customer_phone",
    "customer_email",
    "channel",
    "category",
    "severity",
    "district",
    "description",
)


class IntakeState(rx.State):
    errors: dict[str, str] = {}
    recorded: str = ""
    answer: str = ""  # an inquiry's instant answer, to read out to the caller
    went_to: str = ""  # the outlet it was routed to ("SOUTH-001 Guangzhou Tianhe"), empty for HQ triage
    routed_by: str = ""  # domain.intake.RoutedBy: why it went there
    can_open: bool = False  # the recorder may open the ticket (not when it went to another outlet)
    form_key: int = 0  # bumped to give the next complaint an empty form

    @rx.event
    async def submit(self, form: dict):
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None:
            self.errors = {"*": "move.forbidden"}
            return
        values = {name: str(form.get(name) or "") for name in FIELDS}
        values["severity"] = "" if values["severity"] == "auto" else values["severity"]

        def record(db):
            result = intake.record(db, actor, ComplaintInput(**values))
            outlet = db.get(Outlet, result.ticket.outlet_id) if result.ticket and result.ticket.outlet_id else None
            where = result.ticket.outlet_id if result.ticket else None
            return result, f"{outlet.code} {outlet.name}" if outlet else "", sees_outlet(actor, where)

        result, self.went_to, self.can_open = await with_db(record)
        self.errors, self.recorded, self.answer, self.routed_by = (
            result.errors,
            result.number or "",
            result.answer,
            result.routed_by,
        )

    @rx.event
    def another(self):
        self.errors, self.recorded, self.answer, self.went_to, self.routed_by, self.can_open = {}, "", "", "", "", False
        self.form_key += 1
