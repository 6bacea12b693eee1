"""SLA targets and due times (DESIGN "SLA").

This is the 24/7 version: every minute counts. Business hours and holiday calendars
come with the SLA engine; callers already go through `due_times`, so they will not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from complaint_console.domain.vocabulary import Severity


@dataclass(frozen=True)
class Target:
    response_minutes: int
    resolution_minutes: int


DEFAULT_TARGETS: dict[Severity, Target] = {
    Severity.GENERAL: Target(30, 24 * 60),
    Severity.SERIOUS: Target(60, 48 * 60),
    Severity.URGENT: Target(10, 2 * 60),
}


def due_times(created_at: datetime, target: Target, paused_seconds: int = 0) -> tuple[datetime, datetime]:
    """(response_due_at, resolution_due_at); paused time pushes the resolution due time back."""
    response_due = created_at + timedelta(minutes=target.response_minutes)
    resolution_due = created_at + timedelta(minutes=target.resolution_minutes, seconds=paused_seconds)
    return response_due, resolution_due
