"""The headline of /scores: what changed since the previous week, for the filtered network.

Read in SQL: one row per outlet for the week shown and the week before (frozen or live, the
table's region and search filters applied), and for the few outlets named, their cohorts by
category and root cause. The rest is analysis over those rows, in pandas: week-on-week changes,
tier counts, who fell a tier, the biggest drops and what moved under them. The network score is
the score formula on the summed counts (domain.scores.score_week, as the weekly report does);
an early warning's direction and size from the outlet's own 8 weeks, as the roll-up judged it
(services/score_stats.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db import score_table
from complaint_console.db.models import Outlet, Ticket, WeeklyReport
from complaint_console.db.scores import cohort_due, week_bounds
from complaint_console.domain.scores import DEFAULT_WEIGHTS, OutletWeek, Score, change, score_week
from complaint_console.services import live_scores, score_settings, score_stats
from complaint_console.settings import get_settings

TIER_ORDER = ("A", "B", "C", "D")
COUNTS = ("cohort_size", "resolved_count", "timely_count", "survey_count", "satisfied_count")
SHOWN = 5  # outlets named in each list (the table and its sort show the rest); who fell a tier: twice as many


@dataclass(frozen=True)
class Mover:
    code: str
    name: str
    score: float
    previous: float
    change: float
    tier: str
    previous_tier: str
    cause: str = ""  # "category" or "root_cause": what grew most among its cohort's tickets
    cause_value: str = ""
    cause_change: int = 0


@dataclass(frozen=True)
class Flag:
    """An early warning: which measure, which way, how far from the outlet's own previous weeks."""

    code: str
    name: str
    on: str  # "received" | "score"
    value: float
    mean: float
    sigmas: float  # signed: above (+) or below (-) the mean, in standard deviations

    @property
    def direction(self) -> str:
        return "up" if self.sigmas > 0 else "down"


@dataclass(frozen=True)
class Headline:
    score: float | None = None
    previous_score: float | None = None
    tiers: dict[str, int] = field(default_factory=dict)
    previous_tiers: dict[str, int] = field(default_factory=dict)
    fell: list[Mover] = field(default_factory=list)
    fell_total: int = 0
    drops: list[Mover] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    flagged_total: int = 0

    @property
    def change(self) -> float | None:
        return change(self.score, self.previous_score)

    def tier_change(self, tier: str) -> int:
        return self.tiers.get(tier, 0) - self.previous_tiers.get(tier, 0)


def _rows(db: Session, q: score_table.TableQuery, now: datetime) -> pd.DataFrame:
    q = live_scores.ready(db, q, now)
    w = score_table.source(q)
    stmt = score_table.filtered(
        select(
            w.outlet_id, Outlet.code, Outlet.name, w.score, w.tier, w.warning, w.received_count, *[getattr(w, c) for c in COUNTS]
        )
        .join(Outlet, Outlet.id == w.outlet_id)
        .where(w.week_start == q.week),
        q,
    )
    columns = ["outlet_id", "code", "name", "score", "tier", "warning", "received_count", *COUNTS]
    return pd.DataFrame.from_records(db.exec(stmt).all(), columns=columns)


def _network(db: Session, rows: pd.DataFrame, q: score_table.TableQuery, now: datetime) -> Score | None:
    """The score formula on the rows' summed counts, with the weights the week was scored with."""
    if rows.empty:
        return None
    report = db.exec(select(WeeklyReport.summary).where(WeeklyReport.week_start == q.week)).first()
    if q.live or not report:
        weights = score_settings.weights_at(db, now)
    else:
        weights = {k: float(v) for k, v in (report.get("weights") or {}).items()} or score_settings.weights_at(db, now)
    totals = {c: int(rows[c].sum()) for c in COUNTS}
    return score_week(OutletWeek(0, **totals), weights)


def _network_score(db: Session, rows: pd.DataFrame, q: score_table.TableQuery, now: datetime) -> float | None:
    network = _network(db, rows, q, now)
    return network.score if network else None


def _tiers(rows: pd.DataFrame) -> dict[str, int]:
    counts = rows["tier"].dropna().value_counts()  # an insufficient sample has no tier (DESIGN)
    return {t: int(counts.get(t, 0)) for t in TIER_ORDER}


def _moves(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Outlets with a tier (a sufficient sample) in both weeks, with their change, biggest drop first."""
    both = current.dropna(subset=["tier", "score"]).merge(
        previous.dropna(subset=["tier", "score"])[["outlet_id", "score", "tier"]], on="outlet_id", suffixes=("", "_before")
    )
    both["change"] = both["score"] - both["score_before"]
    rank = {t: i for i, t in enumerate(TIER_ORDER)}
    both["fell"] = both["tier"].map(rank) > both["tier_before"].map(rank)
    return both.sort_values(["change", "code"])


def _causes(db: Session, q: score_table.TableQuery, outlet_ids: list[int], now: datetime) -> dict[int, tuple[str, str, int]]:
    """Per outlet: the category or root cause whose count in the cohort grew most from the week before
    (column, value, growth), where any grew. Counted in SQL, one grouped query per column."""
    if not outlet_ids:
        return {}
    tz = get_settings().business_tz
    this_start, this_end = week_bounds(q.week, tz)
    before_start, _ = week_bounds(q.week - timedelta(weeks=1), tz)
    this_week = cohort_due(this_start, this_end, now if q.live else None)
    before = cohort_due(before_start, this_start)
    week = sa.case((this_week, 1), else_=0).label("this_week")
    frames = []
    for column in ("category", "root_cause"):
        value = getattr(Ticket, column)
        stmt = (
            select(Ticket.outlet_id, value, week, sa.func.count())
            .where(Ticket.outlet_id.in_(outlet_ids), sa.or_(this_week, before), value.is_not(None), value != "")
            .group_by(Ticket.outlet_id, value, week)
        )
        found = pd.DataFrame.from_records(db.exec(stmt).all(), columns=["outlet_id", "value", "this_week", "n"])
        frames.append(found.assign(column=column))
    counts = pd.concat(frames)
    if counts.empty:
        return {}
    table = counts.pivot_table(index=["outlet_id", "column", "value"], columns="this_week", values="n", fill_value=0)
    table = table.reindex(columns=[0, 1], fill_value=0)
    grew = (table[1] - table[0]).rename("grew").reset_index()
    grew = grew[grew["grew"] > 0].sort_values(["outlet_id", "grew", "column", "value"], ascending=[True, False, True, True])
    return {int(r.outlet_id): (r.column, r.value, int(r.grew)) for r in grew.groupby("outlet_id").head(1).itertuples()}


def _flags(db: Session, q: score_table.TableQuery, current: pd.DataFrame) -> tuple[list[Flag], int]:
    """The week's early warnings (as frozen), each with how far, in σ, it lies from the outlet's own
    previous 8 weeks (services/score_stats.py)."""
    flagged = current[current["warning"].notna() & (current["warning"] != "") & current["tier"].notna()]
    if flagged.empty:
        return [], 0
    named = flagged.sort_values("code").head(50).rename(columns={"received_count": "received"})
    ids = [int(i) for i in named["outlet_id"]]
    frame = score_stats.with_history(named.assign(insufficient=False), score_table.history_rows(db, q.week, ids))
    flags = []
    for measure in score_stats.MEASURES:
        shown = frame[frame["warning"].str.split(",").apply(lambda on, m=measure: m in on) & (frame[f"{measure}_sd"] > 0)]
        sigmas = (shown[measure].astype(float) - shown[f"{measure}_mean"]) / shown[f"{measure}_sd"]
        flags += [
            Flag(r.code, r.name, measure, float(getattr(r, measure)), float(getattr(r, f"{measure}_mean")), float(z))
            for r, z in zip(shown.itertuples(), sigmas, strict=True)
        ]
    flags.sort(key=lambda f: (-abs(f.sigmas), f.code, f.on))
    return flags[:SHOWN], len(flagged)


def headline(db: Session, q: score_table.TableQuery, now: datetime) -> Headline:
    """The headline of the week `q` shows (its region and search filters applied) against the week before."""
    current = _rows(db, q, now)
    previous = _rows(db, replace(q, week=q.week - timedelta(weeks=1), live=False), now)
    moves = _moves(current, previous)
    fell, drops = moves[moves["fell"]], moves[moves["change"] < 0].head(SHOWN)
    causes = _causes(db, q, [int(i) for i in drops["outlet_id"]], now)

    def mover(r) -> Mover:
        column, value, moved = causes.get(int(r.outlet_id), ("", "", 0))
        return Mover(
            r.code, r.name, float(r.score), float(r.score_before), float(r.change), r.tier, r.tier_before, column, value, moved
        )

    flags, flagged_total = _flags(db, q, current) if not q.live else ([], 0)  # a partial week raises no warning
    return Headline(
        score=_network_score(db, current, q, now),
        previous_score=_network_score(db, previous, replace(q, week=q.week - timedelta(weeks=1), live=False), now),
        tiers=_tiers(current),
        previous_tiers=_tiers(previous) if not previous.empty else {},
        fell=[mover(r) for r in fell.head(SHOWN * 2).itertuples()],
        fell_total=len(fell),
        drops=[mover(r) for r in drops.itertuples()],
        flags=flags,
        flagged_total=flagged_total,
    )


@dataclass(frozen=True)
class Figures:
    """A view's key figures, for two views side by side (two weeks, or two regions)."""

    score: float | None
    resolution: float | None
    timeliness: float | None
    satisfaction: float | None
    outlets: int
    cohort: int
    received: int
    tiers: dict[str, int]
    flagged: int


def figures(db: Session, q: score_table.TableQuery, now: datetime) -> Figures:
    rows = _rows(db, q, now)
    network = _network(db, rows, q, now)
    flagged = rows["warning"].notna() & (rows["warning"] != "") & rows["tier"].notna()
    return Figures(
        score=network.score if network else None,
        resolution=network.resolution_rate if network else None,
        timeliness=network.timeliness_rate if network else None,
        satisfaction=network.satisfaction_rate if network else None,
        outlets=len(rows),
        cohort=int(rows["cohort_size"].sum()),
        received=int(rows["received_count"].sum()),
        tiers=_tiers(rows),
        flagged=int(flagged.sum()),
    )


def region_trends(db: Session, until: date, weeks: int = 12, region: str = "") -> list[tuple[date, str, float | None]]:
    """Each region's (or only `region`'s) score for each of the last `weeks` frozen weeks: the score
    formula on its summed counts, with the weights each week was scored with."""
    rows = [r for r in score_table.region_trends(db, until, weeks) if not region or r[1] == region]
    summaries = dict(
        db.exec(
            select(WeeklyReport.week_start, WeeklyReport.summary).where(WeeklyReport.week_start.in_({w for w, _, _ in rows}))
        ).all()
    )

    def weights(week: date) -> dict[str, float]:
        given = (summaries.get(week) or {}).get("weights") or {}
        return {k: float(v) for k, v in given.items()} or dict(DEFAULT_WEIGHTS)

    return [(week, region, score_week(counts, weights(week)).score) for week, region, counts in rows]
