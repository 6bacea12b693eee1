"""Calendar arithmetic: worked examples from the SLA issue and properties (hypothesis)."""

import os
import time as time_module
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaint_console.domain.calendar import (
    BusinessCalendar,
    CalendarError,
    add_open_seconds,
    open_seconds_between,
    parse_business_hours,
)
from complaint_console.domain.sla import DEFAULT_TARGETS, Target, due_times
from complaint_console.domain.vocabulary import Severity

SH = ZoneInfo("Asia/Shanghai")
MON_SAT_8_20 = BusinessCalendar(
    tz=SH, hours=parse_business_hours({d: ["08:00", "20:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat")})
)
MON_FRI_9_18_CN = BusinessCalendar(
    tz=SH, hours=parse_business_hours({d: ["09:00", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}), cn_holidays=True
)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


def test_friday_1950_at_an_outlet_open_8_to_20_monday_to_saturday():
    created = local(2026, 11, 20, 19, 50)  # a Friday
    response, resolution = due_times(created, DEFAULT_TARGETS[Severity.GENERAL], calendar=MON_SAT_8_20)
    assert response == local(2026, 11, 21, 8, 20)  # 10 min on Friday, 20 on Saturday morning
    assert resolution == local(2026, 11, 23, 19, 50)  # Sunday closed: 10 + 720 + 710 minutes


def test_spring_festival_holiday_counts_from_the_first_working_day():
    created = local(2026, 2, 16, 10, 0)  # Monday, a Spring Festival holiday
    response, _ = due_times(created, Target(60, 480), calendar=MON_FRI_9_18_CN)
    assert response == local(2026, 2, 24, 10, 0)  # counting starts Tuesday 2026-02-24 09:00


def test_make_up_saturday_is_a_working_day():
    created = local(2026, 2, 28, 7, 30)  # Saturday, a make-up working day
    response, _ = due_times(created, Target(30, 480), calendar=MON_FRI_9_18_CN)
    assert response == local(2026, 2, 28, 9, 30)  # counting starts at 09:00 that day


def test_an_ordinary_saturday_is_closed():
    response, _ = due_times(local(2026, 3, 7, 10, 0), Target(30, 480), calendar=MON_FRI_9_18_CN)
    assert response == local(2026, 3, 9, 9, 30)


def test_two_hour_pause_moves_resolution_back_two_hours_on_a_24x7_outlet():
    created = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    _, plain = due_times(created, DEFAULT_TARGETS[Severity.GENERAL])
    _, paused = due_times(created, DEFAULT_TARGETS[Severity.GENERAL], paused_seconds=2 * 3600)
    assert paused - plain == timedelta(hours=2)


def test_a_year_without_holiday_data_falls_back_to_weekdays_without_error():
    created = local(2026, 12, 31, 17, 0)  # Thursday; the library has no 2027 data
    response, resolution = due_times(created, Target(60, 48 * 60), calendar=MON_FRI_9_18_CN)
    assert response == local(2026, 12, 31, 18, 0)
    # 1 h on Dec 31, 9 h on Fri Jan 1 (no 2027 data: a plain Friday), 36 h Mon-Thu, 2 h Fri Jan 8
    assert resolution == local(2027, 1, 8, 11, 0)
    assert MON_FRI_9_18_CN.uncovered_years(created, resolution) == {2027}
    assert MON_SAT_8_20.uncovered_years(created, resolution) == set()


def test_hq_closed_and_extra_working_days():
    closed = BusinessCalendar(tz=SH, hours=MON_FRI_9_18_CN.hours, cn_holidays=True, extra_closed=frozenset({date(2027, 1, 1)}))
    response, _ = due_times(local(2026, 12, 31, 17, 30), Target(60, 600), calendar=closed)
    assert response == local(2027, 1, 4, 9, 30)
    working = BusinessCalendar(tz=SH, hours=MON_FRI_9_18_CN.hours, extra_working=frozenset({date(2026, 11, 28)}))
    response, _ = due_times(local(2026, 11, 28, 8, 0), Target(30, 600), calendar=working)
    assert response == local(2026, 11, 28, 9, 30)


def test_bad_business_hours_are_refused():
    with pytest.raises(CalendarError):
        parse_business_hours({"mon": ["20:00", "08:00"]})
    with pytest.raises(CalendarError):
        parse_business_hours({"funday": ["08:00", "20:00"]})
    with pytest.raises(CalendarError):
        parse_business_hours({"mon": ["8am", "20:00"]})
    assert parse_business_hours({}) is None
    assert parse_business_hours({"sun": ["00:00", "24:00"]})[6][1] is None


# ---------------------------------------------------------------- properties

days = st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1, max_size=7, unique=True)
quarter_hours = st.integers(min_value=0, max_value=95)


@st.composite
def calendars(draw) -> BusinessCalendar:
    if draw(st.booleans()):
        return BusinessCalendar(tz=ZoneInfo(draw(st.sampled_from(["Asia/Shanghai", "Asia/Urumqi", "Europe/Berlin"]))))
    opens = draw(st.integers(min_value=0, max_value=88))
    closes = draw(st.integers(min_value=opens + 8, max_value=96))  # open at least two hours
    fmt = lambda q: f"{q // 4:02d}:{q % 4 * 15:02d}"  # noqa: E731
    hours = {d: [fmt(opens), fmt(closes)] for d in draw(days)}
    return BusinessCalendar(
        tz=ZoneInfo(draw(st.sampled_from(["Asia/Shanghai", "Europe/Berlin"]))),
        hours=parse_business_hours(hours),
        cn_holidays=draw(st.booleans()),
    )


starts = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 6, 30)).map(
    lambda d: d.replace(microsecond=0, tzinfo=UTC)
)
minutes = st.integers(min_value=1, max_value=6 * 24 * 60)


@settings(max_examples=300, deadline=None)
@given(calendars(), starts, minutes)
def test_due_is_not_before_start(calendar, start, mins):
    assert add_open_seconds(calendar, start, mins * 60) >= start


@settings(max_examples=300, deadline=None)
@given(calendars(), starts, minutes)
def test_open_minutes_between_start_and_due_equal_the_target(calendar, start, mins):
    due = add_open_seconds(calendar, start, mins * 60)
    assert open_seconds_between(calendar, start, due) == mins * 60


@settings(max_examples=200, deadline=None)
@given(calendars(), starts, minutes, st.integers(min_value=0, max_value=3 * 24 * 3600), st.integers(min_value=0, max_value=3600))
def test_a_pause_never_moves_a_due_time_earlier(calendar, start, mins, pause, more):
    target = Target(1, mins + 1)
    _, base = due_times(start, target, 0, calendar)
    _, paused = due_times(start, target, pause, calendar)
    _, longer = due_times(start, target, pause + more, calendar)
    assert base <= paused <= longer


@settings(max_examples=60, deadline=None)
@given(calendars(), starts, minutes)
def test_results_do_not_depend_on_the_server_time_zone(calendar, start, mins):
    baseline = add_open_seconds(calendar, start, mins * 60)
    saved = os.environ.get("TZ")
    try:
        for zone in ("America/Los_Angeles", "Asia/Kolkata", "UTC", "Pacific/Chatham"):
            os.environ["TZ"] = zone
            time_module.tzset()
            assert add_open_seconds(calendar, start, mins * 60) == baseline
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time_module.tzset()
