"""/admin/import (hq_admin): import complaints from a CSV file, with progress and a report, and
the record of past imports (all kinds) with their status, progress and "resume"."""

import reflex as rx

from complaint_console.components import import_report as ir
from complaint_console.components.i18n import t, tv
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import page_title
from complaint_console.domain.import_rows import TICKET_OPTIONAL, TICKET_REQUIRED
from complaint_console.states.admin_import import UPLOAD_ID, TicketImportState

S = TicketImportState
STATUS_COLOURS = (("done", "green"), ("failed", "red"), ("interrupted", "orange"), ("running", "blue"))


def _job_row(job: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text("#", job["id"]), rx.text(tv(job["kind"], "import_kind."), size="1", color=rx.color("gray", 11))),
        rx.table.cell(
            rx.text(job["file"], size="2"),
            rx.text(rx.cond(job["by"] != "", job["by"], t("import.by_operator")), size="1", color=rx.color("gray", 11)),
        ),
        rx.table.cell(rx.text(job["started"], size="2", white_space="nowrap")),
        rx.table.cell(
            rx.badge(
                tv(job["status"], "import_status."),
                color_scheme=rx.match(job["status"], *STATUS_COLOURS, "gray"),
                class_name="import-job-status",
            ),
            rx.cond(job["resumed_by"] != "", rx.text(t("import.resumed_as"), job["resumed_by"], size="1")),
            rx.cond(job["retry_of"] != "", rx.text(t("import.resuming"), job["retry_of"], size="1")),
        ),
        rx.table.cell(
            rx.text(job["done"], " / ", job["total"], size="2", white_space="nowrap", class_name="import-job-progress")
        ),
        rx.table.cell(
            rx.text(
                t("import.imported"),
                " ",
                job["imported"],
                " · ",
                t("import.already"),
                " ",
                job["already"],
                " · ",
                t("import.rejected"),
                " ",
                job["rejected"],
                size="1",
            )
        ),
        rx.table.cell(
            rx.cond(
                job["resumable"] == "1",
                rx.button(
                    rx.icon("play", size=14),
                    t("import.resume"),
                    on_click=S.resume(job["id"]),
                    size="1",
                    variant="soft",
                    disabled=S.running,
                    id="import-resume-" + job["id"],
                ),
            )
        ),
        id="import-job-" + job["id"],
    )


def _history() -> rx.Component:
    return rx.vstack(
        rx.heading(t("import.history"), size="4"),
        rx.cond(
            S.jobs.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(t(k))
                            for k in ("import.job", "import.file", "import.started", "import.status", "import.progress")
                        ],
                        rx.table.column_header_cell(""),
                        rx.table.column_header_cell(""),
                    )
                ),
                rx.table.body(rx.foreach(S.jobs, _job_row)),
                variant="surface",
                size="1",
                width="100%",
                id="import-jobs",
            ),
            rx.text(t("import.history_empty"), size="2", color=rx.color("gray", 11)),
        ),
        spacing="2",
        width="100%",
        align="start",
    )


@app_page("/admin/import", "admin.import_tickets", on_load=[TicketImportState.load])
def admin_import() -> rx.Component:
    return rx.vstack(
        page_title("admin.import_tickets"),
        ir.upload_panel(
            TicketImportState,
            UPLOAD_ID,
            "import",
            "import.tickets_intro",
            (TICKET_REQUIRED, TICKET_OPTIONAL),
            "tickets-example.csv",
            hints=(rx.text(t("import.received_hint"), size="2", color=rx.color("gray", 11), max_width="48em"),),
            notices=(
                rx.cond(
                    TicketImportState.running | TicketImportState.finished,
                    ir.progress(
                        TicketImportState.done, TicketImportState.total, TicketImportState.percent, TicketImportState.running
                    ),
                ),
                rx.cond(
                    TicketImportState.already > 0,
                    rx.badge(
                        t("import.already"),
                        " ",
                        rx.text.strong(TicketImportState.already, id="import-already"),
                        color_scheme="gray",
                        size="3",
                    ),
                ),
            ),
        ),
        _history(),
        spacing="3",
        width="100%",
        align="start",
    )
