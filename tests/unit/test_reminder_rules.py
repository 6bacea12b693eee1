"""When each SLA reminder falls due: 75 %, 100 % and 150 %, pauses, business hours."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from complaint_console.domain.calendar import BusinessCalendar, parse_business_hours
from complaint_console.domain.reminders import due, next_at, schedule

T0 = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
H = timedelta(hours=1)


def times(**changes) -> SimpleNamespace:
    values = dict(
        created_at=T0,
        first_response_at=None,
        response_due_at=T0 + timedelta(minutes=30),
        resolution_due_at=T0 + 24 * H,
        response_target_minutes=30,
        resolution_target_minutes=24 * 60,
        paused_seconds=0,
        paused_since=None,
        resolved_at=None,
    )
    return SimpleNamespace(**{**values, **changes})


def table(plan):
    return [(r.clock, r.threshold, r.at, r.audience, r.escalate_to) for r in plan]


def test_a_new_ticket_on_a_24_7_outlet_has_five_reminders_in_time_order():
    assert table(schedule(BusinessCalendar(), times())) == [
        ("response", 75, T0 + timedelta(minutes=22, seconds=30), "assignee", None),
        ("response", 100, T0 + timedelta(minutes=30), "manager", "region"),
        ("resolution", 75, T0 + 18 * H, "assignee", None),
        ("resolution", 100, T0 + 24 * H, "manager", "region"),
        ("resolution", 150, T0 + 36 * H, "hq", "hq"),
    ]


def test_first_response_ends_the_response_reminders_and_a_pause_all_of_them():
    answered = schedule(BusinessCalendar(), times(first_response_at=T0 + timedelta(minutes=5)))
    assert [r.clock for r in answered] == ["resolution"] * 3
    paused = schedule(BusinessCalendar(), times(first_response_at=T0, paused_since=T0 + 2 * H))
    assert paused == []
    assert schedule(BusinessCalendar(), times(first_response_at=T0, resolved_at=T0 + H)) == []


def test_time_spent_paused_moves_the_resolution_reminders_and_their_keys():
    before = schedule(BusinessCalendar(), times(first_response_at=T0))
    after = schedule(BusinessCalendar(), times(first_response_at=T0, paused_seconds=5 * 3600, resolution_due_at=T0 + 29 * H))
    assert [r.at for r in after] == [T0 + 23 * H, T0 + 29 * H, T0 + 41 * H]
    assert {r.key(7) for r in before}.isdisjoint({r.key(7) for r in after})  # a moved due time: fresh reminders


def test_business_hours_count_only_open_time():
    shanghai = ZoneInfo("Asia/Shanghai")
    calendar = BusinessCalendar(
        tz=shanghai, hours=parse_business_hours({d: ["09:00", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri")})
    )
    created = datetime(2026, 11, 23, 17, 0, tzinfo=shanghai).astimezone(UTC)  # Monday 17:00, one open hour left
    plan = schedule(
        calendar,
        times(
            created_at=created,
            response_target_minutes=120,
            resolution_target_minutes=9 * 60,
            response_due_at=created,
            resolution_due_at=created,
        ),
    )
    response_75 = next(r for r in plan if (r.clock, r.threshold) == ("response", 75))
    assert response_75.at.astimezone(shanghai) == datetime(2026, 11, 24, 9, 30, tzinfo=shanghai)  # 60 min Mon + 30 min Tue


def test_due_and_next():
    plan = schedule(BusinessCalendar(), times())
    assert [(r.clock, r.threshold) for r in due(plan, T0 + 20 * H)] == [("response", 75), ("response", 100), ("resolution", 75)]
    assert next_at(plan, T0 + 20 * H) == T0 + 24 * H
    assert next_at(plan, T0 + 40 * H) is None
