"""Turning tickets' SLA clocks into what the badge component and pages show (no Reflex state)."""

from __future__ import annotations

from datetime import datetime

from complaint_console.components.sla_badge import badge_clock
from complaint_console.domain.calendar import BusinessCalendar
from complaint_console.services import sla as sla_service


def _minutes(value: int) -> str:
    if value % 60:
        return f"{value}m"
    return f"{value // 60}h"


def policy_text(item: sla_service.HasClocks) -> str:
    return f"{_minutes(item.response_target_minutes)} / {_minutes(item.resolution_target_minutes)}"


def badge_clocks(item: sla_service.HasClocks, calendar: BusinessCalendar, now: datetime, both: bool = False) -> list[dict]:
    """Badge props: both clocks while the first response is pending (or when asked), else resolution."""
    clocks = sla_service.clocks(item, calendar, now)
    policy = policy_text(item)
    shown = [clocks.response, clocks.resolution] if both or clocks.response_pending else [clocks.resolution]
    return [badge_clock(clock, calendar.tz, policy) for clock in shown]


def age(created_at: datetime, now: datetime) -> dict[str, str | int]:
    """A card's age as a message key and its numbers (the browser words it in the user's language):
    minutes under an hour, hours and minutes under a day, else days and hours."""
    minutes = max(int((now - created_at).total_seconds() // 60), 0)
    if minutes < 60:
        return {"key": "card.age_minutes", "m": minutes}
    if minutes < 24 * 60:
        return {"key": "card.age_hours", "h": minutes // 60, "m": minutes % 60}
    return {"key": "card.age_days", "d": minutes // 1440, "h": minutes % 1440 // 60}
