"""/admin (hq_admin): settings, one card a section. /admin/sla: SLA policy versions and HQ's calendar days."""

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import field_error, page_title
from complaint_console.domain.vocabulary import Category, Severity
from complaint_console.states.admin_sla import AdminSlaState


def _card(icon: str, title_key: str, hint_key: str, href: str) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.icon(icon, size=28),
                rx.vstack(rx.heading(t(title_key), size="4"), rx.text(t(hint_key), size="2"), spacing="1"),
                align="center",
            ),
            width="28em",
            height="100%",
        ),
        href=href,
        underline="none",
        id=f"admin-{href.rsplit('/', 1)[1]}-link",
    )


@app_page("/admin", "admin.title")
def admin() -> rx.Component:
    return rx.vstack(
        page_title("admin.title"),
        rx.flex(
            _card("store", "admin.outlets", "admin.outlets_hint", "/admin/outlets"),
            _card("users", "admin.users", "admin.users_hint", "/admin/users"),
            _card("timer", "admin.sla", "admin.sla_hint", "/admin/sla"),
            _card("file-up", "admin.import_tickets", "admin.import_tickets_hint", "/admin/import"),
            _card("route", "admin.routing", "admin.routing_hint", "/admin/routing"),
            _card("list-tree", "root_causes.admin.title", "root_causes.admin.hint", "/admin/root-causes"),
            _card("package", "admin.volumes", "admin.volumes_hint", "/admin/volumes"),
            _card("book-open", "admin.knowledge", "admin.knowledge_hint", "/admin/knowledge"),
            _card("clock", "admin.jobs", "admin.jobs_hint", "/admin/jobs"),
            _card("chart-column", "scores.settings", "scores.settings_hint", "/admin/scores"),
            wrap="wrap",
            gap="1em",
        ),
        spacing="4",
    )


def _minutes_input(name: rx.Var, value: rx.Var, label: rx.Var) -> rx.Component:
    return rx.input(name=name, default_value=value, type="number", min="1", width="8em", aria_label=label)


def _named(severity: rx.Var, column_key: str) -> rx.Var:
    """An input's accessible name in the defaults table: its row's severity and its column."""
    return tv(severity, "severity.") + " · " + t(column_key)


def _default_row(row: rx.Var) -> rx.Component:
    sev = row["severity"]
    return rx.table.row(
        rx.table.cell(tv(sev, "severity.")),
        rx.table.cell(_minutes_input("d." + sev + ".response", row["response"], _named(sev, "admin.response_minutes"))),
        rx.table.cell(_minutes_input("d." + sev + ".resolution", row["resolution"], _named(sev, "admin.resolution_minutes"))),
        rx.table.cell(field_error(AdminSlaState.errors.get(sev + "/*", ""))),
        key=sev,
    )


def _select(name: rx.Var, value: rx.Var, values: list[str], prefix: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="11em", aria_label=t({"severity.": "ticket.severity", "category.": "ticket.category"}[prefix])),
        rx.select.content(*[rx.select.item(t(prefix + v), value=v) for v in values]),
        name=name,
        default_value=value,
    )


def _override_row(row: rx.Var) -> rx.Component:
    key = "o." + row["id"]
    return rx.table.row(
        rx.table.cell(_select(key + ".severity", row["severity"], [s.value for s in Severity], "severity.")),
        rx.table.cell(_select(key + ".category", row["category"], [c.value for c in Category], "category.")),
        rx.table.cell(_minutes_input(key + ".response", row["response"], t("admin.response_minutes"))),
        rx.table.cell(_minutes_input(key + ".resolution", row["resolution"], t("admin.resolution_minutes"))),
        rx.table.cell(
            rx.hstack(
                field_error(AdminSlaState.errors.get(row["severity"] + "/" + row["category"], "")),
                rx.icon_button(
                    rx.icon("trash-2", size=14),
                    type="button",
                    variant="ghost",
                    color_scheme="red",
                    on_click=AdminSlaState.remove_override(row["id"]),
                    aria_label=t("admin.remove"),
                ),
                align="center",
            )
        ),
        key=row["id"],
    )


def _policy_form() -> rx.Component:
    header = rx.table.header(
        rx.table.row(
            rx.table.column_header_cell(t("ticket.severity")),
            rx.table.column_header_cell(t("admin.response_minutes")),
            rx.table.column_header_cell(t("admin.resolution_minutes")),
            rx.table.column_header_cell(""),
        )
    )
    override_header = rx.table.header(
        rx.table.row(
            rx.table.column_header_cell(t("ticket.severity")),
            rx.table.column_header_cell(t("ticket.category")),
            rx.table.column_header_cell(t("admin.response_minutes")),
            rx.table.column_header_cell(t("admin.resolution_minutes")),
            rx.table.column_header_cell(""),
        )
    )
    return rx.form(
        rx.vstack(
            rx.heading(t("admin.severity_defaults"), size="4"),
            rx.table.root(header, rx.table.body(rx.foreach(AdminSlaState.defaults, _default_row)), variant="surface"),
            rx.heading(t("admin.category_overrides"), size="4"),
            rx.text(t("admin.overrides_hint"), size="2", color=rx.color("gray", 11)),
            rx.table.root(override_header, rx.table.body(rx.foreach(AdminSlaState.overrides, _override_row)), variant="surface"),
            rx.button(
                rx.icon("plus", size=14),
                t("admin.add_override"),
                type="button",
                variant="soft",
                on_click=AdminSlaState.add_override,
                id="add-override",
            ),
            field_error(AdminSlaState.errors.get("*", "")),
            rx.cond(
                AdminSlaState.saved_at != "",
                rx.callout(
                    rx.text(t("admin.saved_version"), " ", AdminSlaState.saved_at),
                    icon="check",
                    color_scheme="green",
                    id="policy-saved",
                ),
            ),
            rx.button(t("admin.save_policy"), type="submit", id="save-policy"),
            spacing="3",
            align="start",
        ),
        on_submit=AdminSlaState.save,
        reset_on_submit=False,
    )


def _versions() -> rx.Component:
    return rx.vstack(
        rx.heading(t("admin.versions"), size="4"),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(t("admin.valid_from")),
                    rx.table.column_header_cell(t("admin.saved_by")),
                    rx.table.column_header_cell(t("admin.rows")),
                )
            ),
            rx.table.body(
                rx.foreach(
                    AdminSlaState.versions,
                    lambda v: rx.table.row(
                        rx.table.cell(v["valid_from"]), rx.table.cell(v["saved_by"]), rx.table.cell(v["rows"])
                    ),
                )
            ),
            variant="surface",
            id="policy-versions",
        ),
        align="start",
    )


def _calendar_days() -> rx.Component:
    return rx.vstack(
        rx.heading(t("admin.calendar_days"), size="4"),
        rx.text(t("admin.calendar_hint"), size="2", color=rx.color("gray", 11)),
        rx.form(
            rx.hstack(
                rx.input(name="day", type="date", required=True, aria_label=t("calendar.day_label")),
                rx.select.root(
                    rx.select.trigger(width="10em", aria_label=t("calendar.kind_label")),
                    rx.select.content(
                        rx.select.item(t("calendar.kind.closed"), value="closed"),
                        rx.select.item(t("calendar.kind.working"), value="working"),
                    ),
                    name="kind",
                    default_value="closed",
                ),
                rx.input(name="note", placeholder=t("admin.note"), width="16em"),
                rx.button(t("admin.add_day"), type="submit", variant="soft"),
                align="center",
            ),
            field_error(AdminSlaState.day_error),
            on_submit=AdminSlaState.add_day,
            reset_on_submit=True,
        ),
        rx.foreach(
            AdminSlaState.days,
            lambda d: rx.hstack(
                rx.text(d["day"], weight="medium"),
                rx.badge(tv(d["kind"], "calendar.kind.")),
                rx.text(d["note"], size="2", color=rx.color("gray", 11)),
                rx.icon_button(
                    rx.icon("trash-2", size=14),
                    variant="ghost",
                    color_scheme="red",
                    on_click=AdminSlaState.remove_day(d["day"]),
                    aria_label=t("admin.remove"),
                ),
                align="center",
            ),
        ),
        align="start",
    )


@app_page("/admin/sla", "admin.sla", on_load=[AdminSlaState.load])
def admin_sla() -> rx.Component:
    return rx.vstack(
        page_title("admin.sla"),
        rx.cond(
            AdminSlaState.missing_years.length() > 0,
            rx.callout(
                rx.text(t("admin.holiday_data_missing"), " ", rx.text.strong(AdminSlaState.missing_years.join(", "))),
                icon="triangle-alert",
                color_scheme="amber",
                id="holiday-warning",
            ),
        ),
        _policy_form(),
        _versions(),
        _calendar_days(),
        spacing="5",
        width="100%",
        align="start",
    )
