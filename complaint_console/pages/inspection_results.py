"""/inspection-results (HQ, training lead): every inspector's review of a week's samples, side by
side, and how far the inspectors agree (the calibration view)."""

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import empty_state, page_title
from complaint_console.domain.inspection import RUBRIC
from complaint_console.states.inspection_results import CalibrationState as C


def _figure(label: rx.Component, value: rx.Var, id: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=rx.color("gray", 11)),
        rx.text(value, size="5", weight="bold", id=id),
        spacing="0",
    )


def _figures() -> rx.Component:
    f = C.figures
    return rx.card(
        rx.vstack(
            rx.hstack(
                _figure(t("calibration.overall"), f["overall"], "agreement-overall"),
                _figure(t("calibration.reviewed"), f["reviewed"], "calibration-reviewed"),
                _figure(t("calibration.doubled"), f["doubled"], "calibration-doubled"),
                spacing="6",
                wrap="wrap",
            ),
            rx.hstack(
                *[
                    _figure(
                        t(f"inspection.rubric.{d}"),
                        rx.fragment(f[f"rate_{d}"], " · Δ ", f[f"diff_{d}"]),
                        f"agreement-{d}",
                    )
                    for d in RUBRIC
                ],
                spacing="6",
                wrap="wrap",
            ),
            rx.text(t("calibration.rule"), " ", f["within"], size="1", color=rx.color("gray", 10)),
            spacing="3",
        ),
        width="100%",
        id="calibration-figures",
    )


def _row(r: rx.Var) -> rx.Component:
    diff = r["kind"] == "diff"
    return rx.table.row(
        rx.table.cell(rx.cond(diff, "", rx.text(r["number"], weight="medium")), white_space="nowrap"),
        rx.table.cell(rx.cond(diff, "", r["outlet"])),
        rx.table.cell(rx.cond(diff, rx.text(t("calibration.difference"), weight="bold"), r["reviewer"])),
        *[
            rx.table.cell(
                rx.cond(
                    diff,
                    rx.badge(r[d], color_scheme=rx.cond(r[d] == "0", "green", rx.cond(r[d] == "1", "amber", "red"))),
                    r[d],
                ),
                class_name=f"score-{d}",
            )
            for d in RUBRIC
        ],
        rx.table.cell(r["overall"]),
        rx.table.cell(rx.text(r["comment"], size="1", white_space="pre-wrap"), max_width="24em"),
        class_name=rx.cond(diff, "calibration-diff", "calibration-review"),
        custom_attrs={"data-number": r["number"]},
    )


def _table() -> rx.Component:
    headers = [
        t("ticket.number"),
        t("ticket.outlet"),
        t("calibration.inspector"),
        *[t(f"inspection.rubric.{d}") for d in RUBRIC],
        t("inspection.overall"),
        t("inspection.comment"),
    ]
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(C.rows, _row)),
        variant="surface",
        width="100%",
        id="calibration-table",
    )


@app_page("/inspection-results", "calibration.title", on_load=[C.load])
def inspection_results() -> rx.Component:
    return rx.vstack(
        page_title("calibration.title"),
        rx.text(t("calibration.intro"), size="2", color=rx.color("gray", 11)),
        rx.hstack(
            rx.text(t("inspection.week"), size="1", color=rx.color("gray", 11)),
            rx.select.root(
                rx.select.trigger(width="10em", id="calibration-week", aria_label=t("inspection.week")),
                rx.select.content(rx.foreach(C.weeks, lambda w: rx.select.item(w, value=w))),
                value=C.week,
                on_change=C.choose_week,
            ),
            align="center",
        ),
        rx.cond(
            C.week != "",
            rx.vstack(
                _figures(),
                rx.cond(C.rows.length() > 0, _table(), empty_state("clipboard-check", "calibration.none")),
                width="100%",
            ),
            empty_state("clipboard-check", "inspection.no_samples"),
        ),
        spacing="3",
        width="100%",
    )
