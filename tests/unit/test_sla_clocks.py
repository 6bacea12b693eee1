"""Clock states and policy rules."""

from datetime import UTC, datetime, timedelta

from complaint_console.domain.sla import (
    ALWAYS_OPEN,
    ClockState,
    PolicyRow,
    Target,
    pick_target,
    resolution_clock,
    response_clock,
    validate_policy,
)

T0 = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
DUE = T0 + timedelta(minutes=100)


def resp(now_minutes, responded_minutes=None):
    responded = T0 + timedelta(minutes=responded_minutes) if responded_minutes is not None else None
    return response_clock(ALWAYS_OPEN, T0, DUE, 100, responded, T0 + timedelta(minutes=now_minutes))


def test_response_clock_states_and_percent():
    assert resp(10).state == ClockState.ON_TRACK and resp(10).percent_used == 10
    assert resp(74).state == ClockState.ON_TRACK
    assert resp(75).state == ClockState.AT_RISK
    assert resp(100).state == ClockState.BREACHED
    assert resp(150).percent_used == 150
    assert resp(200, responded_minutes=60).state == ClockState.MET
    assert resp(200, responded_minutes=101).state == ClockState.MISSED


def test_how_late_a_clock_is_in_minutes_past_its_target():
    assert resp(200, responded_minutes=60).over_minutes == 0  # met
    assert resp(90).over_minutes == 0  # running, not yet due
    assert resp(200, responded_minutes=145).over_minutes == 45  # missed by 45 minutes
    assert resp(250).over_minutes == 150  # breached and still running: late so far


def test_at_risk_moment_is_the_75_percent_point():
    assert resp(10).at_risk_at == T0 + timedelta(minutes=75)
    assert resp(80).at_risk_at == T0 + timedelta(minutes=80)  # already at risk: now


def test_resolution_clock_pauses_and_subtracts_paused_time():
    due = T0 + timedelta(minutes=160)  # 100 minutes target + 60 paused
    running = resolution_clock(ALWAYS_OPEN, T0, due, 100, 3600, None, None, T0 + timedelta(minutes=110))
    assert running.state == ClockState.ON_TRACK and running.percent_used == 50
    paused = resolution_clock(ALWAYS_OPEN, T0, due, 100, 0, T0 + timedelta(minutes=30), None, T0 + timedelta(minutes=500))
    assert paused.state == ClockState.PAUSED and paused.percent_used == 30
    met = resolution_clock(ALWAYS_OPEN, T0, due, 100, 3600, None, T0 + timedelta(minutes=150), T0 + timedelta(days=2))
    assert met.state == ClockState.MET
    missed = resolution_clock(ALWAYS_OPEN, T0, due, 100, 3600, None, T0 + timedelta(minutes=161), T0 + timedelta(days=2))
    assert missed.state == ClockState.MISSED


def test_category_override_before_severity_default():
    rows = [PolicyRow("general", None, 30, 1440), PolicyRow("general", "loss", 20, 720)]
    assert pick_target(rows, "general", "loss") == Target(20, 720)
    assert pick_target(rows, "general", "delay") == Target(30, 1440)
    assert pick_target([], "urgent", "delay") == Target(10, 120)  # DESIGN's defaults


def test_policy_validation():
    good = [PolicyRow("general", None, 30, 1440), PolicyRow("serious", None, 60, 2880), PolicyRow("urgent", None, 10, 120)]
    assert validate_policy(good) == {}
    assert validate_policy(good[:2]) == {"urgent/*": "sla.error_missing_default"}
    assert validate_policy([*good, PolicyRow("general", "loss", 0, 10)]) == {"general/loss": "sla.error_positive"}
    assert validate_policy([*good, PolicyRow("general", "loss", 60, 60)]) == {"general/loss": "sla.error_response_longer"}
    assert validate_policy([*good, PolicyRow("general", None, 20, 60)]) == {"general/*": "sla.error_duplicate"}
    assert validate_policy([*good, PolicyRow("general", "nonsense", 20, 60)]) == {"general/nonsense": "sla.error_category"}
