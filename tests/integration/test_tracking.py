"""Customer tracking: the right pair shows progress, any wrong pair the same answer, guessing is throttled."""

from datetime import UTC, datetime, timedelta

from complaint_console.domain.intake import ComplaintInput
from complaint_console.domain.stages import MoveFields
from complaint_console.domain.vocabulary import Role, Stage
from complaint_console.services import auth, intake, tracking, workflow
from tests import factories as f

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def recorded(db):
    f.region(db)
    outlet = f.outlet(db, "EAST-001")
    manager = auth.actor_of(f.user(db, "manager1", Role.OUTLET_MANAGER, outlet.id))
    db.commit()
    data = ComplaintInput("CC123456789012", "王小明", "13812345678", "hotline", "delay", "The parcel is three days late.")
    number = intake.record(db, manager, data, now=NOW).number
    workflow.move(db, manager, number, Stage.INVESTIGATING, 1, MoveFields(), now=NOW + timedelta(minutes=10))
    return number


def test_the_right_pair_shows_stages_outlet_and_expected_time(db):
    number = recorded(db)
    result = tracking.track(db, "1.2.3.4", number.lower(), "5678", now=NOW + timedelta(hours=1))
    assert result.found and result.stage == "investigating" and result.outlet == "Outlet EAST-001"
    assert [s.stage for s in result.steps] == ["new", "investigating"]
    assert result.expected_by == NOW + timedelta(hours=24)


def test_wrong_pairs_get_one_answer_and_guessing_is_throttled(db):
    number = recorded(db)
    later = NOW + timedelta(hours=1)
    wrong = [(number, "0000"), ("CP-20261123-999999", "5678"), ("nonsense", "5678"), (number, "56")]
    for n, tail in wrong:
        result = tracking.track(db, "5.6.7.8", n, tail, now=later)
        assert result == tracking.Tracking()  # the same empty answer whatever was wrong
    tracking.track(db, "5.6.7.8", number, "1111", now=later)
    blocked = tracking.track(db, "5.6.7.8", number, "5678", now=later)  # even the right pair, for now
    assert blocked.throttled and not blocked.found
    assert tracking.track(db, "9.9.9.9", number, "5678", now=later).found  # another client is not blocked
    assert tracking.track(db, "5.6.7.8", number, "5678", now=later + timedelta(minutes=16)).found
