"""/scores: the network's outlet table, charts and early warnings (HQ); one outlet's page is `outlet_scores.py`."""

import reflex as rx

from complaint_console.components.chart import chart_card
from complaint_console.components.i18n import on_language_switch, t, tv
from complaint_console.components.score_cells import change_cell, score_cell, tier_badge, warning_flag
from complaint_console.components.score_compare import compare_picker, score_compare
from complaint_console.components.score_headline import outlet_href, score_headline
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import empty_state, page_title, pager
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
