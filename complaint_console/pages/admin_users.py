"""/admin/users (hq_admin): staff accounts and their import; /admin/users/<username>: one account;
/staff: an outlet manager's own staff; /set-password/<token>: a set-password link (public)."""

import reflex as rx

from complaint_console.components import import_report as ir
from complaint_console.components.audit_history import audit_history
from complaint_console.components.i18n import page_title_text, t
from complaint_console.components.public_page import public_page
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import (
    data_table,
    detail_page,
    empty_state,
    field_error,
    labelled_input,
    page_title,
    pager,
)
from complaint_console.domain.staff_rules import LANGUAGES, USER_OPTIONAL, USER_REQUIRED
from complaint_console.states.admin_users import ROLES, UPLOAD_ID, OutletStaffState, SetPasswordState, UserFormState, UsersState
from complaint_console.states.session import SessionState

S, F = UsersState, UserFormState


def _status(u: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(
            u["active"] != "",
            rx.badge(t("users.status.active"), color_scheme="green"),
            rx.badge(t("users.status.inactive"), color_scheme="gray"),
        ),
        rx.cond(u["locked"] != "", rx.badge(t("users.locked"), color_scheme="red")),
        rx.cond(u["must_change"] != "", rx.badge(t("users.must_change"), color_scheme="amber")),
        spacing="1",
        wrap="wrap",
    )


def _row(u: rx.Var) -> rx.Component:
    return _cells(u, rx.link(u["username"], href="/admin/users/" + u["username"], weight="medium"))


def _staff_row(u: rx.Var) -> rx.Component:
    return _cells(u, u["username"])


def _cells(u: rx.Var, username: rx.Component) -> rx.Component:
    return rx.table.row(
        rx.table.cell(username),
        rx.table.cell(u["name"]),
        rx.table.cell(rx.match(u["role"], *[(r, t(f"role.{r}")) for r in ROLES], u["role"])),
        rx.table.cell(u["outlet"]),
        rx.table.cell(u["email"]),
        rx.table.cell(u["phone"]),
        rx.table.cell(_status(u)),
    )


COLUMNS = [
    ("users.col.username", "10em"),
    ("users.col.name", None),
    ("users.col.role", "9em"),
    ("users.col.outlet", "7em"),
    ("users.col.email", None),
    ("users.col.phone", "9em"),
    ("users.col.status", "10em"),
]


def _filters() -> rx.Component:
    return rx.hstack(
        rx.form(
            rx.hstack(
                rx.input(
                    name="query",
                    placeholder=t("users.search"),
                    default_value=S.query,
                    width="18em",
                    id="users-query",
                    aria_label=t("users.search"),
                ),
                rx.button(rx.icon("search", size=14), t("outlets.search_button"), type="submit", variant="soft"),
            ),
            on_submit=S.search,
            reset_on_submit=False,
        ),
        rx.select.root(
            rx.select.trigger(aria_label=t("users.col.role"), id="users-role"),
            rx.select.content(
                rx.select.item(t("users.role_all"), value="all"), *[rx.select.item(t(f"role.{r}"), value=r) for r in ROLES]
            ),
            value=rx.cond(S.role == "", "all", S.role),
            on_change=S.set_role,
        ),
        rx.select.root(
            rx.select.trigger(aria_label=t("users.col.status"), id="users-status"),
            rx.select.content(*[rx.select.item(t(f"users.status.{s}"), value=s) for s in ("active", "inactive", "all")]),
            value=S.status,
            on_change=S.set_status,
        ),
        rx.spacer(),
        rx.link(rx.button(rx.icon("user-plus", size=14), t("users.new")), href="/admin/users/new", id="users-new"),
        width="100%",
        align="center",
        wrap="wrap",
    )


def _import() -> rx.Component:
    return ir.upload_panel(
        S,
        UPLOAD_ID,
        "users",
        "import.users_intro",
        (USER_REQUIRED, USER_OPTIONAL),
        "users-example.csv",
        notices=(
            rx.cond(S.running | S.finished, ir.progress(S.done, S.file_total, S.percent, S.running)),
            rx.cond(
                S.invited > 0,
                rx.callout(
                    rx.hstack(
                        rx.text(S.invited, " ", t("users.invited")),
                        rx.button(
                            rx.icon("download", size=14),
                            t("users.download_links"),
                            on_click=S.download_links,
                            size="1",
                            id="users-download-links",
                        ),
                        align="center",
                        wrap="wrap",
                    ),
                    icon="key-round",
                    color_scheme="blue",
                    id="users-invited",
                ),
            ),
        ),
    )


@app_page("/admin/users", "admin.users", on_load=[UsersState.load])
def admin_users() -> rx.Component:
    return rx.vstack(
        page_title("admin.users"),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger(t("users.tab.list"), value="list", id="users-tab-list"),
                rx.tabs.trigger(t("users.tab.import"), value="import", id="users-tab-import"),
            ),
            rx.tabs.content(
                rx.vstack(
                    _filters(),
                    rx.badge(S.total, " ", t("users.count"), size="2", id="users-total"),
                    rx.cond(
                        S.rows.length() > 0, data_table(COLUMNS, S.rows, _row, "users-table"), empty_state("users", "users.none")
                    ),
                    pager(S.page, S.pages, S.turn, "users"),
                    spacing="3",
                    width="100%",
                    align="start",
                ),
                value="list",
                padding_top="1em",
            ),
            rx.tabs.content(_import(), value="import", padding_top="1em"),
            default_value="list",
            width="100%",
        ),
        spacing="3",
        width="100%",
        align="start",
    )


def _select(name: str, label: str, options: list[tuple[str, rx.Component]]) -> rx.Component:
    return rx.vstack(
        rx.text(t(label), as_="label", custom_attrs={"htmlFor": f"user-{name}"}, size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(id=f"user-{name}", aria_label=t(label), width="100%"),
            rx.select.content(*[rx.select.item(text, value=value) for value, text in options]),
            name=name,
            default_value=F.form[name],
        ),
        field_error(F.errors.get(name, "")),
        spacing="1",
        width="100%",
    )


def _input(label: str, name: str, **props) -> rx.Component:
    return labelled_input(label, name, F.errors.get(name, ""), default_value=F.form[name], id=f"user-{name}", **props)


def _credential_shown() -> rx.Component:
    return rx.fragment(
        rx.cond(
            F.temporary_password != "",
            rx.callout(
                rx.vstack(
                    rx.text(t("users.temporary_password")),
                    rx.code(F.temporary_password, size="5", id="user-temporary-password"),
                    spacing="1",
                ),
                icon="key-round",
                color_scheme="amber",
                id="user-credential",
            ),
        ),
        rx.cond(
            F.link != "",
            rx.callout(
                rx.vstack(rx.text(t("users.link_shown")), rx.code(F.link, id="user-link"), spacing="1"),
                icon="link",
                color_scheme="amber",
                id="user-credential",
            ),
        ),
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.grid(
                rx.cond(
                    F.is_new,
                    _input("users.field.username", "username", auto_complete="off"),
                    rx.vstack(
                        rx.text(t("users.field.username"), size="2", weight="medium"),
                        rx.code(F.form["username"], id="user-username-shown"),
                        spacing="1",
                    ),
                ),
                _input("users.field.display_name", "display_name"),
                _select("role", "users.field.role", [(r, t(f"role.{r}")) for r in ROLES]),
                _input("users.field.outlet_code", "outlet_code", placeholder="SH-001"),
                _input("users.field.email", "email", input_mode="email", auto_complete="off"),
                _input("users.field.phone", "phone", type="tel"),
                _select("language", "users.field.language", [(lang, t(f"users.lang.{lang}")) for lang in LANGUAGES]),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                F.is_new,
                rx.radio_group.root(
                    rx.vstack(
                        rx.text(t("users.credential"), size="2", weight="medium"),
                        rx.radio_group.item(t("users.credential.password"), value="password", id="user-credential-password"),
                        rx.radio_group.item(t("users.credential.link"), value="link", id="user-credential-link"),
                        spacing="1",
                    ),
                    name="credential",
                    default_value="password",
                ),
            ),
            field_error(F.errors.get("*", "")),
            rx.button(rx.icon("save", size=16), t("outlets.save"), type="submit", id="user-save"),
            spacing="4",
            width="100%",
            align="start",
        ),
        on_submit=F.save,
        reset_on_submit=False,
        key=F.form_key,
        width="100%",
        max_width="56em",
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.cond(
            F.active,
            rx.button(
                t("users.deactivate"), color_scheme="red", variant="soft", on_click=F.set_active(False), id="user-deactivate"
            ),
            rx.button(t("users.reactivate"), variant="soft", on_click=F.set_active(True), id="user-reactivate"),
        ),
        rx.cond(F.locked, rx.button(t("users.unlock"), variant="soft", on_click=F.unlock, id="user-unlock")),
        rx.button(t("users.reset_password"), variant="soft", on_click=F.reset_credential(False), id="user-reset-password"),
        rx.button(t("users.reset_link"), variant="soft", on_click=F.reset_credential(True), id="user-reset-link"),
        spacing="2",
        wrap="wrap",
    )


def _body() -> rx.Component:
    return rx.vstack(
        rx.heading(rx.cond(F.is_new, t("users.new"), F.form["username"] + " · " + F.form["display_name"]), size="6"),
        rx.cond(
            ~F.is_new,
            rx.hstack(
                _status(
                    {
                        "active": rx.cond(F.active, "1", ""),
                        "locked": rx.cond(F.locked, "1", ""),
                        "must_change": rx.cond(F.must_change, "1", ""),
                    }
                ),
                _actions(),
                spacing="4",
                wrap="wrap",
                align="center",
            ),
        ),
        field_error(F.errors.get("*", "")),
        _credential_shown(),
        _form(),
        rx.cond(~F.is_new, audit_history(F.history, "user-history")),
        spacing="5",
        width="100%",
        align="start",
    )


@app_page("/admin/users/[username]", "admin.users", on_load=[UserFormState.load])
def admin_user() -> rx.Component:
    return detail_page("users.back", "/admin/users", F.loaded, F.found, _body(), "users.not_found")


@app_page("/staff", "staff.title", on_load=[OutletStaffState.load])
def outlet_staff() -> rx.Component:
    st = OutletStaffState
    return rx.vstack(
        page_title("staff.title"),
        rx.text(t("staff.hint"), size="2", color=rx.color("gray", 11)),
        rx.cond(
            st.rows.length() > 0, data_table(COLUMNS, st.rows, _staff_row, "staff-table"), empty_state("users", "users.none")
        ),
        pager(st.page, st.pages, st.turn, "staff"),
        spacing="3",
        width="100%",
        align="start",
    )


def _set_password_form() -> rx.Component:
    e = SetPasswordState.errors
    return rx.form(
        rx.vstack(
            rx.text(t("set_password.for"), " ", rx.text.strong(SetPasswordState.username)),
            labelled_input("account.new", "new", e.get("new", ""), type="password", auto_complete="new-password"),
            labelled_input("account.confirm", "confirm", e.get("confirm", ""), type="password", auto_complete="new-password"),
            rx.button(t("account.save"), type="submit", id="set-password-submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=SetPasswordState.submit,
        reset_on_submit=True,
    )


@rx.page(
    route="/set-password/[token]",
    title=page_title_text("set_password.title"),
    on_load=[SessionState.detect_language, SetPasswordState.load],
)
def set_password() -> rx.Component:
    st = SetPasswordState
    return public_page(
        "set_password.title",
        "set_password.hint",
        rx.cond(
            st.done,
            rx.callout(
                rx.text(t("set_password.done"), " ", rx.link(t("login.submit"), href="/login")),
                icon="check",
                color_scheme="green",
                id="set-password-done",
            ),
            rx.cond(
                st.valid,
                _set_password_form(),
                rx.cond(
                    st.loaded, rx.callout(t("user.link_invalid"), icon="circle-x", color_scheme="red", id="set-password-invalid")
                ),
            ),
        ),
    )
