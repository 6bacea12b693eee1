"""Outlet business calendars: which minutes count towards an SLA (DESIGN "SLA").

- No business hours: 24/7, every minute counts.
- Business hours (local time, by weekday): only open minutes count.
- With `holiday_calendar == "CN"`: China's statutory holidays are closed and the make-up
  working days are open with the outlet's Monday hours; the data comes from the maintained
  `chinese-calendar` library.
- HQ's own entries (closed days, extra working days) come on top, for any outlet with hours.
- A year the library does not cover falls back to plain weekday hours plus HQ's entries;
  the year is reported through `uncovered_years` so hq_admin can be warned. It never fails.

All arithmetic is in UTC on aware datetimes; local days come from the outlet's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import chinese_calendar

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_SEARCH_DAYS = 4 * 366

Interval = tuple[datetime, datetime]


class CalendarError(ValueError):
    """Business hours that cannot be used (bad format, closing before opening)."""


def _parse_clock(text: str) -> time | None:
    """'08:30' -> time(8, 30); '24:00' -> None, meaning the end of the day."""
    try:
        hours, minutes = (int(part) for part in text.split(":"))
    except (ValueError, AttributeError) as exc:
        raise CalendarError(f"not a HH:MM time: {text!r}") from exc
    if (hours, minutes) == (24, 0):
        return None
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise CalendarError(f"not a HH:MM time: {text!r}")
    return time(hours, minutes)


def parse_business_hours(raw: dict | None) -> dict[int, tuple[time, time | None]] | None:
    """`{"mon": ["08:00", "20:00"], ...}` -> {0: (08:00, 20:00), ...}; None or {} -> None (24/7)."""
    if not raw:
        return None
    hours: dict[int, tuple[time, time | None]] = {}
    for key, span in raw.items():
        if key not in WEEKDAYS:
            raise CalendarError(f"unknown weekday {key!r}")
        if not isinstance(span, list | tuple) or len(span) != 2:
            raise CalendarError(f"{key}: expected [open, close]")
        opens, closes = _parse_clock(span[0]), _parse_clock(span[1])
        if opens is None or (closes is not None and closes <= opens):
            raise CalendarError(f"{key}: closing time must be after opening time")
        hours[WEEKDAYS.index(key)] = (opens, closes)
    return hours


@lru_cache(maxsize=4096)
def cn_day_kind(day: date) -> str | None:
    """'holiday', 'makeup' (working day in lieu), 'normal', or None when the year has no data."""
    try:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    if name is None:
        return "normal"
    return "holiday" if is_holiday else "makeup"


@dataclass(frozen=True)
class BusinessCalendar:
    """When an outlet is open. `hours=None` means 24/7."""

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    hours: dict[int, tuple[time, time | None]] | None = None
    cn_holidays: bool = False
    extra_closed: frozenset[date] = frozenset()
    extra_working: frozenset[date] = frozenset()

    def __hash__(self) -> int:
        return hash(
            (str(self.tz), tuple(sorted((self.hours or {}).items())), self.cn_holidays, self.extra_closed, self.extra_working)
        )

    @property
    def always_open(self) -> bool:
        return self.hours is None

    def day_hours(self, day: date) -> tuple[time, time | None] | None:
        """Opening hours of a local day, or None when closed."""
        assert self.hours is not None
        monday = self.hours.get(0) or next(iter(self.hours.values()))
        if day in self.extra_closed:
            return None
        if day in self.extra_working:
            return monday
        if self.cn_holidays:
            kind = cn_day_kind(day)
            if kind == "holiday":
                return None
            if kind == "makeup":
                return monday
        return self.hours.get(day.weekday())

    def open_interval(self, day: date) -> Interval | None:
        """The open interval of a local day in UTC, or None."""
        span = self.day_hours(day)
        if span is None:
            return None
        opens = datetime.combine(day, span[0], self.tz)
        if span[1] is None:
            closes = datetime.combine(day + timedelta(days=1), time(0), self.tz)
        else:
            closes = datetime.combine(day, span[1], self.tz)
        return opens.astimezone(UTC), closes.astimezone(UTC)

    def uncovered_years(self, start: datetime, end: datetime) -> set[int]:
        """Years between two instants whose holidays the library does not know (CN calendar only)."""
        if not self.cn_holidays or self.always_open:
            return set()
        first, last = start.astimezone(self.tz).year, end.astimezone(self.tz).year
        return {year for year in range(first, last + 1) if cn_day_kind(date(year, 6, 1)) is None}


def _local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def add_open_seconds(calendar: BusinessCalendar, start: datetime, seconds: float) -> datetime:
    """The instant when `seconds` of open time have passed since `start`.

    A start in closed hours starts counting at the next opening. Zero seconds from a closed
    moment is that next opening.
    """
    if start.tzinfo is None:
        raise ValueError("start must be time-zone aware")
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    if calendar.always_open:
        return start + timedelta(seconds=seconds)
    remaining = timedelta(seconds=seconds)
    day = _local_day(start, calendar.tz)
    for _ in range(MAX_SEARCH_DAYS):
        interval = calendar.open_interval(day)
        if interval is not None:
            opens, closes = interval
            cursor = max(start, opens)
            if cursor < closes:
                available = closes - cursor
                if remaining <= available:
                    return cursor + remaining
                remaining -= available
        day += timedelta(days=1)
    raise CalendarError("no open time found in four years: check the business hours")


def open_seconds_between(calendar: BusinessCalendar, start: datetime, end: datetime) -> float:
    """Open time between two instants, in seconds (0 when end <= start)."""
    if end <= start:
        return 0.0
    if calendar.always_open:
        return (end - start).total_seconds()
    total = timedelta(0)
    day = _local_day(start, calendar.tz)
    last = _local_day(end, calendar.tz)
    while day <= last:
        interval = calendar.open_interval(day)
        if interval is not None:
            lo, hi = max(start, interval[0]), min(end, interval[1])
            if lo < hi:
                total += hi - lo
        day += timedelta(days=1)
    return total.total_seconds()
