"""The weekly roll-up: freeze last week's outlet scores and write the weekly review report.

The report row is written in the same transaction as the week's scores and is unique per
week, so the roll-up of a week happens once: a second run (or a second process) finds it
and changes nothing. The same transaction queues the report's e-mails (HQ, regions, outlet
managers, with the PDF part that is theirs) and the alerts of outlets entering tier D or flagged
by the early warning (services/report_mail.py), each once by its dedupe key.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from complaint_console.db import scores as score_queries
from complaint_console.db.bulk import insert_rows
from complaint_console.db.models import Outlet, WeeklyOutletScore, WeeklyReport
from complaint_console.db.score_table import history_rows, previous_scores
from complaint_console.domain.scores import Score, change, ranked, score_text, score_week
from complaint_console.services import report_mail, score_stats
from complaint_console.services.score_settings import tiers_at, weights_at
from complaint_console.settings import get_settings


def summary_of(
    db: Session,
    week_start: date,
    scores: list[Score],
    weights: dict[str, float],
    tiers: dict[str, float],
    warnings: dict[int, str],
) -> dict:
    codes = dict(db.exec(select(Outlet.id, Outlet.code)).all())
    ranked_rows = sorted((s for s in scores if s.rank is not None), key=lambda s: (s.rank, codes[s.counts.outlet_id]))
    keys = ("cohort_size", "resolved_count", "timely_count", "survey_count", "satisfied_count", "received_count", "repeat_count")
    totals = Counter({k: sum(getattr(s.counts, k) for s in scores) for k in keys})
    network = score_week(score_queries.OutletWeek(0, **totals), weights, tiers)
    return {
        "week_start": week_start.isoformat(),
        "weights": weights,
        "tier_floors": tiers,
        "outlets": len(scores),
        "ranked": len(ranked_rows),
        "totals": dict(totals),
        "network": {
            "resolution_rate": network.resolution_rate,
            "timeliness_rate": network.timeliness_rate,
            "satisfaction_rate": network.satisfaction_rate,
            "score": network.score,
        },
        "tiers": dict(Counter(s.tier for s in scores if s.tier and not s.insufficient)),
        "top": [{"outlet": codes[s.counts.outlet_id], "score": s.score, "rank": s.rank} for s in ranked_rows[:10]],
        "bottom": [{"outlet": codes[s.counts.outlet_id], "score": s.score, "rank": s.rank} for s in ranked_rows[-10:]],
        "warnings": [{"outlet": codes[o], "on": on} for o, on in sorted(warnings.items(), key=lambda kv: codes[kv[0]])],
    }


def report_link(week_start: date) -> str:
    return f"{get_settings().public_url}/reports/{week_start.isoformat()}"


def _mail_values(week_start: date, summary: dict) -> dict[str, str]:
    network, totals = summary.get("network") or {}, summary.get("totals") or {}

    def pct(key: str) -> str:
        value = network.get(key)
        return "—" if value is None else f"{100 * value:.1f}%"

    score = network.get("score")
    return {
        "week": week_start.isoformat(),
        "score": score_text(score),
        "resolution": pct("resolution_rate"),
        "timeliness": pct("timeliness_rate"),
        "satisfaction": pct("satisfaction_rate"),
        "received": str(totals.get("received_count", 0)),
        "cohort": str(totals.get("cohort_size", 0)),
        "outlets": str(summary.get("outlets", 0)),
        "ranked": str(summary.get("ranked", 0)),
        "warnings": str(len(summary.get("warnings") or [])),
        "link": report_link(week_start),
    }


def queue_report_emails(db: Session, week_start: date, summary: dict, now: datetime) -> int:
    """The week's report e-mails and its tier-D and early-warning alerts (services/report_mail.py),
    each queued once; how many were new."""
    return report_mail.queue(db, week_start, _mail_values(week_start, summary), now)


def freeze_week(db: Session, week_start: date, now: datetime) -> bool:
    """Freeze one week; False when it was frozen already (nothing changes)."""
    if db.exec(select(WeeklyReport.id).where(WeeklyReport.week_start == week_start)).first() is not None:
        return False
    weights, tiers = weights_at(db, now), tiers_at(db, now)
    counts = score_queries.week_counts(db, week_start, get_settings().business_tz)
    scores = ranked([score_week(c, weights, tiers) for c in counts])
    previous = previous_scores(db, week_start)
    current = pd.DataFrame(
        {
            "outlet_id": [s.counts.outlet_id for s in scores],
            "received": [s.counts.received_count for s in scores],
            "score": [s.score for s in scores],
            "insufficient": [s.insufficient for s in scores],
        }
    )
    warnings = score_stats.warnings(score_stats.with_history(current, history_rows(db, week_start)))
    summary = summary_of(db, week_start, scores, weights, tiers, warnings)
    try:
        db.add(WeeklyReport(week_start=week_start, summary=summary, created_at=now))
        db.flush()  # the claim: a rival roll-up of the same week fails here
        db.execute(sa.delete(WeeklyOutletScore).where(WeeklyOutletScore.week_start == week_start))
        rows = [
            dict(
                week_start=week_start,
                outlet_id=s.counts.outlet_id,
                cohort_size=s.counts.cohort_size,
                resolved_count=s.counts.resolved_count,
                timely_count=s.counts.timely_count,
                survey_count=s.counts.survey_count,
                satisfied_count=s.counts.satisfied_count,
                received_count=s.counts.received_count,
                repeat_count=s.counts.repeat_count,
                resolution_rate=s.resolution_rate,
                timeliness_rate=s.timeliness_rate,
                satisfaction_rate=s.satisfaction_rate,
                score=s.score,
                tier=s.tier,
                rank=s.rank,
                weights=weights,
                tiers=tiers,
                computed_at=now,
                score_change=change(s.score, previous.get(s.counts.outlet_id)),
                warning=warnings.get(s.counts.outlet_id),
                escalated_count=s.counts.escalated_count,
                compensated_count=s.counts.compensated_count,
                compensation_total=s.counts.compensation_total,
            )
            for s in scores
        ]
        insert_rows(db, WeeklyOutletScore, rows)  # 30,000 outlets: ORM objects or one statement a row take seconds
        queue_report_emails(db, week_start, summary, now)
        db.commit()
    except IntegrityError:
        db.rollback()
        return False
    return True


def weeks_to_freeze(now: datetime, back: int = 8) -> list[date]:
    """The last `back` complete weeks, oldest first (a missed Monday is caught up)."""
    this_monday = score_queries.monday_of(now, get_settings().business_tz)
    return [this_monday - timedelta(weeks=n) for n in range(back, 0, -1)]
