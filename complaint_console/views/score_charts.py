"""Plotly figures of the scores view, built from the aggregates in db/score_table.py.

Titles sit outside the charts (translated headings); the figures only carry axis labels and
legends in the language they are built for. Pages keep a figure as plain JSON (`plain`): a
plotly Figure in a Reflex state is validated again each time the state is copied, which cost
every page load of the app hundreds of milliseconds.
"""

from __future__ import annotations

import json
from datetime import date

import plotly.graph_objects as go

from complaint_console.domain.scores import band_tiers
from complaint_console.domain.sla import ON_TIME_GOAL_PERCENT
from complaint_console.i18n import catalogue

TIER_COLOURS = {"A": "#2e7d32", "B": "#1565c0", "C": "#ef6c00", "D": "#c62828"}
METRIC_COLOURS = ("#1565c0", "#2e7d32", "#ef6c00")


Chart = dict  # a figure as plain JSON: {"data": [...], "layout": {...}}
EMPTY: Chart = {"data": [], "layout": {}}


def plain(figure: go.Figure) -> Chart:
    """The figure as the page receives it (what Reflex's own serializer sends for a Figure), without
    Plotly's default template: the page's chart component brings that itself (light or dark), so
    each chart sends 0.6 KB rather than 7.7 KB."""
    chart = json.loads(figure.to_json())
    chart.get("layout", {}).pop("template", None)
    return chart


def layout(fig: go.Figure, **extra) -> go.Figure:
    fig.update_layout(
        margin={"l": 40, "r": 10, "t": 10, "b": 40},
        height=260,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        legend={"orientation": "h", "y": -0.2},
        font={"size": 11},
        **extra,
    )
    return fig


def distribution(bands: list[int], lang: str, tiers: dict[str, float]) -> go.Figure:
    """Outlets per 10-point score band, each bar in the colour of its tier under `tiers`."""
    labels = [f"{10 * i}–{10 * i + 10}" for i in range(10)]
    colours = [TIER_COLOURS[tier] for tier in band_tiers(tiers)]
    fig = go.Figure(go.Bar(x=labels, y=bands, marker_color=colours))
    return layout(fig, yaxis_title=catalogue.messages(lang)["scores.chart.outlets"])


def _pct(values):
    return [None if v is None else round(100 * v, 1) for v in values]


def regions(rows: list[tuple], lang: str, names_of: dict[str, str] | None = None) -> go.Figure:
    """Per region (its name in `lang` from `names_of`, else its code): the three rates."""
    m = catalogue.messages(lang)
    names = [(names_of or {}).get(r[0], r[0]) for r in rows]
    fig = go.Figure(
        [
            go.Bar(name=m[f"scores.col.{key}"], x=names, y=_pct([r[i + 1] for r in rows]), marker_color=METRIC_COLOURS[i])
            for i, key in enumerate(("resolution", "timeliness", "satisfaction"))
        ]
    )
    return layout(fig, barmode="group", yaxis={"range": [0, 100], "ticksuffix": "%"})


def trend(rows: list[tuple[date, float | None, float | None, float | None]], lang: str) -> go.Figure:
    m = catalogue.messages(lang)
    weeks = [r[0].isoformat() for r in rows]
    fig = go.Figure(
        [
            go.Scatter(
                name=m[f"scores.col.{key}"],
                x=weeks,
                y=_pct([r[i + 1] for r in rows]),
                mode="lines+markers",
                line={"color": METRIC_COLOURS[i]},
            )
            for i, key in enumerate(("resolution", "timeliness", "satisfaction"))
        ]
    )
    return layout(fig, yaxis={"ticksuffix": "%"}, xaxis={"type": "category"})


def weakest(rows: list, lang: str) -> go.Figure:
    codes = [r.code for r in rows][::-1]
    scores = [round(r.score, 1) for r in rows][::-1]
    colours = [TIER_COLOURS.get(r.tier or "D") for r in rows][::-1]
    fig = go.Figure(go.Bar(x=scores, y=codes, orientation="h", marker_color=colours, text=scores, textposition="auto"))
    return layout(fig, xaxis={"range": [0, 100]}, yaxis={"type": "category"})


def region_trends(rows: list[tuple[date, str, float | None]], lang: str, names_of: dict[str, str]) -> go.Figure:
    """Each region's score over the weeks, one line a region (named in `lang`)."""
    regions = sorted({r for _, r, _ in rows})
    traces = []
    for i, region in enumerate(regions):
        mine = [(week, score) for week, r, score in rows if r == region]
        traces.append(
            go.Scatter(
                name=names_of.get(region, region),
                x=[w.isoformat() for w, _ in mine],
                y=[s for _, s in mine],
                mode="lines+markers",
                line={"color": SHARE_COLOURS[i % len(SHARE_COLOURS)]},
            )
        )
    return layout(go.Figure(traces), yaxis_title=catalogue.messages(lang)["scores.col.score"])


def outlet_trend(rows: list, lang: str) -> go.Figure:
    """An outlet's three rates (left axis) and score over its frozen weeks."""
    m = catalogue.messages(lang)
    weeks = [r.week_start.isoformat() for r in rows]
    traces = [
        go.Scatter(
            name=m[f"scores.col.{key}"],
            x=weeks,
            y=_pct([getattr(r, f"{key}_rate") for r in rows]),
            mode="lines+markers",
            line={"color": METRIC_COLOURS[i]},
        )
        for i, key in enumerate(("resolution", "timeliness", "satisfaction"))
    ]
    traces.append(
        go.Scatter(
            name=m["scores.col.score"],
            x=weeks,
            y=[None if r.score is None else round(r.score, 1) for r in rows],
            mode="lines+markers",
            line={"color": "#6a1b9a", "width": 3},
        )
    )
    return layout(go.Figure(traces), yaxis={"range": [0, 105]}, xaxis={"type": "category"})


def outlet_volume(rows: list, lang: str) -> go.Figure:
    m = catalogue.messages(lang)
    weeks = [r.week_start.isoformat() for r in rows]
    fig = go.Figure(
        [
            go.Bar(name=m["scores.col.received"], x=weeks, y=[r.received_count for r in rows], marker_color="#90a4ae"),
            go.Bar(name=m["scores.col.cohort"], x=weeks, y=[r.cohort_size for r in rows], marker_color="#1565c0"),
        ]
    )
    return layout(fig, barmode="group", xaxis={"type": "category"})


SHARE_COLOURS = ("#1565c0", "#2e7d32", "#ef6c00", "#c62828", "#6a1b9a", "#00838f", "#8d6e63", "#90a4ae")


def category_share(rows: list[tuple[str, int]], lang: str) -> go.Figure:
    """Tickets received in the week by category, as shares of a donut."""
    m = catalogue.messages(lang)
    fig = go.Figure(
        go.Pie(
            labels=[m.get(f"category.{k}", k) for k, _ in rows],
            values=[n for _, n in rows],
            hole=0.45,
            sort=False,
            marker={"colors": list(SHARE_COLOURS)},
            textinfo="percent",
        )
    )
    return layout(fig).update_layout(legend={"orientation": "v", "x": 1.0, "y": 0.5})


def channel_distribution(rows: list[tuple[str, int]], lang: str) -> go.Figure:
    """Tickets received in the week by channel, largest on top, with counts and shares."""
    m = catalogue.messages(lang)
    total = sum(n for _, n in rows) or 1
    ordered = rows[::-1]
    fig = go.Figure(
        go.Bar(
            x=[n for _, n in ordered],
            y=[m.get(f"channel.{k}", k) for k, _ in ordered],
            orientation="h",
            marker_color=METRIC_COLOURS[0],
            text=[f"{n} ({100 * n / total:.0f}%)" for _, n in ordered],
            textposition="auto",
        )
    )
    return layout(fig, yaxis={"type": "category"}, xaxis_title=m["scores.chart.tickets"])


def sla_compliance(rows: list[tuple[str, int, int]], lang: str) -> go.Figure:
    """Per severity: the share of the cohort on time (timely first response and resolution)."""
    m = catalogue.messages(lang)
    shares = [round(100 * k / n, 1) if n else None for _, n, k in rows]
    fig = go.Figure(
        go.Bar(
            x=[m.get(f"severity.{s}", s) for s, _, _ in rows],
            y=shares,
            marker_color=[TIER_COLOURS["A" if v is not None and v >= ON_TIME_GOAL_PERCENT else "C"] for v in shares],
            text=[f"{v}% ({k}/{n})" if v is not None else "—" for v, (_, n, k) in zip(shares, rows, strict=True)],
            textposition="outside",
            textangle=0,
            cliponaxis=False,
        )
    )
    ticks = [0, 20, 40, 60, 80, 100]  # the axis runs to 110 so a label above a full bar fits
    return layout(
        fig, yaxis={"range": [0, 110], "tickvals": ticks, "ticktext": [f"{v}%" for v in ticks]}, xaxis={"type": "category"}
    )
