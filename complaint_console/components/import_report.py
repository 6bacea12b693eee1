"""Pieces shared by the CSV import pages: the file picker, file errors and the report."""

from __future__ import annotations

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.widgets import labelled_upload
from complaint_console.i18n import en

MESSAGE_PREFIXES = ("intake.", "import.", "move.", "outlet.", "user.")


def problem_message(key: rx.Var) -> rx.Component:
    """A problem's message key (an intake or import message) in the user's language."""
    keys = sorted(k for k in en.MESSAGES if k.startswith(MESSAGE_PREFIXES))
    return rx.match(key, *[(k, t(k)) for k in keys], key)


def file_picker(upload_id: str) -> rx.Component:
    return rx.vstack(
        labelled_upload(
            t("import.choose_file"),
            rx.vstack(rx.icon("file-spreadsheet", size=22), rx.text(t("import.choose_file"), size="2"), align="center"),
            id=upload_id,
            max_files=1,
            accept={
                "text/csv": [".csv"],
                "text/plain": [".csv", ".txt"],
                "application/vnd.ms-excel": [".csv"],
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
            },
            border=f"1px dashed {rx.color('gray', 7)}",
            padding="1.25em",
            width="100%",
        ),
        rx.foreach(
            rx.selected_files(upload_id), lambda name: rx.text(name, size="2", weight="medium", class_name="selected-file")
        ),
        width="100%",
        max_width="40em",
    )


def file_error(key: rx.Var, detail: rx.Var) -> rx.Component:
    return rx.cond(
        key != "",
        rx.callout(
            rx.text(t("import.file_refused"), " ", problem_message(key), " ", rx.text.strong(detail)),
            icon="circle-x",
            color_scheme="red",
            role="alert",
            id="import-file-error",
        ),
    )


def _problem_row(p: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(p["line"]),
        rx.table.cell(rx.code(p["field"])),
        rx.table.cell(problem_message(p["message"])),
    )


def report(imported: rx.Var, rejected: rx.Var, problems: rx.Var, more: rx.Var) -> rx.Component:
    """Imported N, rejected M, then the rejected rows: line, column, message."""
    return rx.vstack(
        rx.hstack(
            rx.badge(
                rx.icon("check", size=14),
                t("import.imported"),
                " ",
                rx.text.strong(imported, id="import-imported"),
                color_scheme="green",
                size="3",
            ),
            rx.badge(
                rx.icon("x", size=14),
                t("import.rejected"),
                " ",
                rx.text.strong(rejected, id="import-rejected"),
                color_scheme=rx.cond(rejected > 0, "red", "gray"),
                size="3",
            ),
            spacing="3",
        ),
        rx.cond(
            problems.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("import.line"), width="6em"),
                        rx.table.column_header_cell(t("import.field"), width="12em"),
                        rx.table.column_header_cell(t("import.message")),
                    )
                ),
                rx.table.body(rx.foreach(problems, _problem_row)),
                variant="surface",
                size="1",
                width="100%",
                id="import-problems",
            ),
            rx.cond(rejected == 0, rx.text(t("import.all_good"), color=rx.color("green", 11), size="2")),
        ),
        rx.cond(more > 0, rx.text("… ", more, " ", t("import.more_problems"), size="2", color=rx.color("gray", 11))),
        spacing="3",
        width="100%",
        id="import-report",
    )


def progress(done: rx.Var, total: rx.Var, percent: rx.Var, running: rx.Var) -> rx.Component:
    """A long import's progress bar: rows done of the file's rows, while it runs and after."""
    return rx.vstack(
        rx.progress(value=percent, max=100, width="100%", max_width="40em", id="import-progress"),
        rx.text(
            done,
            " / ",
            total,
            " ",
            t("import.rows_done"),
            " (",
            percent,
            "%)",
            rx.cond(running, rx.text.span(" · ", t("import.running"))),
            size="2",
            color=rx.color("gray", 11),
            id="import-progress-text",
        ),
        width="100%",
        spacing="1",
    )


def columns_hint(required: tuple[str, ...], optional: tuple[str, ...] = ()) -> rx.Component:
    parts = [rx.text(t("import.required"), " ", *[rx.code(c, margin_right="0.4em") for c in required], size="2")]
    if optional:
        parts.append(rx.text(t("import.optional"), " ", *[rx.code(c, margin_right="0.4em") for c in optional], size="2"))
    return rx.vstack(*parts, spacing="1")


def upload_panel(
    state: type[rx.State],
    upload_id: str,
    id_prefix: str,
    intro_key: str,
    columns: tuple[tuple[str, ...], tuple[str, ...]],
    example: str,
    *,
    hints: tuple[rx.Component, ...] = (),
    options: tuple[rx.Component, ...] = (),
    notices: tuple[rx.Component, ...] = (),
) -> rx.Component:
    """What every CSV import page shows, for a state with `ImportReportState`'s vars and a
    `receive` handler: intro, columns, an example file, the picker, start, and the report.
    `options` stand above the start button; `notices` between the file error and the report."""
    return rx.vstack(
        rx.text(t(intro_key), size="2", max_width="48em"),
        columns_hint(*columns),
        *hints,
        rx.link(
            rx.hstack(rx.icon("download", size=14), t("import.example"), align="center", spacing="1"),
            href=f"/examples/{example}",
            download=example,
            id=f"{id_prefix}-example",
        ),
        file_picker(upload_id),
        *options,
        rx.button(
            rx.icon("upload", size=16),
            t("import.start"),
            on_click=state.receive(rx.upload_files(upload_id=upload_id)),
            loading=getattr(state, "running", False),
            id=f"{id_prefix}-start",
        ),
        file_error(state.file_error, state.file_detail),
        *notices,
        rx.cond(state.finished, report(state.imported, state.rejected, state.problems, state.more_problems)),
        spacing="3",
        width="100%",
        align="start",
    )
