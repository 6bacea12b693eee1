"""SLA rules (DESIGN "SLA"): targets from versioned policies, due times on an outlet's
calendar, and the state of each clock. The board, the ticket page, the jobs and the
reports all read clocks through `response_clock` / `resolution_clock`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from complaint_console.domain.calendar import BusinessCalendar, add_open_seconds, open_seconds_between
from complaint_console.domain.vocabulary import Category, Severity

AT_RISK_FRACTION = 0.75  # a clock is at risk (and its assignee reminded) from 75 % of its time
ON_TIME_GOAL_PERCENT = 90  # a share of tickets on time at or above this is shown as good (SLA charts)
HQ_ESCALATION_FRACTION = 1.5  # at 150 % of the resolution time HQ is told and the ticket escalates to hq
ALWAYS_OPEN = BusinessCalendar()


@dataclass(frozen=True)
class Target:
    response_minutes: int
    resolution_minutes: int


DEFAULT_TARGETS: dict[Severity, Target] = {
    Severity.GENERAL: Target(30, 24 * 60),
    Severity.SERIOUS: Target(60, 48 * 60),
    Severity.URGENT: Target(10, 2 * 60),
}


@dataclass(frozen=True)
class PolicyRow:
    """One row of a policy version: a severity default (category None) or a category override."""

    severity: str
    category: str | None
    response_minutes: int
    resolution_minutes: int


def pick_target(rows: Iterable[PolicyRow], severity: str, category: str) -> Target:
    """The target of one policy version: the category override first, then the severity default."""
    default = None
    for row in rows:
        if row.severity != severity:
            continue
        if row.category == category:
            return Target(row.response_minutes, row.resolution_minutes)
        if row.category is None:
            default = Target(row.response_minutes, row.resolution_minutes)
    return default or DEFAULT_TARGETS[Severity(severity)]


def validate_policy(rows: list[PolicyRow]) -> dict[str, str]:
    """Problems with a policy version, keyed by "severity/category" (category "*" = default).

    Values are message-catalogue keys. Every severity needs a default; minutes are positive;
    first response must be shorter than resolution; a category is overridden at most once.
    """
    errors: dict[str, str] = {}
    seen: set[tuple[str, str | None]] = set()
    for row in rows:
        key = f"{row.severity}/{row.category or '*'}"
        if row.severity not in Severity.__members__.values():
            errors[key] = "sla.error_severity"
        elif row.category is not None and row.category not in Category.__members__.values():
            errors[key] = "sla.error_category"
        elif row.response_minutes <= 0 or row.resolution_minutes <= 0:
            errors[key] = "sla.error_positive"
        elif row.response_minutes >= row.resolution_minutes:
            errors[key] = "sla.error_response_longer"
        elif (row.severity, row.category) in seen:
            errors[key] = "sla.error_duplicate"
        seen.add((row.severity, row.category))
    for severity in Severity:
        if (severity.value, None) not in seen:
            errors[f"{severity.value}/*"] = "sla.error_missing_default"
    return errors


def due_times(
    created_at: datetime, target: Target, paused_seconds: float = 0, calendar: BusinessCalendar = ALWAYS_OPEN
) -> tuple[datetime, datetime]:
    """(response_due_at, resolution_due_at), counted in the calendar's open time.

    `paused_seconds` is the open time spent in `awaiting_customer`; it pushes the
    resolution due time back (on a 24/7 outlet it is plain wall-clock time).
    """
    response_due = add_open_seconds(calendar, created_at, target.response_minutes * 60)
    resolution_due = add_open_seconds(calendar, created_at, target.resolution_minutes * 60 + paused_seconds)
    return response_due, resolution_due


def reopen_seconds(calendar: BusinessCalendar, created_at: datetime, reopened_at: datetime) -> int:
    """A reopen gives the resolution clock a fresh target (DESIGN): the reopen time plus the
    policy's resolution time on the outlet's calendar. The clock counts from creation less the
    time it did not run (`paused_seconds`), so all open time before the reopen becomes time it
    did not run: the due time, the reminders (75/100/150 %) and the badge all start again."""
    return int(open_seconds_between(calendar, created_at, reopened_at))


def pause_seconds(calendar: BusinessCalendar, paused_since: datetime, resumed_at: datetime) -> int:
    """The open time of one stay in `awaiting_customer`, added to `paused_seconds` on resume."""
    return int(open_seconds_between(calendar, paused_since, resumed_at))


class TicketTimes(Protocol):
    """What the clocks and the reminders read of a ticket: a Ticket row, a board card, a detail."""

    created_at: datetime
    first_response_at: datetime | None
    response_due_at: datetime
    resolution_due_at: datetime
    response_target_minutes: int
    resolution_target_minutes: int
    paused_seconds: int
    paused_since: datetime | None
    resolved_at: datetime | None


class ClockState(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    PAUSED = "paused"
    MET = "met"
    MISSED = "missed"


@dataclass(frozen=True)
class Clock:
    """One SLA clock at a moment: its state, due time, percent of the allowed time used,
    and when it turns at-risk if nothing changes (for the live badge and the reminders)."""

    kind: str  # "response" | "resolution"
    state: ClockState
    due_at: datetime
    percent_used: float
    at_risk_at: datetime
    target_minutes: int

    @property
    def running(self) -> bool:
        return self.state in (ClockState.ON_TRACK, ClockState.AT_RISK, ClockState.BREACHED)

    @property
    def over_minutes(self) -> int:
        """How late the clock is (missed) or was (breached and still running), in open minutes
        past its target; 0 when it is on time. Read off `percent_used`, as the badge is."""
        if self.state not in (ClockState.MISSED, ClockState.BREACHED):
            return 0
        return max(0, round(self.target_minutes * (self.percent_used / 100 - 1)))


def _running_clock(
    kind: str, calendar: BusinessCalendar, used: float, allowed: float, due_at: datetime, now: datetime, minutes: int
) -> Clock:
    threshold = allowed * AT_RISK_FRACTION
    at_risk_at = now if used >= threshold else add_open_seconds(calendar, now, threshold - used)
    if now >= due_at:
        state = ClockState.BREACHED
    elif used >= threshold:
        state = ClockState.AT_RISK
    else:
        state = ClockState.ON_TRACK
    return Clock(kind, state, due_at, 100.0 * used / allowed, at_risk_at, minutes)


def response_clock(
    calendar: BusinessCalendar,
    created_at: datetime,
    due_at: datetime,
    target_minutes: int,
    first_response_at: datetime | None,
    now: datetime,
) -> Clock:
    allowed = target_minutes * 60
    if first_response_at is not None:
        used = open_seconds_between(calendar, created_at, first_response_at)
        state = ClockState.MET if first_response_at <= due_at else ClockState.MISSED
        return Clock("response", state, due_at, 100.0 * used / allowed, due_at, target_minutes)
    used = open_seconds_between(calendar, created_at, now)
    return _running_clock("response", calendar, used, allowed, due_at, now, target_minutes)


def resolution_clock(
    calendar: BusinessCalendar,
    created_at: datetime,
    due_at: datetime,
    target_minutes: int,
    paused_seconds: int,
    paused_since: datetime | None,
    resolved_at: datetime | None,
    now: datetime,
) -> Clock:
    allowed = target_minutes * 60
    if resolved_at is not None:
        used = open_seconds_between(calendar, created_at, resolved_at) - paused_seconds
        state = ClockState.MET if resolved_at <= due_at else ClockState.MISSED
        return Clock("resolution", state, due_at, 100.0 * used / allowed, due_at, target_minutes)
    if paused_since is not None:
        used = open_seconds_between(calendar, created_at, paused_since) - paused_seconds
        return Clock("resolution", ClockState.PAUSED, due_at, 100.0 * used / allowed, due_at, target_minutes)
    used = open_seconds_between(calendar, created_at, now) - paused_seconds
    return _running_clock("resolution", calendar, used, allowed, due_at, now, target_minutes)
