"""What /cases/root-causes shows: the Pareto of root causes over the last 12 weeks and their
weekly trend, for the network, a region or an outlet. The counts are grouped in SQL
(db.root_causes, scoped to the actor); this only names them and draws the figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from complaint_console.db import root_causes as rc
from complaint_console.db.models import Region
from complaint_console.db.outlet_scores import outlet_by_code
from complaint_console.domain.access import Action, Actor, may, outlet_scope
from complaint_console.domain.root_causes import TREND_WEEKS, WEEK_ZONE, ParetoBar, pareto, week_start_instant, week_starts
from complaint_console.views import score_charts
from complaint_console.views.followup_charts import pareto_figure, trend_figure

FIGURE_HEIGHT = 400  # px: each figure takes the page's full width, one above the other (see pages/cases_root_causes)


@dataclass
class Report:
    found: bool  # False: the outlet asked for is unknown or outside the actor's scope
    mondays: list[date] = field(default_factory=list)
    bars: list[ParetoBar] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    pareto: score_charts.Chart = field(default_factory=lambda: score_charts.EMPTY)
    trend: score_charts.Chart = field(default_factory=lambda: score_charts.EMPTY)
    outlet_name: str = ""


def network_today(now: datetime) -> date:
    """The date of `now` in network time (the weeks of the trend start on its Mondays)."""
    return now.astimezone(WEEK_ZONE).date()


def regions(db: Session) -> list[list[str]]:
    """[code, English name, Chinese name] of every region (a network has tens), for the filter."""
    return [[r.code, r.name, r.name_zh] for r in db.exec(select(Region).order_by(Region.code))]


def build(db: Session, actor: Actor | None, today: date, lang: str, region: str = "", outlet_code: str = "") -> Report | None:
    """The page's data (None: the actor may not read it). An outlet code narrows to that outlet
    (when the actor may see it), else a region code to its outlets, else the whole network."""
    if actor is None or not may(actor, Action.VIEW_CASES):
        return None
    outlet_id, outlet_name = None, ""
    if outlet_code:
        outlet = outlet_by_code(db, outlet_code.strip().upper(), outlet_scope(actor))
        if outlet is None:
            return Report(found=False)
        outlet_id, outlet_name, region = outlet.id, outlet.name, ""
    mondays = week_starts(today, TREND_WEEKS)
    since, until = week_start_instant(mondays[0]), week_start_instant(mondays[-1]) + timedelta(weeks=1)
    counts = rc.counts_by_root_cause(db, actor, since, until, region or None, outlet_id)
    _, series = rc.weekly_trend(db, actor, today, region or None, outlet_id, TREND_WEEKS)
    labels = rc.labels(db, lang)
    bars = pareto(counts)
    return Report(
        found=True,
        mondays=mondays,
        bars=bars,
        labels=labels,
        pareto=score_charts.plain(
            pareto_figure(bars, labels, lang).update_layout(
                height=FIGURE_HEIGHT,
                legend={"orientation": "h", "x": 0, "y": 1.12},  # above the plot: the names below are long and slanted
                margin={"t": 40, "b": 120},
                xaxis={"tickangle": -35},
            )
        ),
        trend=score_charts.plain(
            trend_figure(mondays, series, labels, lang).update_layout(
                height=FIGURE_HEIGHT,
                legend={"orientation": "v", "x": 1.02, "y": 1},  # one line per root cause: the names to the right
                margin={"r": 220},
                xaxis={"tickmode": "array", "tickvals": [m.isoformat() for m in mondays], "tickformat": "%m-%d"},
            )
        ),
        outlet_name=outlet_name,
    )
