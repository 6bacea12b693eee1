"""/admin/volumes (hq_admin): import weekly parcel volumes from CSV; the imported weeks."""

import reflex as rx

from complaint_console.components import import_report as ir
from complaint_console.components.i18n import t
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import data_table, empty_state, page_title, pager
from complaint_console.domain.import_rows import VOLUME_COLUMNS
from complaint_console.states.admin_volumes import UPLOAD_ID, VolumesState


def _import() -> rx.Component:
    return ir.upload_panel(
        VolumesState, UPLOAD_ID, "volumes", "import.volumes_intro", (VOLUME_COLUMNS, ()), "volumes-example.csv"
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
            data_table(
                [("scores.week_of", "12em"), ("import.outlets_count", None), ("import.parcels", None)],
                VolumesState.weeks,
                _week_row,
                "volume-weeks",
                max_width="40em",
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
