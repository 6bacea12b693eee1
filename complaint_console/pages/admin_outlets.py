"""/admin/outlets (hq_admin): the network's outlets, searched and paged, and their import from
CSV/XLSX; /admin/outlets/<code>: one outlet's form and its changes."""

import reflex as rx

from complaint_console.components import import_report as ir
from complaint_console.components.audit_history import audit_history
from complaint_console.components.i18n import t
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import data_table, detail_page, empty_state, field_error, page_title, pager
from complaint_console.domain.calendar import WEEKDAYS
from complaint_console.domain.outlet_rules import HOLIDAY_CALENDARS, OUTLET_OPTIONAL, OUTLET_REQUIRED
from complaint_console.states.admin_outlets import UPLOAD_ID, OutletFormState, OutletsState

S, F = OutletsState, OutletFormState
COLUMNS = [
    ("outlets.col.code", "9em"),
    ("outlets.col.name", None),
    ("outlets.col.region", "7em"),
    ("outlets.col.city", "7em"),
    ("outlets.col.hours", None),
    ("outlets.col.calendar", "6em"),
    ("outlets.col.limit", "8em"),
    ("outlets.col.manager", "8em"),
    ("outlets.col.status", "7em"),
]


def _row(o: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(o["code"], href="/admin/outlets/" + o["code"], weight="medium")),
        rx.table.cell(o["name"]),
        rx.table.cell(o["region"]),
        rx.table.cell(o["city"]),
        rx.table.cell(rx.cond(o["hours"] != "", o["hours"], t("outlets.hours_247")), size="1"),
        rx.table.cell(o["calendar"]),
        rx.table.cell("¥", o["limit"]),
        rx.table.cell(o["manager"]),
        rx.table.cell(
            rx.cond(
                o["active"] != "",
                rx.badge(t("outlets.status.active"), color_scheme="green"),
                rx.badge(t("outlets.status.inactive"), color_scheme="gray"),
            )
        ),
    )


def _filters() -> rx.Component:
    return rx.hstack(
        rx.form(
            rx.hstack(
                rx.input(
                    name="query",
                    placeholder=t("outlets.search"),
                    default_value=S.query,
                    width="18em",
                    id="outlets-query",
                    aria_label=t("outlets.search"),
                ),
                rx.button(rx.icon("search", size=14), t("outlets.search_button"), type="submit", variant="soft"),
            ),
            on_submit=S.search,
            reset_on_submit=False,
        ),
        rx.select.root(
            rx.select.trigger(placeholder=t("outlets.region_all"), aria_label=t("outlets.col.region"), id="outlets-region"),
            rx.select.content(
                rx.select.item(t("outlets.region_all"), value="all"), rx.foreach(S.regions, lambda r: rx.select.item(r, value=r))
            ),
            value=rx.cond(S.region == "", "all", S.region),
            on_change=S.set_region,
        ),
        rx.select.root(
            rx.select.trigger(aria_label=t("outlets.col.status"), id="outlets-status"),
            rx.select.content(*[rx.select.item(t(f"outlets.status.{s}"), value=s) for s in ("active", "inactive", "all")]),
            value=S.status,
            on_change=S.set_status,
        ),
        rx.spacer(),
        rx.link(rx.button(rx.icon("plus", size=14), t("outlets.new")), href="/admin/outlets/new", id="outlets-new"),
        width="100%",
        align="center",
        wrap="wrap",
    )


def _list() -> rx.Component:
    return rx.vstack(
        _filters(),
        rx.badge(S.total, " ", t("outlets.count"), size="2", id="outlets-total"),
        rx.cond(S.rows.length() > 0, data_table(COLUMNS, S.rows, _row, "outlets-table"), empty_state("store", "outlets.none")),
        pager(S.page, S.pages, S.turn, "outlets"),
        spacing="3",
        width="100%",
        align="start",
    )


def _import() -> rx.Component:
    return ir.upload_panel(
        S,
        UPLOAD_ID,
        "outlets",
        "import.outlets_intro",
        (OUTLET_REQUIRED, OUTLET_OPTIONAL),
        "outlets-example.csv",
        notices=(
            rx.cond(S.running | S.finished, ir.progress(S.done, S.file_total, S.percent, S.running)),
            rx.cond(
                S.finished & (S.unchanged > 0),
                rx.badge(t("import.unchanged"), " ", rx.text.strong(S.unchanged, id="import-unchanged"), size="3"),
            ),
        ),
    )


@app_page("/admin/outlets", "admin.outlets", on_load=[OutletsState.load])
def admin_outlets() -> rx.Component:
    return rx.vstack(
        page_title("admin.outlets"),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger(t("outlets.tab.list"), value="list", id="outlets-tab-list"),
                rx.tabs.trigger(t("outlets.tab.import"), value="import", id="outlets-tab-import"),
            ),
            rx.tabs.content(_list(), value="list", padding_top="1em"),
            rx.tabs.content(_import(), value="import", padding_top="1em"),
            default_value="list",
            width="100%",
        ),
        spacing="3",
        width="100%",
        align="start",
    )


def _field(key: str, name: str, **props) -> rx.Component:
    return rx.vstack(
        rx.text(t(key), as_="label", custom_attrs={"htmlFor": f"outlet-{name}"}, size="2", weight="medium"),
        rx.input(
            name=name,
            id=f"outlet-{name}",
            default_value=F.form[name],
            width="100%",
            aria_invalid=rx.cond(F.errors.get(name, "") != "", "true", "false"),
            **props,
        ),
        field_error(F.errors.get(name, "")),
        spacing="1",
        width="100%",
    )


def _day(day: str) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(day, weight="medium")),
        rx.table.cell(
            rx.input(
                name=f"{day}.open",
                default_value=F.form[f"{day}.open"],
                placeholder="09:00",
                width="7em",
                aria_label=day + " " + t("outlets.opens"),
                id=f"outlet-{day}-open",
            )
        ),
        rx.table.cell(
            rx.input(
                name=f"{day}.close",
                default_value=F.form[f"{day}.close"],
                placeholder="18:00",
                width="7em",
                aria_label=day + " " + t("outlets.closes"),
                id=f"outlet-{day}-close",
            )
        ),
    )


def _hours() -> rx.Component:
    return rx.vstack(
        rx.text(t("outlets.field.hours"), size="2", weight="medium"),
        rx.text(t("outlets.hours_hint"), size="1", color=rx.color("gray", 11)),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(""),
                    rx.table.column_header_cell(t("outlets.opens")),
                    rx.table.column_header_cell(t("outlets.closes")),
                )
            ),
            rx.table.body(*[_day(d) for d in WEEKDAYS]),
            size="1",
            variant="surface",
        ),
        field_error(F.errors.get("business_hours", "")),
        spacing="1",
    )


def _calendar() -> rx.Component:
    return rx.vstack(
        rx.text(t("outlets.field.calendar"), as_="label", custom_attrs={"htmlFor": "outlet-calendar"}, size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(id="outlet-calendar", aria_label=t("outlets.field.calendar")),
            rx.select.content(*[rx.select.item(t(f"outlets.calendar.{c}"), value=c) for c in ("none", *HOLIDAY_CALENDARS)]),
            name="calendar",
            default_value=F.form["calendar"],
        ),
        field_error(F.errors.get("holiday_calendar", "")),
        spacing="1",
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.grid(
                _field("outlets.field.code", "code"),
                _field("outlets.field.name", "name"),
                _field("outlets.field.region", "region"),
                _field("outlets.field.city", "city"),
                _field("outlets.field.timezone", "timezone"),
                _field("outlets.field.limit", "limit", input_mode="decimal"),
                _calendar(),
                _field("outlets.field.manager", "manager"),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
            ),
            _hours(),
            rx.cond(
                ~F.is_new,
                rx.checkbox(
                    t("outlets.field.active"),
                    name="active",
                    default_checked=F.active,
                    id="outlet-active",
                    aria_label=t("outlets.field.active"),
                ),
            ),
            field_error(F.errors.get("*", "")),
            rx.button(rx.icon("save", size=16), t("outlets.save"), type="submit", id="outlet-save"),
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


def _outlet_body() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(rx.cond(F.is_new, t("outlets.new_title"), F.form["code"] + " · " + F.form["name"]), size="6"),
            rx.cond(
                ~F.is_new,
                rx.cond(
                    F.active,
                    rx.button(
                        t("outlets.deactivate"),
                        color_scheme="red",
                        variant="soft",
                        on_click=F.set_active(False),
                        id="outlet-deactivate",
                    ),
                    rx.button(t("outlets.reactivate"), variant="soft", on_click=F.set_active(True), id="outlet-reactivate"),
                ),
            ),
            align="center",
            spacing="4",
            wrap="wrap",
        ),
        _form(),
        rx.cond(~F.is_new, audit_history(F.history, "outlet-history")),
        spacing="5",
        width="100%",
        align="start",
    )


@app_page("/admin/outlets/[code]", "admin.outlets", on_load=[OutletFormState.load])
def admin_outlet() -> rx.Component:
    return detail_page("outlets.back", "/admin/outlets", F.loaded, F.found, _outlet_body(), "outlets.not_found")
