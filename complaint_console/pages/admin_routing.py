"""/admin/routing (hq_admin): the routing table, paged and filtered, and its CSV import."""

import reflex as rx

from complaint_console.components import import_report as ir
from complaint_console.components.i18n import t, tv
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import empty_state, page_title, pager
from complaint_console.domain.import_rows import ROUTING_COLUMNS
from complaint_console.states.admin_routing import UPLOAD_ID, RoutingState

EXAMPLE = "/examples/routing-example.csv"


def _import() -> rx.Component:
    return rx.vstack(
        rx.text(t("import.routing_intro"), size="2", max_width="48em"),
        ir.columns_hint(ROUTING_COLUMNS),
        rx.link(
            rx.hstack(rx.icon("download", size=14), t("import.example"), align="center", spacing="1"),
            href=EXAMPLE,
            download="routing-example.csv",
            id="routing-example",
        ),  # fmt: skip
        ir.file_picker(UPLOAD_ID),
        rx.checkbox(
            t("import.replace_all"), checked=RoutingState.replace, on_change=RoutingState.set_replace, id="routing-replace"
        ),
        rx.button(
            rx.icon("upload", size=16),
            t("import.start"),
            on_click=RoutingState.receive(rx.upload_files(upload_id=UPLOAD_ID)),
            id="routing-start",
        ),  # fmt: skip
        ir.file_error(RoutingState.file_error, RoutingState.file_detail),
        rx.cond(
            RoutingState.replace_refused,
            rx.callout(t("import.replace_refused"), icon="triangle-alert", color_scheme="amber", id="routing-refused"),
        ),
        rx.cond(
            RoutingState.finished,
            ir.report(RoutingState.imported, RoutingState.rejected, RoutingState.problems, RoutingState.more_problems),
        ),
        spacing="3",
        width="100%",
        align="start",
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
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("import.kind"), width="12em"),
                        rx.table.column_header_cell(t("import.pattern")),
                        rx.table.column_header_cell(t("import.outlet")),
                    )
                ),
                rx.table.body(rx.foreach(RoutingState.rules, _rule_row)),
                variant="surface",
                size="1",
                width="100%",
                id="routing-rules",
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
