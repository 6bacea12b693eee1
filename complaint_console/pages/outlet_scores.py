"""/scores/[code]: one outlet's week — its score, the live tickets behind it, counts, inspection."""

import reflex as rx

from complaint_console.components.chart import chart
from complaint_console.components.i18n import on_language_switch, t, tv
from complaint_console.components.inspection_comments import inspection_comments
from complaint_console.components.score_cells import change_cell, tier_badge, warning_flag
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import detail_page
from complaint_console.domain.inspection import RUBRIC
from complaint_console.states.outlet_scores import OutletScoreState
from complaint_console.states.score_view import LIVE
from complaint_console.states.session import SessionState


def _stat(label_key: str, value: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(t(label_key), size="1", color=rx.color("gray", 11)), rx.text(value, size="5", weight="bold"), spacing="0"
    )


def _count_table(title_key: str, rows: rx.Var, prefix: str, id: str) -> rx.Component:
    return rx.card(
        rx.text(t(title_key), weight="bold", size="2"),
        rx.table.root(
            rx.table.body(
                rx.foreach(
                    rows,
                    lambda r: rx.table.row(
                        rx.table.cell(rx.cond(r[0] == "", t("scores.none"), tv(r[0], prefix))), rx.table.cell(r[1])
                    ),
                )
            ),
            size="1",
        ),
        width="100%",
        id=id,
    )


def _missed_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(r["number"], href="/tickets/" + r["number"], class_name="missed-ticket")),
        rx.table.cell(tv(r["category"], "category.")),
        rx.table.cell(tv(r["severity"], "severity.")),
        rx.table.cell(tv(r["stage"], "stage.")),
        rx.table.cell(r["due"]),
        rx.table.cell(r["responded"]),
        rx.table.cell(r["resolved"]),
        key=r["number"],
    )


def _live_card() -> rx.Component:
    """This week so far (live, partial): scored on the tickets already due; those not yet due beside it."""
    s = OutletScoreState
    return rx.card(
        rx.hstack(
            rx.badge(rx.icon("activity", size=12), t("scores.live"), color_scheme="blue"),
            _stat("scores.col.score", s.live_row["score"]),
            rx.vstack(rx.text(t("scores.col.tier"), size="1", color=rx.color("gray", 11)), tier_badge(s.live_row), spacing="1"),
            _stat("scores.col.cohort", s.live_row["cohort"]),
            _stat("scores.not_yet_due_label", s.live_row["not_yet_due"]),
            _stat("scores.col.resolution", s.live_row["resolution"]),
            _stat("scores.col.timeliness", s.live_row["timeliness"]),
            _stat("scores.col.satisfaction", s.live_row["satisfaction"]),
            spacing="6",
            wrap="wrap",
            align="center",
        ),
        width="100%",
        id="outlet-live",
    )


def _outlet_body() -> rx.Component:
    s = OutletScoreState
    return rx.vstack(
        on_language_switch(s.follow_language),
        rx.hstack(
            rx.heading(s.outlet_code, " · ", s.name, size="6", id="outlet-heading"),
            rx.badge(rx.cond(SessionState.lang == "zh", s.region_names[1], s.region_names[0])),
            rx.spacer(),
            rx.select.root(
                rx.select.trigger(id="outlet-week", aria_label=t("scores.week")),
                rx.select.content(
                    rx.select.item(t("scores.live"), value=LIVE),
                    rx.foreach(s.weeks, lambda w: rx.select.item(t("scores.week_of"), " ", w, value=w)),
                ),
                value=s.week,
                on_change=s.choose_week,
            ),
            width="100%",
            align="center",
        ),
        rx.card(
            rx.hstack(
                _stat("scores.col.score", s.latest["score"]),
                rx.vstack(
                    rx.text(t("scores.col.tier"), size="1", color=rx.color("gray", 11)),
                    tier_badge(s.latest),
                    spacing="1",
                ),
                _stat("scores.col.rank", s.latest["rank"]),
                _stat("scores.col.resolution", s.latest["resolution"]),
                _stat("scores.col.timeliness", s.latest["timeliness"]),
                _stat("scores.col.satisfaction", s.latest["satisfaction"]),
                _stat("scores.col.received", s.latest["received"]),
                _stat("scores.col.repeat", s.latest["repeat"]),
                _stat("scores.col.per_10k", s.latest["per_10k"]),
                _stat("scores.col.escalations", s.latest["escalations"]),
                _stat("scores.col.compensation", s.latest["compensation"]),
                rx.vstack(
                    rx.text(t("scores.col.change"), size="1", color=rx.color("gray", 11)),
                    change_cell(s.latest),
                    warning_flag(s.latest["warning"]),
                    spacing="1",
                ),
                spacing="6",
                wrap="wrap",
            ),
            width="100%",
            id="outlet-summary",
        ),
        rx.cond(s.live_row.contains("score"), _live_card()),
        _inspection_card(),
        inspection_comments(),
        rx.grid(
            rx.card(
                rx.text(t("scores.trend"), weight="bold", size="2"),
                chart(s.trend_fig),
                id="outlet-trend",
            ),
            rx.card(
                rx.text(t("scores.col.received"), " / ", t("scores.col.cohort"), weight="bold", size="2"),
                chart(s.volume_fig),
            ),
            columns="2",
            spacing="3",
            width="100%",
        ),
        rx.grid(
            _count_table("scores.by_category", s.categories, "category.", "by-category"),
            _count_table("scores.by_root_cause", s.root_causes, "root_cause.", "by-root-cause"),
            rx.card(
                rx.text(t("scores.sla_by_severity"), weight="bold", size="2"),
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell(t("ticket.severity")),
                            rx.table.column_header_cell(t("scores.col.cohort")),
                            rx.table.column_header_cell(t("scores.on_time")),
                            rx.table.column_header_cell(t("scores.compliance")),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            s.severities,
                            lambda r: rx.table.row(
                                rx.table.cell(tv(r["severity"], "severity.")),
                                rx.table.cell(r["cohort"]),
                                rx.table.cell(r["on_time"]),
                                rx.table.cell(r["compliance"]),
                            ),
                        )
                    ),
                    size="1",
                ),
                id="sla-by-severity",
            ),
            columns="3",
            spacing="3",
            width="100%",
        ),
        rx.card(
            rx.hstack(
                rx.text(t("scores.missed"), weight="bold"),
                rx.badge(s.missed_total, color_scheme="red"),
                rx.cond(s.missed_more, rx.text(t("scores.missed_more"), " ", s.missed_total, size="1")),
                align="center",
            ),
            rx.cond(
                s.missed_total > 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(t(k))
                                for k in ("ticket.number", "ticket.category", "ticket.severity", "ticket.stage", "scores.due")
                            ],
                            rx.table.column_header_cell(t("scores.col.first_response")),
                            rx.table.column_header_cell(t("scores.col.resolved_at")),
                        )
                    ),
                    rx.table.body(rx.foreach(s.missed, _missed_row)),
                    size="1",
                    width="100%",
                    id="missed-tickets",
                ),
                rx.text(t("scores.missed_none"), size="2", color=rx.color("gray", 11)),
            ),
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def _inspection_card() -> rx.Component:
    """Quality-inspection averages of the outlet's reviewed sample items, last 12 weeks."""
    r = OutletScoreState.inspection
    return rx.card(
        rx.hstack(
            rx.icon("clipboard-check", size=16),
            rx.text(t("inspection.results"), weight="bold"),
            rx.badge(t("inspection.results_count"), " ", r["reviewed"], id="inspection-reviewed"),
            align="center",
        ),
        rx.cond(
            r["reviewed"] != "0",
            rx.hstack(
                _stat("inspection.overall", r["overall"]),
                *[_stat(f"inspection.rubric.{d}", r[d]) for d in RUBRIC],
                spacing="6",
                wrap="wrap",
                margin_top="0.5em",
            ),
            rx.text(t("inspection.results_none"), size="2", color=rx.color("gray", 11)),
        ),
        width="100%",
        id="inspection-results",
    )


@app_page("/scores/[code]", "scores.outlet_title", on_load=[OutletScoreState.load])
def outlet_scores() -> rx.Component:
    s = OutletScoreState
    return detail_page("scores.back", "/scores", s.loaded, s.found, _outlet_body(), "scores.not_found")
