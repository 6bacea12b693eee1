"""/periods (HQ): outlet scores by month and by quarter, beside the weekly view."""

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.score_headline import TIER_SCHEME
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import empty_state, page_title, pager
from complaint_console.states.score_periods import PeriodScoresState as P
from complaint_console.states.session import SessionState

COLUMNS = (
    "rank",
    "code",
    "name",
    "region",
    "weeks",
    "score",
    "tier",
    "resolution",
    "timeliness",
    "satisfaction",
    "received",
    "change",
)


def _picker(label_key: str, id: str, value: rx.Var, field: str, items: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.text(t(label_key), size="1", weight="medium"),
        rx.select.root(
            rx.select.trigger(id=id, min_width="10em", aria_label=t(label_key)),
            rx.select.content(items),
            value=value,
            on_change=lambda v: P.choose(field, v),
        ),
        spacing="1",
    )


def _filters() -> rx.Component:
    return rx.hstack(
        _picker(
            "periods.kind",
            "period-kind",
            P.kind,
            "kind",
            rx.fragment(
                rx.select.item(t("periods.kind.month"), value="month"), rx.select.item(t("periods.kind.quarter"), value="quarter")
            ),
        ),
        _picker(
            "periods.period", "period-picker", P.period, "period", rx.foreach(P.periods, lambda p: rx.select.item(p, value=p))
        ),
        _picker(
            "scores.region",
            "period-region",
            rx.cond(P.region == "", "all", P.region),
            "region",
            rx.fragment(
                rx.select.item(t("scores.all_regions"), value="all"),
                rx.foreach(P.regions, lambda r: rx.select.item(rx.cond(SessionState.lang == "zh", r[2], r[1]), value=r[0])),
            ),
        ),
        rx.link(rx.button(rx.icon("calendar-days", size=14), t("periods.weekly"), variant="soft"), href="/scores"),
        align="end",
        wrap="wrap",
        spacing="3",
    )


def _row(r: rx.Var) -> rx.Component:
    tier = rx.match(r["tier"], *[(k, rx.badge(k, color_scheme=v, variant="solid")) for k, v in TIER_SCHEME.items()], rx.text("—"))
    return rx.table.row(
        rx.table.cell(r["rank"]),
        rx.table.cell(r["code"]),
        rx.table.cell(r["name"]),
        rx.table.cell(r["region"]),
        rx.table.cell(r["weeks"]),
        rx.table.cell(rx.text(r["score"], weight="bold")),
        rx.table.cell(tier),
        rx.table.cell(r["resolution"]),
        rx.table.cell(r["timeliness"]),
        rx.table.cell(r["satisfaction"]),
        rx.table.cell(r["received"]),
        rx.table.cell(r["change"]),
        class_name="period-row",
        white_space="nowrap",
    )


@app_page("/periods", "periods.title", on_load=[P.load])
def score_periods() -> rx.Component:
    return rx.vstack(
        page_title("periods.title"),
        rx.text(t("periods.hint"), size="2", color=rx.color("gray", 11)),
        _filters(),
        rx.hstack(
            rx.text(
                P.total,
                " ",
                t("scores.outlets_count"),
                " · ",
                t("periods.weeks_held"),
                " ",
                P.weeks.join(", "),
                size="2",
                color=rx.color("gray", 11),
                id="period-total",
            ),
            rx.spacer(),
            pager(P.page, P.pages, P.turn, "periods-pager"),
            width="100%",
            align="center",
        ),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(f"periods.col.{c}")) for c in COLUMNS])),
                rx.table.body(rx.foreach(P.rows, _row)),
                variant="surface",
                size="1",
                width="100%",
                id="period-table",
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.cond(P.loaded & (P.total == 0), empty_state("calendar-x", "periods.none")),
        spacing="3",
        width="100%",
    )
