"""The app shell (header + sidebar) and the `app_page` decorator every staff page uses."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from complaint_console.components.i18n import page_title_text, t, tv
from complaint_console.domain.access import NAVIGATION
from complaint_console.states.bell import BellState
from complaint_console.states.session import SessionState


def language_switch() -> rx.Component:
    return rx.button(
        rx.icon("languages", size=16),
        t("lang.switch"),
        on_click=SessionState.toggle_language,
        variant="soft",
        size="2",
        aria_label=t("lang.label"),
        id="language-switch",
    )


def _bell_item(item: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(item["at"], size="1", color=rx.color("gray", 11)),
            rx.cond(item["read"] == "", rx.badge(t("bell.new"), size="1", color_scheme="red")),
            rx.spacer(),
            rx.cond(
                item["number"] != "",
                rx.link(item["number"], href="/tickets/" + item["number"], size="1", id="bell-ticket-" + item["id"]),
                rx.cond(item["path"] != "", rx.link(t("bell.open"), href=item["path"], size="1", id="bell-link-" + item["id"])),
            ),
            align="center",
            width="100%",
        ),
        rx.text(item["subject"], size="2", weight="bold"),
        rx.cond(item["body"] != "", rx.text(item["body"], size="2", white_space="pre-wrap", class_name="bell-body")),
        padding="0.5em 0",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        width="100%",
        id="bell-item-" + item["id"],
    )


def bell() -> rx.Component:
    """The user's in-app notifications: the unread count, and the latest 20 when opened."""
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(
                rx.icon("bell", size=18),
                # white on solid red: assets/contrast.css darkens red 9 to pass WCAG's 4.5:1
                rx.cond(BellState.unread > 0, rx.badge(BellState.unread, color_scheme="red", variant="solid", id="bell-count")),
                variant="ghost",
                size="2",
                aria_label=t("bell.label"),
                id="bell",
            )
        ),
        rx.popover.content(
            rx.vstack(
                rx.hstack(
                    rx.heading(t("bell.title"), size="3"),
                    rx.spacer(),
                    rx.button(
                        t("bell.mark_all_read"),
                        on_click=BellState.mark_all_read,
                        disabled=BellState.unread == 0,
                        variant="soft",
                        size="1",
                        id="bell-mark-read",
                    ),
                    align="center",
                    width="100%",
                ),
                rx.cond(
                    BellState.items.length() > 0,
                    rx.scroll_area(
                        rx.vstack(rx.foreach(BellState.items, _bell_item), spacing="0", width="100%"),
                        type="auto",
                        scrollbars="vertical",
                        style={"max_height": "24em"},
                    ),
                    rx.text(t("bell.empty"), size="2", color=rx.color("gray", 11), id="bell-empty"),
                ),
                spacing="2",
                width="100%",
            ),
            width="26em",
            id="bell-list",
        ),
        on_open_change=BellState.opened,
    )


def menu() -> rx.Component:
    """Phones: the navigation in a drawer, opened from the header (the sidebar is hidden there)."""
    return rx.drawer.root(
        rx.drawer.trigger(
            rx.icon_button(rx.icon("menu", size=20), variant="ghost", aria_label=t("shell.menu"), class_name="cc-menu", id="menu")
        ),
        rx.drawer.overlay(),
        rx.drawer.portal(
            rx.drawer.content(
                rx.vstack(
                    rx.hstack(
                        rx.heading(t("app.name"), size="4"),
                        rx.spacer(),
                        rx.drawer.close(rx.icon_button(rx.icon("x", size=18), variant="ghost", aria_label=t("shell.close_menu"))),
                        align="center",
                        width="100%",
                    ),
                    rx.text(SessionState.user_name, weight="bold", size="2"),
                    nav_links("menu-nav-"),
                    width="100%",
                ),
                id="menu-drawer",
                padding="1em",
                width="16em",
                height="100%",
                background=rx.color("gray", 1),
            )
        ),
        direction="left",
    )


def header() -> rx.Component:
    return rx.hstack(
        rx.hstack(
            menu(),
            rx.icon("messages-square", size=24, color=rx.color("accent", 10)),
            rx.heading(t("app.name"), size="5", class_name="cc-app-name"),
            align="center",
        ),
        rx.spacer(),
        rx.hstack(
            rx.vstack(
                rx.text(SessionState.user_name, weight="bold", size="2", id="header-user"),
                rx.hstack(
                    rx.badge(tv(SessionState.role, "role."), id="header-role"),
                    rx.text(
                        rx.cond(SessionState.outlet_label != "", SessionState.outlet_label, t("shell.all_outlets")),
                        size="1",
                        color=rx.color("gray", 11),
                        id="header-outlet",
                    ),
                    align="center",
                ),
                spacing="0",
                align="end",
                class_name="cc-header-user",
            ),
            bell(),
            language_switch(),
            rx.button(
                rx.icon("log-out", size=16),
                rx.text(t("shell.sign_out"), as_="span", class_name="cc-sign-out-text"),
                on_click=SessionState.logout,
                variant="outline",
                size="2",
                aria_label=t("shell.sign_out"),
                id="sign-out",
            ),
            align="center",
            spacing="3",
        ),
        class_name="cc-header",
        padding="0.75em 1.5em",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 1),
        width="100%",
        align="center",
    )


def nav_links(id_prefix: str = "nav-") -> rx.Component:
    """The menu items the role may open (the sidebar's, and the phone drawer's with other ids)."""
    links = [
        rx.cond(
            SessionState.allowed_routes.contains(item.route),
            rx.link(
                rx.hstack(rx.icon(item.icon, size=18), rx.text(t(item.label_key), white_space="nowrap"), align="center"),
                href=item.route,
                padding="0.5em 0.75em",
                border_radius="8px",
                width="100%",
                color=rx.color("gray", 12),
                underline="none",
                _hover={"background": rx.color("accent", 3)},
                id=f"{id_prefix}{item.route.strip('/')}",
            ),
        )
        for item in NAVIGATION
    ]
    return rx.el.nav(rx.vstack(*links, spacing="1", width="100%"), aria_label=t("shell.navigation"), width="100%")


def sidebar() -> rx.Component:
    return rx.box(
        nav_links(),
        class_name="cc-sidebar",
        width="14em",
        min_width="14em",
        flex_shrink="0",
        padding="1em",
        border_right=f"1px solid {rx.color('gray', 5)}",
        min_height="calc(100vh - 4em)",
    )


def session_banners() -> rx.Component:
    """The session ended under an open page (deactivated, signed out elsewhere, expired): nothing
    more is done, and the page says so. A temporary password: choose your own first."""
    return rx.fragment(
        rx.cond(
            SessionState.session_expired,
            rx.callout(
                rx.text(t("session.ended"), " ", rx.link(t("session.sign_in_again"), href="/login", id="session-sign-in")),
                icon="log-out",
                color_scheme="red",
                role="alert",
                id="session-ended",
                margin_bottom="1em",
            ),
        ),
        rx.cond(
            SessionState.must_change_password & ~SessionState.session_expired,
            rx.callout(t("account.must_change"), icon="key-round", color_scheme="amber", id="must-change", margin_bottom="1em"),
        ),
    )


def holiday_banner() -> rx.Component:
    """hq_admin only: years without holiday data, where CN-calendar outlets fall back to weekdays."""
    return rx.cond(
        SessionState.holiday_data_missing != "",
        rx.callout(
            rx.text(
                t("admin.holiday_data_missing"),
                " ",
                rx.text.strong(SessionState.holiday_data_missing),
                " · ",
                rx.link(t("admin.sla"), href="/admin/sla"),
            ),
            icon="triangle-alert",
            color_scheme="amber",
            size="1",
            id="holiday-banner",
            margin_bottom="1em",
        ),
    )


def sms_banner() -> rx.Component:
    """hq_admin only: no SMS provider is configured, so customers receive nothing by SMS."""
    return rx.cond(
        SessionState.sms_missing != "",
        rx.callout(
            rx.text(t("sms.none_banner"), " · ", rx.link(t("sms.details"), href="/admin/jobs")),
            icon="message-square-off",
            color_scheme="red",
            size="1",
            id="sms-banner",
            margin_bottom="1em",
        ),
    )


def shell(content: rx.Component) -> rx.Component:
    return rx.box(
        header(),
        rx.hstack(
            sidebar(),
            rx.el.main(
                session_banners(),
                sms_banner(),
                holiday_banner(),
                content,
                padding="1.5em 2em",
                width="100%",
                min_width="0",
                id="main",
            ),
            align="start",
            spacing="0",
            width="100%",
        ),
        width="100%",
    )


def app_page(route: str, title_key: str, on_load: list | None = None) -> Callable:
    """Register a staff page: the shell around it, and the session guard before its own loaders."""

    def decorator(content: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        @rx.page(
            route=route,
            title=page_title_text(title_key),
            # the page's own loaders before the bell's count: what the page is for shows first
            on_load=[SessionState.detect_language, SessionState.guard, *(on_load or []), BellState.refresh],
        )
        def page() -> rx.Component:
            return shell(content())

        page.__name__ = content.__name__
        return page

    return decorator
