"""/account: change own password."""

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import labelled_input, page_title
from complaint_console.states.account import AccountState


@app_page("/account", "account.title")
def account() -> rx.Component:
    errors = AccountState.errors
    return rx.vstack(
        page_title("account.title"),
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(t("account.change_password"), size="4"),
                    labelled_input(
                        "account.current", "current", errors.get("current", ""), type="password", auto_complete="current-password"
                    ),
                    labelled_input("account.new", "new", errors.get("new", ""), type="password", auto_complete="new-password"),
                    labelled_input(
                        "account.confirm", "confirm", errors.get("confirm", ""), type="password", auto_complete="new-password"
                    ),
                    rx.cond(
                        AccountState.saved,
                        rx.callout(t("account.saved"), icon="check", color_scheme="green", id="password-saved"),
                    ),
                    rx.button(t("account.save"), type="submit", id="password-submit"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=AccountState.change_password,
                reset_on_submit=True,
            ),
            max_width="28em",
            width="100%",
        ),
        width="100%",
    )
