"""An outlet as HQ types it (the form, or a row of the outlet import): checked field by field.

Business hours come as the data contract's JSON (`{"mon": ["09:00", "18:00"], …}`) or as the
short form people write, `mon-fri 09:00-18:00; sat 09:00-12:00`; empty means 24/7. Each
problem is a message key next to its field; nothing is half-accepted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from complaint_console.domain.calendar import WEEKDAYS, CalendarError, parse_business_hours
from complaint_console.domain.text import clean_name

OUTLET_REQUIRED = ("code", "name", "region", "city")
OUTLET_OPTIONAL = ("timezone", "business_hours", "holiday_calendar", "authority_limit")
DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_LIMIT = Decimal("500.00")
MAX_LIMIT = Decimal("9999999999.99")
HOLIDAY_CALENDARS = ("CN",)

CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
_SPAN = re.compile(r"^(\d{1,2}:\d{2})\s*[-–~]\s*(\d{1,2}:\d{2})$")


class HoursError(ValueError):
    """Business hours that cannot be read; `args[0]` says where, for the operator."""


def _days(text: str) -> list[str]:
    """'mon-fri' -> ['mon', …, 'fri']; 'sat' -> ['sat']; 'mon,wed' -> ['mon', 'wed']."""
    days: list[str] = []
    for part in text.split(","):
        first, _, last = part.strip().lower().partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise HoursError(f"unknown day {part.strip()!r}")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        if end < start:
            raise HoursError(f"day range {part.strip()!r} runs backwards")
        days += WEEKDAYS[start : end + 1]
    return days


def _clock(text: str) -> str:
    hours, minutes = text.split(":")
    return f"{int(hours):02d}:{minutes}"


def parse_hours_text(text: str) -> dict[str, list[str]]:
    """`mon-fri 09:00-18:00; sat 09:00-12:00` -> the data contract's JSON form."""
    hours: dict[str, list[str]] = {}
    for group in filter(None, (g.strip() for g in re.split(r"[;\n]", text))):
        days, _, span = group.partition(" ")
        found = _SPAN.match(span.strip())
        if not found:
            raise HoursError(f"expected 'days HH:MM-HH:MM', got {group!r}")
        for day in _days(days):
            if day in hours:
                raise HoursError(f"{day} is given twice")
            hours[day] = [_clock(found.group(1)), _clock(found.group(2))]
    return hours


def parse_hours(value: str) -> dict[str, list[str]] | None:
    """Either written form -> the JSON form (None: 24/7); HoursError when it cannot be used."""
    value = value.strip()
    if not value:
        return None
    if value.startswith("{"):
        try:
            hours = json.loads(value)
        except json.JSONDecodeError as exc:
            raise HoursError(f"not JSON: {exc.msg}") from exc
        if not isinstance(hours, dict):
            raise HoursError("expected a JSON object")
    else:
        hours = parse_hours_text(value)
    try:
        parse_business_hours(hours)
    except CalendarError as exc:
        raise HoursError(str(exc)) from exc
    return {day: list(hours[day]) for day in WEEKDAYS if day in hours} or None


def hours_text(hours: dict | None) -> str:
    """The short form of stored hours, consecutive days with equal hours grouped ('' = 24/7)."""
    if not hours:
        return ""
    groups: list[tuple[list[str], list[str]]] = []
    for day in WEEKDAYS:
        span = hours.get(day)
        if span is None:
            continue
        last = groups[-1] if groups else None
        if last and last[1] == list(span) and WEEKDAYS.index(last[0][-1]) == WEEKDAYS.index(day) - 1:
            last[0].append(day)
        else:
            groups.append(([day], list(span)))
    return "; ".join(f"{days[0]}{'-' + days[-1] if len(days) > 1 else ''} {span[0]}-{span[1]}" for days, span in groups)


@dataclass(frozen=True)
class OutletDraft:
    code: str
    name: str
    region: str
    city: str
    timezone: str = DEFAULT_TIMEZONE
    business_hours: dict | None = None
    holiday_calendar: str | None = None
    authority_limit: Decimal = DEFAULT_LIMIT

    def values(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "region": self.region,
            "city": self.city,
            "timezone": self.timezone,
            "business_hours": self.business_hours,
            "holiday_calendar": self.holiday_calendar,
            "authority_limit": self.authority_limit,
        }


def _limit(text: str) -> Decimal | None:
    try:
        amount = Decimal(text.replace(",", "").replace("¥", "").strip())
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount > MAX_LIMIT or amount != amount.quantize(Decimal("0.01")):
        return None
    return amount.quantize(Decimal("0.01"))


def _timezone(text: str) -> str | None:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return text


def validate_outlet(values: dict[str, str]) -> tuple[OutletDraft | None, dict[str, str]]:
    """A draft, or {field: message key}. Missing optional fields take their defaults."""
    errors: dict[str, str] = {}
    code = values.get("code", "").strip().upper()
    if not CODE.match(code):
        errors["code"] = "outlet.code_invalid"
    name = clean_name(values.get("name", ""), 200)
    if not name:
        errors["name"] = "outlet.name_required"
    region = clean_name(values.get("region", ""), 32).upper()
    if not region:
        errors["region"] = "outlet.region_required"
    city = clean_name(values.get("city", ""), 50)
    if not city:
        errors["city"] = "outlet.city_required"
    timezone = _timezone(values.get("timezone", "").strip() or DEFAULT_TIMEZONE)
    if timezone is None:
        errors["timezone"] = "outlet.timezone_invalid"
    try:
        hours = parse_hours(values.get("business_hours", ""))
    except HoursError:
        errors["business_hours"] = "outlet.hours_invalid"
        hours = None
    calendar = values.get("holiday_calendar", "").strip().upper() or None
    if calendar is not None and calendar not in HOLIDAY_CALENDARS:
        errors["holiday_calendar"] = "outlet.calendar_invalid"
    limit = _limit(values.get("authority_limit", "")) if values.get("authority_limit", "").strip() else DEFAULT_LIMIT
    if limit is None:
        errors["authority_limit"] = "outlet.limit_invalid"
    if errors:
        return None, errors
    return OutletDraft(code, name, region, city, timezone, hours, calendar, limit), {}
