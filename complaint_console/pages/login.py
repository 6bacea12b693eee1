"""/login: staff sign-in."""

import reflex as rx

from complaint_console.components.i18n import page_title_text, t, tv
from complaint_console.components.shell import language_switch
from complaint_console.components.widgets import labelled_input
from complaint_console.states.login import LoginState
from complaint_console.states.session import SessionState


@rx.page(route="/login", title=page_title_text("login.title"), on_load=SessionState.detect_language)
def login() -> rx.Component:
    form = rx.form(
        rx.vstack(
            rx.cond(
                SessionState.session_expired, rx.callout(t("login.expired"), icon="clock", color_scheme="amber", width="100%")
            ),
            labelled_input("login.username", "username", LoginState.username_error, auto_complete="username", auto_focus=True),
            labelled_input(
                "login.password", "password", LoginState.password_error, type="password", auto_complete="current-password"
            ),
            rx.cond(
                LoginState.form_error != "",
                rx.callout(
                    tv(LoginState.form_error, ""),
                    icon="triangle-alert",
                    color_scheme="red",
                    width="100%",
                    id="login-error",
                    role="alert",
                ),
            ),
            rx.button(t("login.submit"), type="submit", size="3", width="100%", id="login-submit"),
            spacing="4",
            width="100%",
        ),
        on_submit=LoginState.submit,
        reset_on_submit=False,
        width="100%",
    )
    page = rx.center(
        rx.card(
            rx.vstack(
                rx.hstack(rx.spacer(), language_switch(), width="100%"),
                rx.icon("messages-square", size=40, color=rx.color("accent", 10)),
                rx.heading(t("app.name"), size="7"),
                rx.text(t("app.tagline"), color=rx.color("gray", 11)),
                rx.heading(t("login.title"), size="5", margin_top="0.5em"),
                form,
                rx.divider(),
                rx.text(t("login.customers"), size="2", color=rx.color("gray", 11)),
                rx.hstack(
                    rx.link(
                        rx.hstack(rx.icon("message-square-warning", size=14), t("complain.title"), spacing="1", align="center"),
                        href="/complain",
                        size="2",
                    ),
                    rx.link(
                        rx.hstack(rx.icon("search", size=14), t("track.title"), spacing="1", align="center"),
                        href="/track",
                        size="2",
                        id="track-link",
                    ),
                    spacing="4",
                ),
                align="center",
                spacing="3",
                width="100%",
            ),
            size="4",
            width="26em",
        ),
        min_height="100vh",
        background=rx.color("gray", 2),
    )
    return rx.el.main(page)
