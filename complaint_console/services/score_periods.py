"""Months and quarters beside weeks: an outlet's frozen weeks of a period rolled up and scored again.

A week belongs to the month (and quarter) of its Monday. A period's counts are the sums of its
frozen weeks' counts, one row per outlet (pandas, over the weekly rows SQL hands back); each outlet
is then scored by DESIGN's formula on those sums (domain.scores.score_week, with the weights and
tier floors of the period's last frozen week) and ranked by domain.scores.ranked: the same rules
as a week, on more tickets. The change is against the previous period of the same kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlmodel import Session, select

from complaint_console.db import score_table
from complaint_console.db.models import Outlet, WeeklyOutletScore, WeeklyReport
from complaint_console.domain.scores import DEFAULT_TIERS, DEFAULT_WEIGHTS, OutletWeek, change, ranked, score_week
from complaint_console.services.recent import Recent

KINDS = ("month", "quarter")
COUNTS = ("cohort_size", "resolved_count", "timely_count", "survey_count", "satisfied_count", "received_count", "repeat_count")
PAGE_SIZE = 50
ROLLED: Recent[pd.DataFrame] = Recent(600, size=16)  # frozen weeks change only on Monday's roll-up


def label_of(week: date, kind: str) -> str:
    """ "2026-11" for a month, "2026-Q4" for a quarter: where the week's Monday falls."""
    return f"{week.year}-{week.month:02d}" if kind == "month" else f"{week.year}-Q{(week.month - 1) // 3 + 1}"


def periods(frozen: list[date], kind: str) -> list[str]:
    """The periods that have frozen weeks, newest first."""
    return list(dict.fromkeys(label_of(w, kind) for w in sorted(frozen, reverse=True)))


@dataclass(frozen=True)
class PeriodRow:
    rank: int | None
    code: str
    name: str
    region: str
    weeks: int
    cohort: int
    received: int
    resolution: float | None
    timeliness: float | None
    satisfaction: float | None
    score: float | None
    tier: str | None
    change: float | None


def _weekly(db: Session, weeks: list[date]) -> pd.DataFrame:
    w = WeeklyOutletScore
    rows = db.exec(select(w.outlet_id, w.week_start, *[getattr(w, c) for c in COUNTS]).where(w.week_start.in_(weeks))).all()
    return pd.DataFrame.from_records(rows, columns=["outlet_id", "week_start", *COUNTS])


def _scored(db: Session, weekly: pd.DataFrame, last_week: date) -> pd.DataFrame:
    """Per outlet: the summed counts, the number of weeks, and score, rates, tier and rank on the sums."""
    summary = db.exec(select(WeeklyReport.summary).where(WeeklyReport.week_start == last_week)).first() or {}
    weights = {k: float(v) for k, v in (summary.get("weights") or DEFAULT_WEIGHTS).items()}
    tiers = {k: float(v) for k, v in (summary.get("tier_floors") or DEFAULT_TIERS).items()}
    sums = weekly.groupby("outlet_id")[list(COUNTS)].sum()
    sums["weeks"] = weekly.groupby("outlet_id")["week_start"].nunique()
    counts = sums[list(COUNTS)].astype(int)
    scored = ranked(
        [
            score_week(OutletWeek(int(i), *map(int, r)), weights, tiers)
            for i, r in zip(counts.index, counts.itertuples(index=False), strict=True)
        ]
    )
    return sums.assign(
        resolution=[s.resolution_rate for s in scored],
        timeliness=[s.timeliness_rate for s in scored],
        satisfaction=[s.satisfaction_rate for s in scored],
        score=[s.score for s in scored],
        tier=[s.tier for s in scored],
        rank=[s.rank for s in scored],
    )


def rolled_up(db: Session, kind: str, label: str, frozen: list[date]) -> pd.DataFrame:
    """Every outlet of the period, scored on its sums, with the change on the previous period; cached."""

    def make() -> pd.DataFrame:
        listed = periods(frozen, kind)
        weeks = sorted(w for w in frozen if label_of(w, kind) == label)
        if not weeks:
            return pd.DataFrame()
        table = _scored(db, _weekly(db, weeks), weeks[-1])
        before = listed.index(label) + 1 < len(listed) and listed[listed.index(label) + 1]
        if before:
            earlier = sorted(w for w in frozen if label_of(w, kind) == before)
            previous = {
                i: None if pd.isna(v) else float(v) for i, v in _scored(db, _weekly(db, earlier), earlier[-1])["score"].items()
            }
            table["change"] = [None if pd.isna(s) else change(float(s), previous.get(i)) for i, s in table["score"].items()]
        else:
            table["change"] = None
        outlets = pd.DataFrame.from_records(
            db.exec(select(Outlet.id, Outlet.code, Outlet.name, Outlet.region)).all(),
            columns=["outlet_id", "code", "name", "region"],
        ).set_index("outlet_id")
        return table.join(outlets, how="inner")

    return ROLLED.get((str(db.get_bind().url), id(db.get_bind()), kind, label, tuple(frozen)), make)  # per database


def page(db: Session, kind: str, label: str, region: str = "", page_no: int = 0) -> tuple[list[PeriodRow], int, list[date]]:
    """One page of the period's table (by rank, unranked last), its row count and its weeks."""
    frozen = score_table.frozen_weeks(db, limit=120)
    table = rolled_up(db, kind, label, frozen)
    weeks = sorted(w for w in frozen if label_of(w, kind) == label)
    if table.empty:
        return [], 0, weeks
    if region:
        table = table[table["region"] == region]
    ordered = table.sort_values(["rank", "code"], na_position="last")
    shown = ordered.iloc[page_no * PAGE_SIZE : (page_no + 1) * PAGE_SIZE]

    def value(v):
        return None if pd.isna(v) else v

    rows = [
        PeriodRow(
            None if pd.isna(r.rank) else int(r.rank),
            r.code,
            r.name,
            r.region,
            int(r.weeks),
            int(r.cohort_size),
            int(r.received_count),
            value(r.resolution),
            value(r.timeliness),
            value(r.satisfaction),
            value(r.score),
            value(r.tier),
            value(r.change),
        )
        for r in shown.itertuples()
    ]
    return rows, len(table), weeks
