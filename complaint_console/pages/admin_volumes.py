"""/admin/volumes (hq_admin): import weekly parcel volumes from CSV; the imported weeks."""

import reflex as rx

from complaint_console.components import import_report as ir
from complaint_console.components.i18n import t
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import empty_state, page_title, pager
from complaint_console.domain.import_rows import VOLUME_COLUMNS
from complaint_console.states.admin_volumes import UPLOAD_ID, VolumesState

EXAMPLE = "/examples/volumes-example.csv"


def _import() -> rx.Component:
    return rx.vstack(
        rx.text(t("import.volumes_intro"), size="2", max_width="48em"),
        ir.columns_hint(VOLUME_COLUMNS),
        rx.link(
            rx.hstack(rx.icon("download", size=14), t("import.example"), align="center", spacing="1"),
            href=EXAMPLE,
            download="volumes-example.csv",
            id="volumes-example",
        ),  # fmt: skip
        ir.file_picker(UPLOAD_ID),
        rx.button(
            rx.icon("upload", size=16),
            t("import.start"),
            on_click=VolumesState.receive(rx.upload_files(upload_id=UPLOAD_ID)),
            id="volumes-start",
        ),  # fmt: skip
        ir.file_error(VolumesState.file_error, VolumesState.file_detail),
        rx.cond(
            VolumesState.finished,
            ir.report(VolumesState.imported, VolumesState.rejected, VolumesState.problems, VolumesState.more_problems),
        ),
        spacing="3",
        width="100%",
        align="start",
    )


def _week_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(row["week"], href="/scores")),
        rx.table.cell(row["outlets"]),
        rx.table.cell(row["parcels"]),
        key=row["week"],
    )


def _weeks() -> rx.Component:
    return rx.vstack(
        rx.heading(t("import.current_volumes"), size="4"),
        rx.cond(
            VolumesState.weeks.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("scores.week_of"), width="12em"),
                        rx.table.column_header_cell(t("import.outlets_count")),
                        rx.table.column_header_cell(t("import.parcels")),
                    )
                ),
                rx.table.body(rx.foreach(VolumesState.weeks, _week_row)),
                variant="surface",
                size="1",
                width="100%",
                max_width="40em",
                id="volume-weeks",
            ),
            empty_state("package", "import.no_volumes"),
        ),
        pager(VolumesState.page, VolumesState.pages, VolumesState.turn, "volumes"),
        spacing="3",
        width="100%",
        align="start",
    )


@app_page("/admin/volumes", "admin.volumes", on_load=[VolumesState.load])
def admin_volumes() -> rx.Component:
    return rx.vstack(page_title("admin.volumes"), _import(), rx.separator(), _weeks(), spacing="4", width="100%", align="start")
