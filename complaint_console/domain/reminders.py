"""When each SLA reminder of a ticket falls due (DESIGN "Scheduled jobs"), in plain Python.

- at 75 % of a clock: the assignee;
- at breach (100 %): the outlet manager, and escalation to `region`;
- at 150 % of the resolution time: `hq`, and escalation to `hq`.

Each reminder is named by ticket, clock, threshold and the clock's due time, so a due time
that moves (a pause, a severity change) gets fresh reminders and an unchanged one never
repeats. Percentages are of open time on the outlet's calendar, like the badges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from complaint_console.domain.calendar import BusinessCalendar, add_open_seconds
from complaint_console.domain.sla import AT_RISK_FRACTION, HQ_ESCALATION_FRACTION, TicketTimes

# The thresholds in percent of a clock's time, from the SLA rule's fractions (one home: domain/sla.py).
AT_RISK = round(AT_RISK_FRACTION * 100)
BREACH = 100
HQ_ESCALATION = round(HQ_ESCALATION_FRACTION * 100)
AUDIENCE = {AT_RISK: "assignee", BREACH: "manager", HQ_ESCALATION: "hq"}
ESCALATE_TO = {BREACH: "region", HQ_ESCALATION: "hq"}


@dataclass(frozen=True)
class Reminder:
    clock: str  # "response" | "resolution"
    threshold: int  # 75 | 100 | 150
    at: datetime  # when it falls due
    due_at: datetime  # the clock's due time it belongs to

    @property
    def audience(self) -> str:
        return AUDIENCE[self.threshold]

    @property
    def escalate_to(self) -> str | None:
        return ESCALATE_TO.get(self.threshold)

    def key(self, ticket_id: int) -> str:
        return f"reminder:{ticket_id}:{self.clock}:{self.threshold}:{self.due_at:%Y%m%dT%H%M%SZ}"


def schedule(calendar: BusinessCalendar, t: TicketTimes) -> list[Reminder]:
    """Every reminder of the ticket's running clocks, in time order (none while paused or resolved)."""
    found: list[Reminder] = []
    if t.first_response_at is None:
        at_risk = add_open_seconds(calendar, t.created_at, AT_RISK_FRACTION * t.response_target_minutes * 60)
        found += [
            Reminder("response", AT_RISK, at_risk, t.response_due_at),
            Reminder("response", BREACH, t.response_due_at, t.response_due_at),
        ]
    if t.resolved_at is None and t.paused_since is None:
        allowed, paused = t.resolution_target_minutes * 60, t.paused_seconds
        at = {p: add_open_seconds(calendar, t.created_at, p / 100 * allowed + paused) for p in (AT_RISK, HQ_ESCALATION)}
        found += [
            Reminder("resolution", AT_RISK, at[AT_RISK], t.resolution_due_at),
            Reminder("resolution", BREACH, t.resolution_due_at, t.resolution_due_at),
            Reminder("resolution", HQ_ESCALATION, at[HQ_ESCALATION], t.resolution_due_at),
        ]
    return sorted(found, key=lambda r: (r.at, r.clock))


def due(reminders: list[Reminder], now: datetime) -> list[Reminder]:
    return [r for r in reminders if r.at <= now]


def next_at(reminders: list[Reminder], now: datetime) -> datetime | None:
    """When the job should look at the ticket again (None: no reminder is left)."""
    return min((r.at for r in reminders if r.at > now), default=None)
