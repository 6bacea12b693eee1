"""/admin/import (hq_admin): import complaints from a CSV file, with progress and a report."""

import reflex as rx

from complaint_console.components import import_report as ir
from complaint_console.components.i18n import t
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import page_title
from complaint_console.domain.import_rows import TICKET_OPTIONAL, TICKET_REQUIRED
from complaint_console.states.admin_import import UPLOAD_ID, TicketImportState


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
            ),
        ),  # fmt: skip
        spacing="3",
        width="100%",
        align="start",
    )
