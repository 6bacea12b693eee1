"""/cases/root-causes (training lead, HQ): the Pareto of root causes over the last 12 weeks and
their weekly trend, for the network, a region or an outlet."""

import reflex as rx

from complaint_console.components.cases_tabs import cases_tabs
from complaint_console.components.chart import chart
from complaint_console.components.i18n import on_language_switch, t
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import data_table, empty_state, field_error, page_title
from complaint_console.states.cases_root_causes import RootCauseTrendsState as S
from complaint_console.states.session import SessionState


def _filters() -> rx.Component:
    regions = rx.foreach(S.regions, lambda r: rx.select.item(rx.cond(SessionState.lang == "zh", r[2], r[1]), value=r[0]))
    return rx.hstack(
        rx.vstack(
            rx.text(t("root_causes.report.region"), size="1", color=rx.color("gray", 11)),
            rx.select.root(
                rx.select.trigger(width="14em", id="root-causes-region", aria_label=t("root_causes.report.region")),
                rx.select.content(rx.select.item(t("root_causes.report.network"), value="all"), regions),
                value=rx.cond(S.region == "", "all", S.region),
                on_change=S.choose_region,
            ),
            spacing="1",
        ),
        rx.form(
            rx.vstack(
                rx.text(
                    t("root_causes.report.outlet"),
                    as_="label",
                    custom_attrs={"htmlFor": "root-causes-outlet"},
                    size="1",
                    color=rx.color("gray", 11),
                ),
                rx.hstack(
                    rx.input(
                        name="outlet",
                        id="root-causes-outlet",
                        default_value=S.outlet,
                        placeholder=t("root_causes.report.outlet_hint"),
                        width="12em",
                        key=S.outlet,
                    ),
                    rx.button(t("root_causes.report.show"), type="submit", variant="soft", id="root-causes-outlet-show"),
                    rx.cond(
                        S.outlet != "",
                        rx.button(
                            t("root_causes.report.clear_outlet"),
                            type="button",
                            variant="soft",
                            color_scheme="gray",
                            on_click=S.clear_outlet,
                            id="root-causes-outlet-clear",
                        ),
                    ),
                ),
                field_error(rx.cond(S.found, "", "root_causes.report.outlet_unknown")),
                spacing="1",
            ),
            on_submit=S.choose_outlet,
            reset_on_submit=False,
        ),
        align="start",
        wrap="wrap",
        spacing="4",
    )


def _shown() -> rx.Component:
    """What the charts cover: the scope and the weeks."""
    return rx.text(
        rx.cond(
            S.outlet != "",
            rx.fragment(t("root_causes.report.outlet"), " ", rx.text.strong(S.outlet), " · ", S.outlet_name),
            rx.cond(
                S.region != "",
                rx.fragment(
                    t("root_causes.report.region"),
                    " ",
                    rx.text.strong(rx.cond(SessionState.lang == "zh", S.region_names[1], S.region_names[0])),
                ),
                t("root_causes.report.network"),
            ),
        ),
        " · ",
        t("root_causes.report.weeks"),
        " ",
        S.first_week,
        " – ",
        S.last_week,
        " · ",
        t("root_causes.report.total"),
        " ",
        rx.text.strong(S.total, id="root-causes-total"),
        size="2",
        id="root-causes-shown",
    )


def _bar_row(b: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(b["name"], rx.text(" (", b["code"], ")", size="1", color=rx.color("gray", 11))),
        rx.table.cell(b["count"], class_name="pareto-count"),
        rx.table.cell(b["cumulative"], "%"),
        custom_attrs={"data-code": b["code"]},
        key=b["code"],
    )


def _figure(title_key: str, figure: rx.Var, id: str) -> rx.Component:
    return rx.card(rx.text(t(title_key), weight="bold", size="2"), chart(figure, height="400px"), width="100%", id=id)


def _report() -> rx.Component:
    return rx.cond(
        S.total > 0,
        rx.vstack(
            _shown(),
            _figure("root_causes.report.pareto", S.pareto_fig, "root-causes-pareto"),
            _figure("root_causes.report.trend", S.trend_fig, "root-causes-trend"),
            data_table(
                [
                    ("root_causes.report.cause", None),
                    ("root_causes.report.count", "8em"),
                    ("root_causes.report.cumulative", "10em"),
                ],
                S.bars,
                _bar_row,
                "pareto-table",
            ),
            spacing="3",
            width="100%",
        ),
        rx.vstack(_shown(), empty_state("chart-column", "root_causes.report.empty"), width="100%"),
    )


@app_page("/cases/root-causes", "root_causes.report.title", on_load=[S.load])
def cases_root_causes() -> rx.Component:
    return rx.vstack(
        page_title("root_causes.report.title"),
        cases_tabs("root_causes"),
        on_language_switch(S.follow_language),
        rx.cond(
            S.loaded,
            rx.cond(
                S.allowed,
                rx.vstack(_filters(), rx.cond(S.found, _report()), spacing="4", width="100%"),
                empty_state("lock", "root_causes.report.not_allowed"),
            ),
            rx.center(rx.spinner(size="3"), padding="4em", width="100%"),
        ),
        spacing="4",
        width="100%",
        align="start",
    )
