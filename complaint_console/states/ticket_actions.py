"""What staff do on the ticket page. Every handler re-checks the actor in the service and
writes under the version the page showed, so a stale page gets a conflict, not an overwrite."""

from __future__ import annotations

import reflex as rx

from complaint_console.i18n.catalogue import translate
from complaint_console.services import workflow
from complaint_console.states.offload import with_db
from complaint_console.states.outcome import toast_for
from complaint_console.states.session import SessionState, require_actor
from complaint_console.states.ticket import TicketState


class TicketActionsState(rx.State):
    errors: dict[str, str] = {}
    form_key: int = 0

    async def _run(self, form: dict, step, success_key: str):
        """Run `step(db, actor, number, version)` and show the result; reload the page. A form
        drawn for another ticket than the one shown now (its hidden `ticket` field says which)
        changes nothing."""
        actor = await require_actor(self)
        if actor is None:
            return rx.redirect("/login")
        page = await self.get_state(TicketState)
        number, version = page.detail.get("number", ""), page.version
        lang = (await self.get_state(SessionState)).lang
        if not isinstance(form, dict) or form.get("ticket") != number:
            self.errors, self.form_key = {}, self.form_key + 1  # drawn again, for this ticket
            return rx.toast.warning(translate("ticket.stale_form", lang))
        outcome = await with_db(lambda db: step(db, actor, number, version))
        self.errors = {} if outcome.ok or outcome.conflict else outcome.problems
        if outcome.ok or outcome.conflict:
            self.form_key += 1
            await page._reload_if_showing(number)
        return toast_for(outcome, lang, translate(success_key, lang))

    @rx.event
    async def assign(self, form: dict):
        value = form.get("assignee") or ""
        assignee = int(value) if value.isdigit() else None
        return await self._run(form, lambda db, a, n, v: workflow.assign(db, a, n, assignee, v), "ticket.saved")

    @rx.event
    async def reclassify(self, form: dict):
        severity, category = form.get("severity", ""), form.get("category", "")
        return await self._run(form, lambda db, a, n, v: workflow.reclassify(db, a, n, severity, category, v), "ticket.saved")

    @rx.event
    async def escalate(self, form: dict):
        reason = form.get("reason", "")
        return await self._run(form, lambda db, a, n, v: workflow.escalate(db, a, n, reason, v), "ticket.saved")

    @rx.event
    async def approve(self, form: dict):
        amount = form.get("amount", "")
        return await self._run(form, lambda db, a, n, v: workflow.approve_compensation(db, a, n, amount, v), "ticket.saved")

    @rx.event
    async def answer(self, form: dict):
        text, responsibility = form.get("answer", ""), form.get("responsibility", "")
        step = lambda db, a, n, v: workflow.answer_inquiry(db, a, n, text, responsibility, v)  # noqa: E731
        return await self._run(form, step, "knowledge.answered")

    @rx.event
    async def decline(self, form: dict):
        reason = form.get("reason", "")
        return await self._run(form, lambda db, a, n, v: workflow.decline_compensation(db, a, n, reason, v), "ticket.saved")

    @rx.event
    async def route(self, form: dict):
        code = form.get("outlet", "")
        return await self._run(form, lambda db, a, n, v: workflow.route_to_outlet(db, a, n, code, v), "ticket.saved")

    @rx.event
    async def contact(self, form: dict):
        note = form.get("contact", "")
        return await self._run(form, lambda db, a, n, v: workflow.log_contact(db, a, n, note, v), "ticket.saved")

    @rx.event
    async def comment(self, form: dict):
        text = form.get("comment", "")
        return await self._run(form, lambda db, a, n, v: workflow.comment(db, a, n, text), "ticket.saved")
