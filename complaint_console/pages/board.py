"""/board: the outlet's kanban."""

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import empty_state, page_title
from complaint_console.states.board import BoardState


@app_page("/board", "Board", on_load=[BoardState.load])
def board() -> rx.Component:
    return rx.vstack(
        page_title("board.title"),
        rx.card(
            rx.hstack(
                rx.text(t("board.open_in_scope")), rx.heading(BoardState.open_count, size="6", id="open-count"), align="center"
            ),
        ),
        empty_state("kanban", "board.empty"),
        spacing="4",
        width="100%",
    )
