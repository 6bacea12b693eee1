"""The staff intake form: every field checked by the shared intake rules, messages per field."""

from __future__ import annotations

import reflex as rx

from complaint_console.domain.access import Action
from complaint_console.domain.intake import ComplaintInput
from complaint_console.services import intake
from complaint_console.states.offload import with_db
from complaint_console.states.session import require_actor

FIELDS = ("waybill_no", "customer_name", "customer_phone", "customer_email", "channel", "category", "severity", "district",
          "description")  # fmt: skip


class IntakeState(rx.State):
    errors: dict[str, str] = {}
    recorded: str = ""
    answer: str = ""  # an inquiry's instant answer, to read out to the caller
    form_key: int = 0  # bumped to give the next complaint an empty form

    @rx.event
    async def submit(self, form: dict):
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None:
            self.errors = {"*": "move.forbidden"}
            return
        values = {name: str(form.get(name) or "") for name in FIELDS}
        values["severity"] = "" if values["severity"] == "auto" else values["severity"]
        result = await with_db(lambda db: intake.record(db, actor, ComplaintInput(**values)))
        self.errors, self.recorded, self.answer = result.errors, result.number or "", result.answer

    @rx.event
    def another(self):
        self.errors, self.recorded, self.answer = {}, "", ""
        self.form_key += 1
