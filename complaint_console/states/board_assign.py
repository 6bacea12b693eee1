"""Assigning from a card, and the board's bulk actions (assign or move the selected cards).

The server decides each ticket on its own: its version (a card changed meanwhile is a conflict,
nothing is overwritten), its outlet, and the rules of the move or the assignment; what was refused
is reported ticket by ticket."""

from __future__ import annotations

import reflex as rx

from complaint_console.domain.access import Action, Actor
from complaint_console.domain.stages import MoveFields
from complaint_console.domain.vocabulary import Stage
from complaint_console.i18n.catalogue import translate
from complaint_console.services import workflow
from complaint_console.services.workflow import Outcome
from complaint_console.states.board import BoardState
from complaint_console.states.board_view import MAX_CARDS
from complaint_console.states.offload import with_db
from complaint_console.states.outcome import conflict_text, toast_for
from complaint_console.states.session import SessionState, require_actor

ACTIONS = ("assign", "move")


def _assignee(value: str) -> int | None:
    """A staff id from the board ("none": nobody)."""
    return int(value) if str(value).isdigit() else None


def _pair(item) -> tuple[str, int] | None:
    try:
        number, version = item
    except (TypeError, ValueError):
        return None
    return (str(number), int(version)) if str(version).isdigit() else None


def _pairs(items) -> list[tuple[str, int]]:
    """(number, version) of each selected card as the browser sends them; anything else is dropped."""
    pairs = [p for p in map(_pair, items if isinstance(items, list) else []) if p is not None]
    return list(dict(pairs).items())[:MAX_CARDS]


def _run(actor: Actor, action: str, value: str, pairs: list[tuple[str, int]]):
    """What runs the bulk action in a worker thread: one workflow step per ticket, each committed alone."""

    def run(db) -> list[tuple[str, Outcome]]:
        if action == "assign":
            return [(n, workflow.assign(db, actor, n, _assignee(value), v)) for n, v in pairs]
        return [(n, workflow.move(db, actor, n, Stage(value), v, MoveFields())) for n, v in pairs]

    return run


def _why(outcome: Outcome, lang: str) -> str:
    if outcome.conflict is not None:
        return conflict_text(outcome, lang)
    return translate(next(iter(outcome.problems.values()), "move.not_allowed"), lang)


class BoardAssignState(rx.State):
    report: list[str] = []  # the last bulk action, ticket by ticket what was refused (role="status")
    report_title: str = ""

    @rx.event
    async def assign(self, number: str, version: int, assignee: str):
        """The card's "Assign" control: the server checks the permission, the outlet and the version."""
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None or not str(version).isdigit() or not isinstance(number, str):
            return
        outcome = await with_db(lambda db: workflow.assign(db, actor, number, _assignee(assignee), int(version)))
        await (await self.get_state(BoardState)).moved(actor, number)
        lang = (await self.get_state(SessionState)).lang
        return toast_for(outcome, lang, translate("board.assigned", lang).format(number=number))

    @rx.event
    async def bulk(self, items: list, action: str, value: str):
        """The bulk bar: assign the selected cards to someone, or move them to a stage."""
        actor = await require_actor(self, Action.WORK_TICKETS)
        pairs = _pairs(items)
        if actor is None or action not in ACTIONS or not pairs:
            return
        if action == "move" and value not in Stage.__members__.values():
            return
        results = await with_db(_run(actor, action, str(value), pairs))
        lang = (await self.get_state(SessionState)).lang
        refused = [(n, o) for n, o in results if not o.ok]
        self.report_title = translate("board.bulk_report", lang).format(done=len(results) - len(refused), refused=len(refused))
        self.report = [f"{n}: {_why(o, lang)}" for n, o in refused]
        numbers = [n for n, _ in results]
        board = await self.get_state(BoardState)
        await board._send_changes(actor, numbers, settled=numbers)
        if refused:
            return rx.toast.warning(self.report_title, description="\n".join(self.report), id="bulk-report")
        return rx.toast.success(self.report_title, id="bulk-report")

    @rx.event
    def dismiss(self):
        self.report, self.report_title = [], ""
