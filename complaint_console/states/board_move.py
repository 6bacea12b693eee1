"""Moving a card: from a drop or the "Move to…" menu. Moves that need fields open a form;
refusals and conflicts come back as a message, and the board shows the server's truth."""

from __future__ import annotations

import reflex as rx

from complaint_console.db import root_causes as root_cause_list
from complaint_console.domain.access import Action, Actor
from complaint_console.domain.stages import MoveFields
from complaint_console.domain.vocabulary import Stage
from complaint_console.i18n.catalogue import translate
from complaint_console.services import workflow
from complaint_console.services.workflow import Outcome
from complaint_console.states.board import BoardState
from complaint_console.states.offload import with_db
from complaint_console.states.outcome import toast_for
from complaint_console.states.session import SessionState, require_actor, with_actor
from complaint_console.states.ticket import TicketState

FIELDS = ("resolution_summary", "responsibility", "compensation", "root_cause", "root_cause_note", "reason", "note")


class MoveState(rx.State):
    open: bool = False
    number: str = ""
    version: int = 0
    target: str = ""
    fields: list[str] = []
    errors: dict[str, str] = {}
    approval_amount: str = ""  # set when the amount needs HQ: the form offers to ask for it
    prefill: dict[str, str] = {}  # what the form starts with (after HQ approved: the amount and summary asked for)
    limit_note: str = ""  # "Compensation above ¥500 needs HQ approval" (the outlet's limit), in the resolve form
    root_causes: list[list[str]] = []  # the close form's choices: [code, English name, Chinese name] of HQ's active list
    announcement: str = ""  # the last move that went through, for screen readers (role="status")
    _approval_note: str = ""

    @rx.event
    async def request(self, number: str, version: int, stage: str):
        board = await self.get_state(BoardState)
        if stage not in Stage.__members__.values() or not str(version).isdigit():
            board.settle(number)
            return  # not something the board sends: nothing to do
        target = Stage(stage)
        read_patch = board._patch_reader([number])

        def move_unless_it_needs_fields(db, actor: Actor):
            """(fields, resolve form, None): the form is needed; ([], outcome, patch): moved or refused, and the
            board's patch read right after (the session, one read of the ticket, the move and the patch:
            one trip to a worker thread and the database for a plain move)."""
            needed, outcome, form = workflow.move_or_ask(db, actor, number, target, int(version))
            if needed:
                choices = root_cause_list.list_categories(db, active_only=True) if "root_cause" in needed else []
                return needed, form, [[c.code, c.name_en, c.name_zh] for c in choices]
            return [], outcome, (read_patch(db, actor) if read_patch else None)

        actor, found = await with_actor(self, Action.WORK_TICKETS, move_unless_it_needs_fields)
        if actor is None:
            board.settle(number)
            return
        needed, outcome, patch = found  # when the form is needed: (fields, resolve form, root-cause choices)
        if not needed and outcome is not None and outcome.problems.get("ticket") == "ticket.not_found":
            board.settle(number)
            return await self._say("ticket.not_found")
        if needed:
            board.settle(number)
            self.open, self.number, self.version, self.target = True, number, int(version), stage
            self.fields, self.errors, self.approval_amount, self.root_causes = needed, {}, "", patch
            await self._prefill(outcome)
            return
        if read_patch:
            board._apply(patch, settled=[number])
        return await self._moved(actor, number, target, MoveFields(), outcome, board_done=read_patch is not None)

    async def _prefill(self, resolve_form) -> None:
        """The resolve form's limit and starting values (`workflow.resolve_form`; None: no such fields)."""
        self.prefill, self.limit_note = {}, ""
        if resolve_form is not None:
            limit, self.prefill = resolve_form
            lang = (await self.get_state(SessionState)).lang
            self.limit_note = translate("move.limit_note", lang).format(limit=format(limit.normalize(), "f"))

    @rx.event
    async def submit(self, form: dict):
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None or not self.open or not isinstance(form, dict):
            return  # no move form is open (or a hand-made event): nothing to submit
        fields = MoveFields(**{name: str(form.get(name) or "") for name in FIELDS})
        return await self._move(actor, self.number, self.version, Stage(self.target), fields)

    @rx.event
    async def ask_approval(self):
        """From the resolve form: the amount is above the outlet's limit, so ask HQ for it."""
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None or not self.approval_amount:
            return
        number, amount, note, version = self.number, self.approval_amount, self._approval_note, self.version
        outcome = await with_db(lambda db: workflow.request_approval(db, actor, number, amount, note, version))
        lang = (await self.get_state(SessionState)).lang
        if not outcome.ok and outcome.conflict is None:
            self.errors = outcome.problems
            return
        self.open, self.errors, self.approval_amount = False, {}, ""
        await (await self.get_state(BoardState)).moved(actor, number)
        await (await self.get_state(TicketState))._reload_if_showing(number)
        return toast_for(outcome, lang, translate("approval.sent", lang))

    @rx.event
    def forget_error(self, name: str):
        """The user changed a field the server refused: its message goes until the next submit."""
        self.errors = {k: v for k, v in self.errors.items() if k != name}

    @rx.event
    def cancel(self):
        self.open, self.errors, self.approval_amount = False, {}, ""

    async def _move(self, actor: Actor, number: str, version: int, target: Stage, fields: MoveFields):
        outcome = await with_db(lambda db: workflow.move(db, actor, number, target, version, fields))
        return await self._moved(actor, number, target, fields, outcome)

    async def _moved(
        self, actor: Actor, number: str, target: Stage, fields: MoveFields, outcome: Outcome, board_done: bool = False
    ):
        """After a move went through or was refused: the form, the card, an open ticket page, and what to say.
        A move that went through is announced to screen readers only: the card itself shows it; a refusal
        is a toast (the toaster is a polite live region too)."""
        lang = (await self.get_state(SessionState)).lang
        if not outcome.ok and outcome.conflict is None and self.open and set(outcome.problems) & set(self.fields):
            self.errors = outcome.problems  # shown next to the fields; the form stays open
            asks = outcome.problems.get("compensation") == "move.approval_required"
            self.approval_amount = fields.compensation.strip() if asks else ""
            self._approval_note = fields.resolution_summary if asks else ""
            return
        self.open, self.errors, self.approval_amount = False, {}, ""
        if not board_done:
            await (await self.get_state(BoardState)).moved(actor, number)
        await (await self.get_state(TicketState))._reload_if_showing(number)
        if outcome.ok:
            self.announcement = translate("move.done", lang).format(number=number, stage=translate(f"stage.{target.value}", lang))
            return
        return toast_for(outcome, lang, "")

    async def _say(self, key: str):
        lang = (await self.get_state(SessionState)).lang
        return rx.toast.error(translate(key, lang))
