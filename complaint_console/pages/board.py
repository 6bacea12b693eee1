"""/board: the outlet's open tickets, nearest due first, with live SLA badges."""

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.shell import app_page
from complaint_console.components.ticket_card import ticket_card
from complaint_console.components.widgets import page_title
from complaint_console.states.board import BoardState


@app_page("/board", "board.title", on_load=[BoardState.load])
def board() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            page_title("board.title"),
            rx.badge(t("board.open_in_scope"), ": ", rx.text.strong(BoardState.open_count, id="open-count"), size="2"),
            align="baseline",
            spacing="4",
        ),
        rx.heading(t("board.nearest_due"), size="3"),
        rx.cond(
            BoardState.cards.length() > 0,
            rx.vstack(rx.foreach(BoardState.cards, ticket_card), spacing="2", width="100%", id="open-cards"),
            rx.text(t("board.none_open"), color=rx.color("gray", 11)),
        ),
        rx.cond(BoardState.has_more, rx.button(t("board.show_more"), on_click=BoardState.show_more, variant="soft")),
        rx.heading(t("board.recently_resolved"), size="3", margin_top="1em"),
        rx.vstack(rx.foreach(BoardState.resolved, ticket_card), spacing="2", width="100%", id="resolved-cards"),
        spacing="3",
        width="100%",
    )
