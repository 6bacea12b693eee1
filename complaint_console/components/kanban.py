"""The kanban board: a local React component (kanban.jsx) built on the maintained
@dnd-kit/core drag-and-drop library, wrapped for Reflex. The server decides every move: the board
places a moved card at once and the server's answer (a patch) puts it where it really is."""

from __future__ import annotations

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.sla_badge import badge_labels
from complaint_console.i18n import en
from complaint_console.states.live import HEARTBEAT_MS

# Names the cards show by key, so a language switch re-labels the board without a reload.
_NAME_PREFIXES = ("stage.", "category.", "severity.", "card.")

# The card's assign control and the bulk bar: label name in kanban.jsx -> message key.
_TOOL_LABELS = {
    "assign": "board.assign",
    "assignList": "board.assign_list",
    "assignNobody": "board.assign_nobody",
    "selectCard": "board.select_card",
    "selected": "board.selected",
    "bulkAssign": "board.bulk_assign",
    "bulkMove": "board.bulk_move",
    "bulkApplyAssign": "board.bulk_apply_assign",
    "bulkApplyMove": "board.bulk_apply_move",
    "bulkClear": "board.bulk_clear",
}

_LIBRARY = rx.asset("kanban.jsx", shared=True).importable_path


class KanbanBoard(rx.Component):
    library = _LIBRARY
    tag = "KanbanBoard"
    lib_dependencies: list[str] = ["@dnd-kit/core@6.3.1"]

    columns: rx.Var[list[dict]]
    patch: rx.Var[dict]
    labels: rx.Var[dict]
    on_move: rx.EventHandler[lambda number, version, stage: [number, version, stage]]
    on_show_more: rx.EventHandler[lambda stage: [stage]]
    on_keep_live: rx.EventHandler[rx.event.no_args_event_spec]
    heartbeat_ms: rx.Var[int]
    staff: rx.Var[list[list[str]]]
    can_assign: rx.Var[bool]
    on_assign: rx.EventHandler[lambda number, version, assignee: [number, version, assignee]]
    on_bulk: rx.EventHandler[lambda items, action, value: [items, action, value]]


def kanban_board(columns: rx.Var, patch: rx.Var, on_move, on_show_more, on_keep_live, tools: dict) -> rx.Component:
    """`tools`: the card's assign control and the bulk bar (staff, can_assign, on_assign, on_bulk)."""
    labels = {
        "moveTo": t("board.move_to"),
        "showMore": t("board.show_more"),
        "unassigned": t("ticket.unassigned"),
        "age": t("card.age"),
        "drag": t("board.drag"),
        "moveMenu": t("board.move_menu"),
        "moving": t("board.moving"),
        "dropHere": t("board.drop_here"),
        "unreachable": t("board.unreachable"),
        "notAllowed": t("move.not_allowed"),
        "unanswered": t("board.unanswered"),
        "waybill": t("ticket.waybill"),
        "stages": t("board.stages"),
        **{name: t(key) for name, key in _TOOL_LABELS.items()},
        "dnd": {key: t(f"board.dnd_{key}") for key in ("instructions", "picked", "over", "dropped", "cancelled")},
        "sla": badge_labels(),
        "names": {key: t(key) for key in en.MESSAGES if key.startswith(_NAME_PREFIXES)},
    }
    return KanbanBoard.create(
        columns=columns,
        patch=patch,
        labels=labels,
        on_move=on_move,
        on_show_more=on_show_more,
        on_keep_live=on_keep_live,
        heartbeat_ms=HEARTBEAT_MS,
        **tools,
    )
