"""How pages write values: times in the business time zone (BUSINESS_TZ), audit changes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from complaint_console.settings import get_settings


def business_time(moment: datetime | None, seconds: bool = False) -> str:
    """`YYYY-MM-DD HH:MM` (or `HH:MM:SS` with `seconds`) in BUSINESS_TZ; empty for no time."""
    if moment is None:
        return ""
    pattern = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    return moment.astimezone(ZoneInfo(get_settings().business_tz)).strftime(pattern)


def change_text(changes: dict) -> str:
    """An audit line's changes as `field: old → new; …` (business hours in their short form)."""
    from complaint_console.domain.outlet_rules import hours_text

    def shown(value: object) -> str:
        if isinstance(value, dict):
            return hours_text(value) or "24/7"
        return "—" if value in (None, "") else str(value)

    return "; ".join(f"{field}: {shown(old)} → {shown(new)}" for field, (old, new) in changes.items())


def audit_rows(lines: list) -> list[dict[str, str]]:
    """Audit lines (db/outlets.AuditLine) as the change history table shows them."""
    return [
        {"at": business_time(a.at), "actor": a.actor or "", "action": a.action, "changes": change_text(a.changes)} for a in lines
    ]
