"""The live current week ("live, partial"): computed by the same aggregate SQL and scoring module as
the roll-up (`db.scores.week_counts` + `domain.scores`) into `live_outlet_score`, at most once a
minute. The snapshot is written here only, by `refresh` (through `ready`), never as a side effect
of a read: a caller makes its query ready, then reads it with `db.score_table`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from complaint_console.db.bulk import insert_rows
from complaint_console.db.models import (
    LiveOutletScore,
    Outlet,
)
from complaint_console.db.score_table import ScoreRow, TableQuery, previous_scores, volumes
from complaint_console.db.scores import monday_of, week_counts
from complaint_console.domain.scores import (
    Score,
    change,
    ranked,
    score_week,
)
from complaint_console.services.score_settings import tiers_at, weights_at
from complaint_console.settings import get_settings

LIVE_SECONDS = 60  # how long a live snapshot of the current week serves before it is recomputed


def current_week(now: datetime) -> date:
    return monday_of(now, get_settings().business_tz)


def _live_scores(db: Session, now: datetime) -> tuple[date, list[Score], dict[int, float | None]]:
    """The current week so far, scored with today's weights and tiers ("live, partial"): the tickets
    already due only (open ones due later are counted apart); and the previous week's scores."""
    week = current_week(now)
    weights, tiers = weights_at(db, now), tiers_at(db, now)
    scored = ranked([score_week(c, weights, tiers) for c in week_counts(db, week, get_settings().business_tz, now)])
    return week, scored, previous_scores(db, week)


def live_rows(db: Session, now: datetime) -> list[ScoreRow]:
    """The current week so far as table rows; a partial week raises no early warning (DESIGN)."""
    week, scored, previous = _live_scores(db, now)
    columns = select(Outlet.id, Outlet.code, Outlet.name, Outlet.region).where(Outlet.active)
    outlets = {o.id: o for o in db.exec(columns).all()}  # rows, not ORM objects: 30,000 of them
    parcels = volumes(db, week)
    rows = []
    for s in scored:
        c, o = s.counts, outlets[s.counts.outlet_id]
        rows.append(
            ScoreRow(
                c.outlet_id,
                o.code,
                o.name,
                o.region,
                c.cohort_size,
                c.received_count,
                c.repeat_count,
                s.resolution_rate,
                s.timeliness_rate,
                s.satisfaction_rate,
                s.score,
                s.tier,
                s.rank,
                change(s.score, previous.get(c.outlet_id)),
                None,
                parcels.get(c.outlet_id),
                c.escalated_count,
                c.compensated_count,
                c.compensation_total,
                c.not_yet_due_count,
            )
        )
    return rows


def refresh(db: Session, now: datetime) -> date:
    """Make sure the live snapshot of the current week is at most LIVE_SECONDS old; its week.

    The snapshot is replaced as a whole in one transaction. Two requests refreshing at once:
    the second one's rows collide with the first's on (week, outlet) and it keeps those."""
    week = current_week(now)
    newest = db.exec(select(sa.func.max(LiveOutletScore.computed_at)).where(LiveOutletScore.week_start == week)).one()
    if newest is not None and newest <= now < newest + timedelta(seconds=LIVE_SECONDS):
        return week
    week, scored, previous = _live_scores(db, now)
    rows = [
        dict(
            week_start=week,
            outlet_id=c.outlet_id,
            cohort_size=c.cohort_size,
            resolved_count=c.resolved_count,
            timely_count=c.timely_count,
            survey_count=c.survey_count,
            satisfied_count=c.satisfied_count,
            received_count=c.received_count,
            repeat_count=c.repeat_count,
            resolution_rate=s.resolution_rate,
            timeliness_rate=s.timeliness_rate,
            satisfaction_rate=s.satisfaction_rate,
            score=s.score,
            tier=s.tier,
            rank=s.rank,
            score_change=change(s.score, previous.get(c.outlet_id)),
            warning=None,
            escalated_count=c.escalated_count,
            compensated_count=c.compensated_count,
            compensation_total=c.compensation_total,
            computed_at=now,
            not_yet_due_count=c.not_yet_due_count,
        )
        for s in scored
        for c in [s.counts]
    ]
    try:
        db.execute(sa.delete(LiveOutletScore))
        insert_rows(db, LiveOutletScore, rows)  # 30,000 outlets: ORM objects or one statement a row take seconds
        db.commit()
    except IntegrityError:
        db.rollback()
    return week


def ready(db: Session, q: TableQuery, now: datetime) -> TableQuery:
    """The query as SQL can answer it: for the live week, the current week with its snapshot made
    fresh (refreshed when older than LIVE_SECONDS); a frozen week's query as it is."""
    return replace(q, week=refresh(db, now)) if q.live else q
