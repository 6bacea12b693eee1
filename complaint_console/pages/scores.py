"""/scores: the network's outlet table, charts and early warnings (HQ). /scores/<code>: one outlet."""

import reflex as rx

from complaint_console.components.chart import chart, chart_card
from complaint_console.components.i18n import on_language_switch, t, tv
from complaint_console.components.inspection_comments import inspection_comments
from complaint_console.components.score_compare import compare_picker, score_compare
from complaint_console.components.score_headline import TIER_SCHEME, outlet_href, score_headline
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import detail_page, empty_state, page_title, pager
from complaint_console.domain.inspection import RUBRIC
from complaint_console.states.outlet_scores import OutletScoreState
from complaint_console.states.score_view import ALL, LIVE
from complaint_console.states.scores import ScoreChartsState, ScoresState
from complaint_console.states.session import SessionState

# The score's change and warning beside it, where a 1440 px screen shows them without scrolling sideways.
COLUMNS = (
    "rank",
    "code",
    "name",
    "region",
    "score",
    "tier",
    "change",
    "warning",
    "resolution",
    "timeliness",
    "satisfaction",
    "received",
    "repeat",
    "per_10k",
    "escalations",
    "compensation",
)


def tier_badge(row: rx.Var) -> rx.Component:
    """The tier badge of a score row; an insufficient sample gets none, only its cohort size (DESIGN)."""
    return rx.cond(
        row["insufficient"] != "",
        rx.badge(
            t("scores.insufficient"),
            " · ",
            t("scores.cohort_of"),
            " ",
            row["cohort"],
            color_scheme="gray",
            variant="soft",
            size="1",
            class_name="insufficient",
        ),
        rx.match(
            row["tier"],
            *[(k, rx.badge(k, color_scheme=v, variant="solid")) for k, v in TIER_SCHEME.items()],
            rx.text("—"),
        ),
    )


def score_cell(row: rx.Var, live: rx.Var) -> rx.Component:
    """The score, and in the live week the open tickets not yet due beside it (never failures)."""
    return rx.hstack(
        rx.text(row["score"], weight="bold"),
        rx.cond(
            live,
            rx.text(
                "(",
                t("scores.not_yet_due"),
                " ",
                row["not_yet_due"],
                ")",
                size="1",
                color=rx.color("gray", 11),
                class_name="not-yet-due",
            ),
        ),
        spacing="1",
        align="center",
    )


def change_cell(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.match(
            row["direction"],
            ("up", rx.icon("arrow-up", size=14, color=rx.color("green", 10))),
            ("down", rx.icon("arrow-down", size=14, color=rx.color("red", 10))),
            rx.icon("minus", size=14, color=rx.color("gray", 9)),
        ),
        rx.text(row["change"]),
        spacing="1",
        align="center",
    )


def warning_flag(warning: rx.Var) -> rx.Component:
    # A native title, not a Radix tooltip: one of these per row of a 50-row table is cheap to draw.
    return rx.cond(
        warning != "",
        rx.badge(
            rx.icon("triangle-alert", size=12), tv(warning, "scores.warning."), color_scheme="amber", title=t("scores.warning")
        ),
    )


def _header_cell(key: str) -> rx.Component:
    arrow = rx.cond(
        ScoresState.sort == key,
        rx.cond(ScoresState.descending, rx.icon("chevron-down", size=14), rx.icon("chevron-up", size=14)),
        rx.icon("chevrons-up-down", size=12, color=rx.color("gray", 8)),
    )
    return rx.table.column_header_cell(
        rx.button(
            t(f"scores.col.{key}"),
            arrow,
            variant="ghost",
            size="1",
            on_click=ScoresState.sort_by(key),
            id=f"sort-{key}",
        ),
        # the sort order belongs to the column header (a button has no aria-sort)
        aria_sort=rx.cond(ScoresState.sort == key, rx.cond(ScoresState.descending, "descending", "ascending"), "none"),
        id=f"col-{key}",
        white_space="nowrap",
    )


def _table_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["rank"]),
        rx.table.cell(rx.link(row["code"], href=outlet_href(row["code"]), class_name="outlet-link")),
        rx.table.cell(row["name"], max_width="14em", overflow="hidden", text_overflow="ellipsis", white_space="nowrap"),
        rx.table.cell(rx.cond(SessionState.lang == "zh", row["region_zh"], row["region_en"]), class_name="region"),
        rx.table.cell(score_cell(row, ScoresState.live)),
        rx.table.cell(tier_badge(row)),
        rx.table.cell(change_cell(row), class_name="change"),
        rx.table.cell(warning_flag(row["warning"])),
        rx.table.cell(row["resolution"]),
        rx.table.cell(row["timeliness"], class_name="timeliness"),
        rx.table.cell(row["satisfaction"]),
        rx.table.cell(row["received"], class_name="received"),
        rx.table.cell(row["repeat"]),
        rx.table.cell(row["per_10k"], class_name="per-10k"),
        rx.table.cell(row["escalations"], class_name="escalations"),
        rx.table.cell(row["compensation"], class_name="compensation"),
        key=row["code"],
        class_name="score-row",
        white_space="nowrap",
    )


def _filters() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(t("scores.week"), size="1", weight="medium"),
            rx.select.root(
                rx.select.trigger(id="week-picker", min_width="15em", aria_label=t("scores.week")),
                rx.select.content(
                    rx.foreach(
                        ScoresState.weeks,
                        lambda w: rx.select.item(
                            rx.cond(w[0] == LIVE, rx.fragment(t("scores.live")), rx.fragment(t("scores.week_of"), " ", w[1])),
                            value=w[0],
                        ),
                    )
                ),
                value=ScoresState.week,
                on_change=ScoresState.choose_week,
            ),
            spacing="1",
        ),
        rx.vstack(
            rx.text(t("scores.region"), size="1", weight="medium"),
            rx.select.root(
                rx.select.trigger(id="region-filter", min_width="10em", aria_label=t("scores.region")),
                rx.select.content(
                    rx.select.item(t("scores.all_regions"), value=ALL),
                    rx.foreach(
                        ScoresState.region_options,
                        lambda r: rx.select.item(rx.cond(SessionState.lang == "zh", r[2], r[1]), value=r[0]),
                    ),
                ),
                value=ScoresState.region,
                on_change=ScoresState.choose_region,
            ),
            spacing="1",
        ),
        compare_picker(),
        rx.form(
            rx.hstack(
                rx.input(
                    name="search",
                    id="score-search",
                    placeholder=t("scores.search"),
                    default_value=ScoresState.search,
                    key=ScoresState.search,  # a new view (back, forward, a link) shows its own search text
                    width="16em",
                ),
                rx.button(rx.icon("search", size=14), type="submit", variant="soft", aria_label=t("scores.search")),
            ),
            on_submit=ScoresState.search_for,
        ),
        rx.link(
            rx.button(rx.icon("calendar-range", size=14), t("periods.open"), variant="soft"), href="/periods", id="periods-link"
        ),
        rx.button(
            rx.icon("file-text", size=14),
            t("scores.export_csv"),
            on_click=ScoresState.export("csv"),
            variant="outline",
            id="export-csv",
        ),
        rx.button(
            rx.icon("sheet", size=14),
            t("scores.export_xlsx"),
            on_click=ScoresState.export("xlsx"),
            variant="outline",
            id="export-xlsx",
        ),
        align="end",
        width="100%",
        wrap="wrap",
    )


def _charts() -> rx.Component:
    return rx.grid(
        chart_card(
            "scores.chart.distribution",
            ScoreChartsState.distribution,
            "chart-distribution",
            on_click=ScoresState.drill_band,
            hint_key="scores.drill.band",
        ),
        chart_card(
            "scores.chart.regions",
            ScoreChartsState.regions,
            "chart-regions",
            on_click=ScoresState.drill_region,
            hint_key="scores.drill.region",
        ),
        chart_card(
            "scores.chart.trend",
            ScoreChartsState.trend,
            "chart-trend",
            on_click=ScoresState.drill_week,
            hint_key="scores.drill.week",
        ),
        chart_card(
            "scores.chart.weakest",
            ScoreChartsState.weakest,
            "chart-weakest",
            on_click=ScoresState.drill_outlet,
            hint_key="scores.drill.outlet",
        ),
        chart_card(
            "scores.chart.categories",
            ScoreChartsState.category,
            "chart-categories",
            on_click=ScoresState.drill_category,
            hint_key="scores.drill.received",
        ),
        chart_card(
            "scores.chart.channels",
            ScoreChartsState.channel,
            "chart-channels",
            on_click=ScoresState.drill_channel,
            hint_key="scores.drill.received",
        ),
        chart_card(
            "scores.chart.region_trends",
            ScoreChartsState.region_trend,
            "chart-region-trends",
            on_click=ScoresState.drill_week,
            hint_key="scores.drill.week",
        ),
        columns="2",
        spacing="3",
        width="100%",
    )


def _received_chip() -> rx.Component:
    """The slice of the category or channel chart the table is narrowed to; a click shows every outlet again."""
    kind, key = ScoresState.received.split(":")[0], ScoresState.received.split(":")[1]
    return rx.badge(
        t("scores.drill.received_chip"),
        " ",
        rx.cond(kind == "category", tv(key, "category."), tv(key, "channel.")),
        " ",
        rx.icon("x", size=12),
        on_click=ScoresState.clear_received,
        cursor="pointer",
        size="2",
        variant="soft",
        id="received-filter",
        title=t("scores.drill.clear"),
    )


@app_page("/scores", "scores.title", on_load=[ScoresState.load])
def scores() -> rx.Component:
    return rx.vstack(
        page_title("scores.title"),
        _filters(),
        rx.cond(
            ScoresState.live,
            rx.callout(t("scores.live_note"), icon="activity", color_scheme="blue", size="1", id="live-note"),
        ),
        rx.cond(
            ScoresState.band >= 0,
            rx.badge(
                t("scores.drill.band_chip"),
                " ",
                ScoresState.band * 10,
                "–",
                ScoresState.band * 10 + 10,
                " ",
                rx.icon("x", size=12),
                on_click=ScoresState.clear_band,
                cursor="pointer",
                size="2",
                variant="soft",
                id="band-filter",
                title=t("scores.drill.clear"),
            ),
        ),
        rx.cond(ScoresState.received != "", _received_chip()),
        score_headline(),
        score_compare(),
        rx.hstack(
            rx.text(ScoresState.total, " ", t("scores.outlets_count"), size="2", color=rx.color("gray", 11), id="score-total"),
            rx.spacer(),
            pager(ScoresState.page, ScoresState.pages, ScoresState.turn, "scores-pager"),
            width="100%",
            align="center",
        ),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[_header_cell(k) for k in COLUMNS])),
                rx.table.body(rx.foreach(ScoresState.rows, _table_row)),
                variant="surface",
                size="1",
                width="100%",
                id="score-table",
            ),
            overflow_x="auto",
            width="100%",
            max_width="100%",
        ),
        rx.cond(ScoresState.loaded & (ScoresState.total == 0), empty_state("search-x", "scores.no_rows")),
        on_language_switch(ScoresState.follow_language),
        # Mounted after the table (Plotly's code loads then), and not from a previous visit's state
        rx.cond(rx.State.is_hydrated & ScoreChartsState.ready, _charts()),
        spacing="3",
        width="100%",
    )


# --- one outlet ----------------------------------------------------------------------------


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
