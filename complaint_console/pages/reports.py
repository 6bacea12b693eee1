"""/reports: the weekly review reports, newest first. /reports/<week>: one report, with downloads."""

import reflex as rx

from complaint_console.components.chart import chart_card
from complaint_console.components.i18n import on_language_switch, t, tv
from complaint_console.components.score_cells import change_cell, tier_badge, warning_flag
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import detail_page, empty_state, page_title
from complaint_console.states.reports import ReportsState, ReportState


@app_page("/reports", "reports.title", on_load=[ReportsState.load])
def reports() -> rx.Component:
    return rx.vstack(
        page_title("reports.title"),
        rx.cond(
            ReportsState.items.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(t(k))
                            for k in (
                                "scores.week_of",
                                "reports.metric.score",
                                "reports.outlets",
                                "reports.ranked",
                                "reports.warnings_count",
                            )
                        ],
                        rx.table.column_header_cell(""),
                    )
                ),
                rx.table.body(
                    rx.foreach(
                        ReportsState.items,
                        lambda r: rx.table.row(
                            rx.table.cell(rx.link(r["week"], href="/reports/" + r["week"], class_name="report-link")),
                            rx.table.cell(r["score"]),
                            rx.table.cell(r["outlets"]),
                            rx.table.cell(r["ranked"]),
                            rx.table.cell(r["warnings"]),
                            rx.table.cell(rx.link(t("reports.open"), href="/reports/" + r["week"])),
                        ),
                    )
                ),
                variant="surface",
                id="report-list",
            ),
            empty_state("file-text", "reports.empty"),
        ),
        width="100%",
    )


def _outlets(title_key: str, rows: rx.Var, id: str) -> rx.Component:
    return rx.card(
        rx.text(t(title_key), weight="bold", size="2"),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(t(f"scores.col.{k}"))
                        for k in ("rank", "code", "name", "score", "tier", "change")
                    ]
                )
            ),
            rx.table.body(
                rx.foreach(
                    rows,
                    lambda r: rx.table.row(
                        rx.table.cell(r["rank"]),
                        rx.table.cell(rx.link(r["code"], href="/scores/" + r["code"])),
                        rx.table.cell(r["name"], white_space="nowrap"),
                        rx.table.cell(r["score"]),
                        rx.table.cell(tier_badge(r)),
                        rx.table.cell(change_cell(r)),
                    ),
                )
            ),
            size="1",
        ),
        width="100%",
        id=id,
    )


def _report_body() -> rx.Component:
    s = ReportState
    return rx.vstack(
        on_language_switch(s.follow_language),
        rx.hstack(
            rx.heading(t("reports.report_title"), " · ", t("scores.week_of"), " ", s.week, size="6", id="report-heading"),
            rx.spacer(),
            rx.button(
                rx.icon("sheet", size=14),
                t("reports.download_xlsx"),
                on_click=s.download("xlsx"),
                variant="outline",
                id="report-xlsx",
            ),
            rx.button(rx.icon("file-down", size=14), t("reports.download_pdf"), on_click=s.download("pdf"), id="report-pdf"),
            width="100%",
            align="center",
        ),
        rx.card(
            rx.text(t("reports.network"), weight="bold", size="2"),
            rx.flex(
                rx.foreach(
                    s.totals,
                    lambda r: rx.vstack(
                        rx.text(tv(r["key"], "reports.metric."), size="1", color=rx.color("gray", 11)),
                        rx.text(r["value"], size="5", weight="bold"),
                        change_cell(r),
                        spacing="0",
                    ),
                ),
                gap="2em",
                wrap="wrap",
            ),
            width="100%",
            id="report-totals",
        ),
        rx.grid(
            chart_card("scores.sla_by_severity", s.sla_fig, "report-chart-sla"),
            chart_card("scores.chart.categories", s.category_fig, "report-chart-categories"),
            chart_card("scores.chart.channels", s.channel_fig, "report-chart-channels"),
            columns="3",
            spacing="3",
            width="100%",
        ),
        rx.grid(
            _outlets("reports.best", s.best, "report-best"),
            _outlets("reports.worst", s.worst, "report-worst"),
            _outlets("reports.risers", s.risers, "report-risers"),
            _outlets("reports.fallers", s.fallers, "report-fallers"),
            columns="2",
            spacing="3",
            width="100%",
        ),
        rx.card(
            rx.text(t("scores.warnings_title"), weight="bold", size="2"),
            rx.cond(
                s.warnings.length() > 0,
                rx.flex(
                    rx.foreach(
                        s.warnings,
                        lambda w: rx.hstack(
                            rx.link(w["code"], href="/scores/" + w["code"]), warning_flag(w["warning"]), align="center"
                        ),
                    ),
                    wrap="wrap",
                    gap="1em",
                ),
                rx.text(t("scores.warnings_none"), size="2"),
            ),
            width="100%",
            id="report-warnings",
        ),
        rx.card(
            rx.text(t("reports.cases"), weight="bold", size="2"),
            rx.cond(
                s.cases.length() > 0,
                rx.vstack(
                    rx.foreach(
                        s.cases,
                        lambda c: rx.hstack(
                            rx.link(c["number"], href="/cases/ticket/" + c["number"]),
                            rx.text(c["title"], size="2"),
                            rx.badge(tv(c["practice"], "cases.practice."), size="1"),
                            align="center",
                        ),
                    ),
                    spacing="1",
                ),
                rx.text(t("reports.cases_none"), size="2"),
            ),
            width="100%",
            id="report-cases",
        ),
        spacing="3",
        width="100%",
    )


@app_page("/reports/[report_week]", "reports.report_title", on_load=[ReportState.load])
def report() -> rx.Component:
    s = ReportState
    return detail_page("reports.title", "/reports", s.loaded, s.found, _report_body(), "reports.not_found")
