"""How pages write values: times in the business time zone (BUSINESS_TZ)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from complaint_console.settings import get_settings


def business_time(moment: datetime | None) -> str:
    """`YYYY-MM-DD HH:MM` in BUSINESS_TZ; empty for no time."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(get_settings().business_tz)).strftime("%Y-%m-%d %H:%M")
