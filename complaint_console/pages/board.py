"""/board: the kanban of an outlet (HQ: any outlet, or the network's breached tickets)."""

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.kanban import kanban_board
from complaint_console.components.move_dialog import move_dialog
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import announcement, field_error, page_title
from complaint_console.domain.vocabulary import Category, Severity
from complaint_console.states.board import BoardState
from complaint_console.states.board_assign import BoardAssignState
from complaint_console.states.board_move import MoveState


def _filter(name: str, label_key: str, value: rx.Var, items: list[tuple[str, rx.Var]], extra=None) -> rx.Component:
    return rx.vstack(
        rx.text(t(label_key), size="1", color=rx.color("gray", 11)),
        rx.select.root(
            rx.select.trigger(width="11em", id=f"filter-{name}", aria_label=t(label_key)),
            rx.select.content(
                rx.select.item(t("board.all"), value="all"),
                *[rx.select.item(label, value=v) for v, label in items],
                *(extra or []),
            ),
            value=rx.cond(value == "", "all", value),
            on_change=lambda v: BoardState.set_filter(name, v),
        ),
        spacing="1",
    )


def _items(values, prefix: str) -> list[tuple[str, rx.Var]]:
    return [(v.value, t(prefix + v.value)) for v in values]


def _filters() -> rx.Component:
    staff = rx.foreach(BoardState.staff, lambda p: rx.select.item(p[1], value=p[0]))
    return rx.hstack(
        _filter(
            "assignee",
            "board.filter_assignee",
            BoardState.assignee,
            [("mine", t("board.mine")), ("none", t("board.unassigned"))],
            [staff],
        ),
        _filter(
            "category", "board.filter_category", BoardState.category, [(c.value, t(f"category.{c.value}")) for c in Category]
        ),
        _filter(
            "severity", "board.filter_severity", BoardState.severity, [(s.value, t(f"severity.{s.value}")) for s in Severity]
        ),
        _filter("sla", "board.filter_sla", BoardState.sla, [(k, t(f"board.sla_{k}")) for k in ("breached", "paused", "running")]),
        rx.form(
            rx.hstack(
                rx.input(
                    name="search", placeholder=t("board.search"), default_value=BoardState.search, width="22em", id="board-search"
                ),
                rx.button(rx.icon("search", size=14), t("board.search_button"), type="submit", variant="soft"),
            ),
            on_submit=BoardState.apply_search,
            reset_on_submit=False,
        ),
        rx.button(t("board.clear"), on_click=BoardState.clear_filters, variant="ghost"),
        align="end",
        wrap="wrap",
        spacing="3",
    )


def _queue_button(queue: str, label_key: str, color: str) -> rx.Component:
    chosen = BoardState.network & (BoardState.queue == queue)
    return rx.button(
        t(label_key),
        type="button",
        variant=rx.cond(chosen, "solid", "outline"),
        color_scheme=color,
        on_click=BoardState.show_queue(queue),
        id=f"queue-{queue}",
    )


def _outlet_picker() -> rx.Component:
    return rx.cond(
        BoardState.is_hq,
        rx.form(
            rx.hstack(
                rx.input(
                    name="outlet",
                    placeholder=t("board.outlet"),
                    default_value=BoardState.outlet_code,
                    width="10em",
                    id="board-outlet",
                ),
                rx.button(t("board.open_outlet"), type="submit", variant="outline"),
                field_error(BoardState.outlet_error),
                _queue_button("breached", "board.queue_breached", "red"),
                _queue_button("triage", "board.queue_triage", "amber"),
                align="center",
            ),
            on_submit=BoardState.open_outlet,
            reset_on_submit=False,
        ),
    )


def _bulk_report() -> rx.Component:
    """What the last bulk action did: how many went through, and each refused ticket with the reason."""
    return rx.cond(
        BoardAssignState.report_title != "",
        rx.callout.root(
            rx.callout.text(rx.text.strong(BoardAssignState.report_title)),
            rx.foreach(BoardAssignState.report, lambda line: rx.callout.text(line, class_name="bulk-refused")),
            rx.button(t("board.bulk_dismiss"), size="1", variant="ghost", on_click=BoardAssignState.dismiss),
            id="bulk-report",
            role="status",
            color="amber",
            size="1",
        ),
    )


@app_page("/board", "board.title", on_load=[BoardState.load])
def board() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            page_title("board.title"),
            rx.badge(t("board.open_in_scope"), ": ", rx.text.strong(BoardState.open_count, id="open-count"), size="2"),
            align="baseline",
            spacing="4",
        ),
        _outlet_picker(),
        _filters(),
        kanban_board(
            BoardState.columns,
            BoardState.patch,
            MoveState.request,
            BoardState.show_more,
            BoardState.keep_live,
            {
                "staff": BoardState.staff,
                "can_assign": BoardState.can_assign,
                "on_assign": BoardAssignState.assign,
                "on_bulk": BoardAssignState.bulk,
            },
        ),
        _bulk_report(),
        move_dialog(),
        announcement(MoveState.announcement, "move-announcement"),
        spacing="3",
        width="100%",
    )
