"""/: sends each role to its home page, or to the login page."""

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.states.session import SessionState


@rx.page(route="/", title=t("app.name"), on_load=SessionState.go_home)
def home() -> rx.Component:
    return rx.el.main(rx.center(rx.text(t("common.loading")), min_height="100vh"))
