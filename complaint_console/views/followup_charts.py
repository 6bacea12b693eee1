"""Plotly figures of the follow-up: the Pareto of root causes (bars by count and the cumulative
percentage line), their 12-week trend, and a corrective action's effect check (weeks before and
after it was done). Built like services.score_charts: pages keep them as plain JSON (`plain`)."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from complaint_console.domain.root_causes import ParetoBar
from complaint_console.i18n import catalogue
from complaint_console.views.score_charts import layout

BEFORE, AFTER, LINE = "#1565c0", "#c62828", "#ef6c00"


def pareto_figure(bars: list[ParetoBar], labels: dict[str, str], lang: str) -> go.Figure:
    """Bars sorted by count, named in `lang`, with the cumulative % on a second axis."""
    names = [labels.get(b.code, b.code) for b in bars]
    fig = go.Figure()
    fig.add_bar(x=names, y=[b.count for b in bars], name=catalogue.translate("followup.chart.count", lang), marker_color=BEFORE)
    fig.add_scatter(
        x=names,
        y=[b.cumulative_pct for b in bars],
        name=catalogue.translate("followup.chart.cumulative", lang),
        yaxis="y2",
        mode="lines+markers",
        line={"color": LINE},
    )
    return layout(fig, yaxis2={"overlaying": "y", "side": "right", "range": [0, 105], "ticksuffix": "%"})


def trend_figure(mondays: list[date], series: dict[str, list[int]], labels: dict[str, str], lang: str) -> go.Figure:
    """One line per root cause over the weeks (the week's Monday on the x axis)."""
    fig = go.Figure()
    x = [m.isoformat() for m in mondays]
    for code in sorted(series, key=lambda c: -sum(series[c])):
        fig.add_scatter(x=x, y=series[code], name=labels.get(code, code), mode="lines+markers")
    return layout(fig)


def effect_figure(before: list[int], after: list[int], lang: str) -> go.Figure:
    """Complaints per week before (blue) and after (red) the action was done."""
    weeks = len(before)
    fig = go.Figure()
    fig.add_bar(
        x=[f"-{weeks - i}" for i in range(weeks)],
        y=before,
        name=catalogue.translate("followup.chart.before", lang),
        marker_color=BEFORE,
    )
    fig.add_bar(
        x=[f"+{i + 1}" for i in range(len(after))],
        y=after,
        name=catalogue.translate("followup.chart.after", lang),
        marker_color=AFTER,
    )
    return layout(fig, xaxis={"title": {"text": catalogue.translate("followup.chart.week", lang)}})
