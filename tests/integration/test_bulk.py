"""db/bulk.insert_rows on both databases (COPY on PostgreSQL): values come back as written,
and a duplicate key is SQLAlchemy's IntegrityError either way."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from complaint_console.db.bulk import insert_rows
from complaint_console.db.models import WeeklyOutletScore
from tests import factories as f

WEEK = date(2026, 11, 16)
AT = datetime(2026, 11, 23, 6, 0, 30, tzinfo=UTC)


def rows(outlet_ids: list[int]) -> list[dict]:
    return [
        dict(
            week_start=WEEK,
            outlet_id=o,
            cohort_size=7,
            received_count=3,
            repeat_count=1,
            resolution_rate=0.5,
            timeliness_rate=None,
            satisfaction_rate=1.0,
            score=None,
            tier="C",
            rank=None,
            score_change=-2.5,
            warning="score",
            escalated_count=2,
            compensated_count=1,
            compensation_total=Decimal("123.45"),
            weights={"resolution": 0.4},
            tiers={"A": 90.0},
            computed_at=AT,
            resolved_count=3,
            timely_count=0,
            survey_count=1,
            satisfied_count=1,
        )
        for o in outlet_ids
    ]


def test_rows_come_back_as_written(db):
    f.region(db)
    ids = [f.outlet(db, f"EAST-00{i}").id for i in range(1, 4)]
    db.commit()
    insert_rows(db, WeeklyOutletScore, rows(ids))
    db.commit()
    found = db.exec(select(WeeklyOutletScore).order_by(WeeklyOutletScore.outlet_id)).all()
    assert [r.outlet_id for r in found] == ids
    r = found[0]
    assert (r.week_start, r.cohort_size, r.resolution_rate, r.timeliness_rate, r.score, r.tier) == (WEEK, 7, 0.5, None, None, "C")
    assert (r.compensation_total, r.weights, r.tiers, r.computed_at) == (Decimal("123.45"), {"resolution": 0.4}, {"A": 90.0}, AT)
    insert_rows(db, WeeklyOutletScore, [])  # nothing to write is not an error


def test_a_duplicate_key_is_an_integrity_error_and_nothing_stays(db):
    f.region(db)
    outlet = f.outlet(db, "EAST-001").id
    db.commit()
    insert_rows(db, WeeklyOutletScore, rows([outlet]))
    db.commit()
    with pytest.raises(IntegrityError):
        insert_rows(db, WeeklyOutletScore, rows([outlet]))
    db.rollback()
    assert len(db.exec(select(WeeklyOutletScore)).all()) == 1
