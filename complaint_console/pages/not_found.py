"""The page for an address the app does not have: in the reader's language, with a way back."""

import reflex as rx

from complaint_console.components.i18n import page_title_text, t
from complaint_console.components.public_page import public_page
from complaint_console.states.session import SessionState


@rx.page(route="404", title=page_title_text("not_found.title"), on_load=SessionState.detect_language)
def not_found() -> rx.Component:
    return public_page(
        "not_found.title",
        "not_found.hint",
        rx.link(
            rx.hstack(rx.icon("house", size=16), t("not_found.home"), spacing="2", align="center"),
            href="/",  # the start page sends each role to its home, and someone not signed in to sign-in
            size="3",
            weight="medium",
            id="not-found-home",
        ),
    )
