"""Freeze a frozen week again under today's scoring rule, with the week's own weights and tiers.

Weeks frozen before the score was rounded to one decimal (DESIGN "Outlet scores": tier and rank
are decided on the score as shown) may hold 89.99999999999998 graded B. `rollup --refreeze`
rescores such weeks from their stored counts, with the weights and tier floors stored on the
week's rows (frozen weeks keep their weights), re-ranks them, drops the tier and warning of an
insufficient sample, refreshes the week's report summary, and records one `admin_audit` line
(entity "week", the week's report id, action "refreeze") for every week that changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import AdminAudit, Outlet, WeeklyOutletScore, WeeklyReport
from complaint_console.db.score_table import previous_scores
from complaint_console.domain.scores import DEFAULT_TIERS, DEFAULT_WEIGHTS, OutletWeek, change, ranked, score_week
from complaint_console.services.rollup import summary_of

AUDIT_ENTITY, AUDIT_ACTION = "week", "refreeze"


@dataclass
class Refrozen:
    """What refreezing one week changed: rows whose score, tier or rank moved, and each tier move."""

    week: date
    scores: int = 0
    tiers: int = 0
    ranks: int = 0
    tier_moves: dict[str, list] = field(default_factory=dict)  # outlet code: [old tier, new tier]

    @property
    def changed(self) -> bool:
        return bool(self.scores or self.tiers or self.ranks)


def refreeze_week(db: Session, week: date, now: datetime, actor_id: int | None = None) -> Refrozen:
    """Rescore, re-rank and rewrite the frozen rows of `week` whose score, tier or rank differ."""
    w = WeeklyOutletScore
    rows = db.exec(select(w).where(w.week_start == week).order_by(w.outlet_id)).all()
    result = Refrozen(week)
    if not rows:
        return result
    weights = dict(rows[0].weights or DEFAULT_WEIGHTS)
    tiers = dict(rows[0].tiers or DEFAULT_TIERS)
    scored = ranked([score_week(_counts(r), r.weights or weights, r.tiers or tiers) for r in rows])
    previous = previous_scores(db, week)
    codes = dict(db.exec(select(Outlet.id, Outlet.code)).all())
    updates = []
    for row, s in zip(rows, scored, strict=True):
        warning = None if s.insufficient else row.warning
        score_change = change(s.score, previous.get(row.outlet_id))
        if (row.score, row.tier, row.rank, row.warning, row.score_change) == (s.score, s.tier, s.rank, warning, score_change):
            continue
        result.scores += row.score != s.score
        result.ranks += row.rank != s.rank
        if row.tier != s.tier:
            result.tiers += 1
            result.tier_moves[codes.get(row.outlet_id, str(row.outlet_id))] = [row.tier, s.tier]
        updates.append(
            {"row_id": row.id, "score": s.score, "tier": s.tier, "rank": s.rank, "warning": warning, "score_change": score_change}
        )
    if not updates:
        return result
    db.expunge_all()  # the rows are rewritten below by one executemany UPDATE, not through the ORM
    db.execute(
        sa.update(w.__table__)
        .where(w.__table__.c.id == sa.bindparam("row_id"))
        .values(
            score=sa.bindparam("score"),
            tier=sa.bindparam("tier"),
            rank=sa.bindparam("rank"),
            warning=sa.bindparam("warning"),
            score_change=sa.bindparam("score_change"),
        ),
        updates,
    )
    report = db.exec(select(WeeklyReport).where(WeeklyReport.week_start == week)).first()
    warnings = {u["row_id"]: u["warning"] for u in updates}
    flagged = {r.outlet_id: warnings.get(r.id, r.warning) for r in rows if warnings.get(r.id, r.warning)}
    if report is not None:
        report.summary = summary_of(db, week, scored, weights, tiers, flagged)
        db.add(report)
    db.add(
        AdminAudit(
            at=now,
            actor_id=actor_id,
            entity=AUDIT_ENTITY,
            entity_id=report.id if report else 0,
            action=AUDIT_ACTION,
            changes={
                "week": week.isoformat(),
                "rule": "tier and rank on the score rounded to one decimal",
                "rows": [len(rows), len(updates)],
                "score": result.scores,
                "tier": result.tier_moves,
                "rank": result.ranks,
            },
        )
    )
    db.commit()
    return result


def refreeze(db: Session, weeks: list[date] | None, now: datetime, actor_id: int | None = None) -> list[Refrozen]:
    """Refreeze `weeks` (every frozen week when None), oldest first so each week's change is
    taken against its already refrozen previous week."""
    frozen = sorted(db.exec(select(WeeklyOutletScore.week_start).distinct()).all())
    chosen = [w for w in frozen if weeks is None or w in weeks]
    return [refreeze_week(db, week, now, actor_id) for week in chosen]


def _counts(row: WeeklyOutletScore) -> OutletWeek:
    return OutletWeek(
        row.outlet_id,
        cohort_size=row.cohort_size,
        resolved_count=row.resolved_count,
        timely_count=row.timely_count,
        survey_count=row.survey_count,
        satisfied_count=row.satisfied_count,
        received_count=row.received_count,
        repeat_count=row.repeat_count,
        escalated_count=row.escalated_count,
        compensated_count=row.compensated_count,
        compensation_total=row.compensation_total,
    )
