"""/admin/routing (hq_admin): the routing table, paged and filtered, and its CSV import."""

import reflex as rx

from complaint_console.components import import_report as ir
from complaint_console.components.i18n import t, tv
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import data_table, empty_state, page_title, pager
from complaint_console.domain.import_rows import ROUTING_COLUMNS
from complaint_console.states.admin_routing import UPLOAD_ID, RoutingState


def _import() -> rx.Component:
    return ir.upload_panel(
        RoutingState,
        UPLOAD_ID,
        "routing",
        "import.routing_intro",
        (ROUTING_COLUMNS, ()),
        "routing-example.csv",
        options=(
            rx.checkbox(
                t("import.replace_all"),
                checked=RoutingState.replace,
                on_change=RoutingState.set_replace,
                id="routing-replace",
                aria_label=t("import.replace_all"),
            ),
        ),
        notices=(
            rx.cond(
                RoutingState.replace_refused,
                rx.callout(t("import.replace_refused"), icon="triangle-alert", color_scheme="amber", id="routing-refused"),
            ),
        ),
    )


def _rule_row(rule: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(tv(rule["kind"], "routing.")),
        rx.table.cell(rx.code(rule["pattern"])),
        rx.table.cell(rx.text.strong(rule["outlet"]), " · ", rule["outlet_name"]),
    )


def _rules() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(t("import.current_rules"), size="4"),
            rx.badge(RoutingState.total, " ", t("import.rules"), size="2", id="routing-total"),
            rx.cond(
                RoutingState.query != "",
                rx.badge(RoutingState.matching, " ", t("import.matching"), size="2", color_scheme="gray"),
            ),
            align="center",
        ),
        rx.form(
            rx.hstack(
                rx.input(
                    name="query",
                    placeholder=t("import.filter"),
                    default_value=RoutingState.query,
                    width="20em",
                    id="routing-query",
                ),
                rx.button(t("import.filter_button"), type="submit", variant="soft"),
            ),
            on_submit=RoutingState.filter,
            reset_on_submit=False,
        ),
        rx.cond(
            RoutingState.rules.length() > 0,
            data_table(
                [("import.kind", "12em"), ("import.pattern", None), ("import.outlet", None)],
                RoutingState.rules,
                _rule_row,
                "routing-rules",
            ),
            empty_state("route", "import.no_rules"),
        ),
        pager(RoutingState.page, RoutingState.pages, RoutingState.turn, "routing"),
        spacing="3",
        width="100%",
        align="start",
    )


@app_page("/admin/routing", "admin.routing", on_load=[RoutingState.load])
def admin_routing() -> rx.Component:
    return rx.vstack(page_title("admin.routing"), _import(), rx.separator(), _rules(), spacing="4", width="100%", align="start")
