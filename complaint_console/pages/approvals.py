"""/approvals (hq_analyst, hq_admin): compensation the outlets asked HQ to approve."""

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import empty_state, field_error, page_title, pager
from complaint_console.states.approvals import ApprovalsState as S


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(r["number"], href="/tickets/" + r["number"])),
        rx.table.cell(r["outlet"]),
        rx.table.cell(tv(r["category"], "category."), " · ", tv(r["severity"], "severity.")),
        rx.table.cell(tv(r["stage"], "stage.")),
        rx.table.cell(rx.text.strong("¥", r["requested"])),
        rx.table.cell("¥", r["limit"]),
        rx.table.cell(r["asked_at"]),
        rx.table.cell(
            rx.vstack(
                rx.hstack(
                    rx.button(
                        t("ticket.approve_button"),
                        on_click=S.approve(r["number"], r["version"].to(int), r["requested"]),
                        size="1",
                        class_name="approve-button",
                    ),
                    rx.form(
                        rx.hstack(
                            rx.input(name="reason", placeholder=t("ticket.decline_hint"), size="1", width="14em"),
                            rx.button(t("ticket.decline_button"), type="submit", size="1", variant="soft", color_scheme="red"),
                        ),
                        on_submit=lambda form: S.decline(r["number"], r["version"].to(int), form),
                    ),
                    align="center",
                ),
                field_error(S.errors.get(r["number"], "")),
                spacing="1",
            )
        ),
        key=r["number"],
    )


def _table() -> rx.Component:
    headers = ["ticket.number", "ticket.outlet", "ticket.category", "ticket.stage", "approvals.requested", "approvals.limit"]
    return rx.vstack(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[rx.table.column_header_cell(t(k)) for k in headers],
                    rx.table.column_header_cell(t("approvals.asked_at")),
                    rx.table.column_header_cell(""),
                )
            ),
            rx.table.body(rx.foreach(S.rows, _row)),
            variant="surface",
            width="100%",
            id="approvals-table",
        ),
        pager(S.page, S.pages, S.turn, "approvals"),
        width="100%",
    )


@app_page("/approvals", "approvals.title", on_load=[S.load])
def approvals() -> rx.Component:
    return rx.vstack(
        rx.hstack(page_title("approvals.title"), rx.badge(S.total, size="2", id="approvals-count"), align="baseline"),
        rx.cond(S.total > 0, _table(), empty_state("badge-check", "approvals.empty")),
        width="100%",
    )
