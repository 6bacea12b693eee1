"""/scores side by side: the view's key figures beside another week's or another region's."""

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.states.score_view import LIVE
from complaint_console.states.scores import ScoresState
from complaint_console.states.session import SessionState


def compare_picker() -> rx.Component:
    """The "compare with" choice among the filters: a frozen week (same region) or a region (same week)."""
    return rx.vstack(
        rx.text(t("scores.compare"), size="1", weight="medium"),
        rx.select.root(
            rx.select.trigger(id="compare-picker", min_width="12em", aria_label=t("scores.compare")),
            rx.select.content(
                rx.select.item(t("scores.compare.none"), value="none"),
                rx.select.group(
                    rx.select.label(t("scores.compare.region")),
                    rx.foreach(
                        ScoresState.region_options,
                        lambda r: rx.select.item(rx.cond(SessionState.lang == "zh", r[2], r[1]), value="region:" + r[0]),
                    ),
                ),
                rx.select.group(
                    rx.select.label(t("scores.compare.week")),
                    rx.foreach(
                        ScoresState.weeks,
                        lambda w: rx.cond(w[0] != LIVE, rx.select.item(t("scores.week_of"), " ", w[1], value="week:" + w[0])),
                    ),
                ),
            ),
            value=rx.cond(ScoresState.vs == "", "none", ScoresState.vs),
            on_change=ScoresState.compare_with,
        ),
        spacing="1",
    )


def _head(side: str) -> rx.Var:
    return rx.cond(SessionState.lang == "zh", ScoresState.compare_heads[f"{side}_zh"], ScoresState.compare_heads[f"{side}_en"])


def score_compare() -> rx.Component:
    cell = rx.table.column_header_cell
    return rx.cond(
        (ScoresState.vs != "") & (ScoresState.comparison.length() > 0),
        rx.card(
            rx.text(t("scores.compare.title"), weight="bold", size="2"),
            rx.table.root(
                rx.table.header(rx.table.row(cell(""), cell(_head("a")), cell(_head("b")), cell(t("scores.compare.difference")))),
                rx.table.body(
                    rx.foreach(
                        ScoresState.comparison,
                        lambda r: rx.table.row(
                            rx.table.row_header_cell(tv(r["metric"], "scores.compare.metric.")),
                            rx.table.cell(r["a"]),
                            rx.table.cell(r["b"]),
                            rx.table.cell(r["change"]),
                            class_name="compare-row",
                            data_metric=r["metric"],
                        ),
                    )
                ),
                size="1",
            ),
            width="100%",
            id="score-compare",
        ),
    )
