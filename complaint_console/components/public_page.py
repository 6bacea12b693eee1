"""The frame of the customer pages (no login): product name, language switch, title, hint."""

from __future__ import annotations

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.shell import language_switch


def public_page(title_key: str, hint_key: str, *content: rx.Component) -> rx.Component:
    """The whole page is its main landmark (the frame has no navigation of its own)."""
    frame = rx.center(
        rx.vstack(
            rx.hstack(rx.heading(t("app.name"), size="5"), rx.spacer(), language_switch(), width="100%"),
            rx.heading(t(title_key), size="7"),
            rx.text(t(hint_key), color=rx.color("gray", 11)),
            *content,
            spacing="4",
            width="100%",
            max_width="44em",
        ),
        padding="3em 1em",
        background=rx.color("gray", 2),
        min_height="100vh",
    )
    return rx.el.main(frame)
