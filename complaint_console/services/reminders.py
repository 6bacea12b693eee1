"""SLA reminders and automatic escalation for one ticket (the reminder job calls this).

Reminders go to the outbox with a key per ticket, clock, threshold, due time, channel and
person (`db.outbox.add_once`), so they are queued exactly once whoever runs the job and
however often. The escalation and the ticket's next look-at time are written under the
ticket's version, like every other change: if someone changed the ticket meanwhile, this
ticket's run is rolled back and done again at the next tick with the new due times.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import AppUser, Outlet, Ticket, TicketEvent
from complaint_console.db.outbox import add_once
from complaint_console.domain import reminders
from complaint_console.domain.calendar import BusinessCalendar
from complaint_console.domain.vocabulary import EscalationLevel, EventKind, NotificationChannel
from complaint_console.i18n.catalogue import translate
from complaint_console.services import staff_alerts
from complaint_console.settings import get_settings

NEVER = datetime(9999, 12, 31, tzinfo=UTC)  # next_reminder_at once every reminder has gone
LEVELS = [level.value for level in EscalationLevel]


def _text(reminder: reminders.Reminder, ticket: Ticket, outlet_code: str, due: str, language: str) -> tuple[str, str]:
    key = f"reminder.{reminder.clock}.{reminder.threshold}"
    subject = translate(key, language).format(number=ticket.number, due=due)
    details = translate("reminder.details", language).format(
        outlet=outlet_code or "—",
        category=translate(f"category.{ticket.category}", language),
        severity=translate(f"severity.{ticket.severity}", language),
    )
    return subject, f"{subject}\n{details}"


class Lookups:
    """What a tick asks again and again, asked once per batch: outlet codes and who hears."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self.codes: dict[int | None, str] = {}
        self.audiences = staff_alerts.Audiences(db, [])

    def prefetch(self, tickets: list[Ticket]) -> None:
        self.audiences = staff_alerts.Audiences(self.db, tickets)

    def code(self, outlet_id: int | None) -> str:
        if outlet_id not in self.codes:
            found = self.db.exec(select(Outlet.code).where(Outlet.id == outlet_id)).first() if outlet_id is not None else None
            self.codes[outlet_id] = found or ""
        return self.codes[outlet_id]

    def people(self, ticket: Ticket, audience: str) -> list[AppUser]:
        return self.audiences.people(ticket, audience)


def _queue(
    db: Session, ticket: Ticket, reminder: reminders.Reminder, calendar: BusinessCalendar, now: datetime, lookups: Lookups
) -> int:
    """The reminder to each person it is for: in the app, and by e-mail when they have an address."""
    outlet_code = lookups.code(ticket.outlet_id)
    due = reminder.due_at.astimezone(calendar.tz).strftime("%Y-%m-%d %H:%M")
    persons = lookups.people(ticket, reminder.audience)
    queued = staff_alerts.queue_to(
        db,
        ticket,
        persons,
        f"reminder_{reminder.clock}_{reminder.threshold}",
        reminder.key(ticket.id),
        lambda language: _text(reminder, ticket, outlet_code, due, language),
        now,
    )
    if reminder.threshold >= reminders.BREACH and get_settings().webhook_url:  # breaches also go to the group robot
        subject, body = _text(reminder, ticket, outlet_code, due, "zh")
        queued += add_once(
            db,
            channel=NotificationChannel.WEBHOOK.value,
            recipient="webhook",
            kind=f"reminder_{reminder.clock}_{reminder.threshold}",
            ticket_id=ticket.id,
            dedupe_key=f"{reminder.key(ticket.id)}:webhook",
            subject=subject[:300],
            body=body,
            payload={"number": ticket.number, "language": "zh", "outlet": outlet_code},
            created_at=now,
            next_attempt_at=now,
        )
    return queued


@dataclass
class _Plan:
    ticket: Ticket
    due: list[reminders.Reminder]
    level: str  # the escalation level after this tick
    next_at: datetime
    version: int  # as read (the ORM update refreshes the ticket's own attributes)
    was: str  # the escalation level as read


def _plan(ticket: Ticket, calendar: BusinessCalendar, now: datetime) -> _Plan:
    plan = reminders.schedule(calendar, ticket)
    due = reminders.due(plan, now)
    level = ticket.escalation_level
    for reminder in due:
        target = reminder.escalate_to
        if target and LEVELS.index(target) > LEVELS.index(level):
            level = target
    return _Plan(ticket, due, level, reminders.next_at(plan, now) or NEVER, ticket.version, ticket.escalation_level)


def _save(db: Session, plans: list[_Plan], now: datetime) -> set[int]:
    """Write each ticket's next look-at time (and new escalation level) under its version; the ids saved.

    A saved ticket's row stays locked until the batch commits, so nobody can move its due
    times between this write and the reminders queued for it."""
    if not plans:
        return set()
    quiet = [p for p in plans if p.level == p.was]
    raised = [p for p in plans if p.level != p.was]
    saved: set[int] = set()
    if db.get_bind().dialect.name == "postgresql":
        ids = sorted(p.ticket.id for p in plans)  # lock in id order: two runs never wait on each other in a circle
        db.execute(sa.text("SELECT id FROM ticket WHERE id = ANY(:ids) ORDER BY id FOR UPDATE"), {"ids": ids})
        for group, extra in (
            (quiet, ""),
            (raised, ", escalation_level = v.level, version = t.version + 1, updated_at = :now, updated_by_id = NULL"),
        ):
            if not group:
                continue
            rows = db.execute(
                sa.text(
                    f"UPDATE ticket AS t SET next_reminder_at = v.next_at{extra} "
                    "FROM (SELECT unnest(CAST(:ids AS integer[])) AS id, unnest(CAST(:versions AS integer[])) AS version, "
                    "unnest(CAST(:nexts AS timestamptz[])) AS next_at, unnest(CAST(:levels AS text[])) AS level) AS v "
                    "WHERE t.id = v.id AND t.version = v.version RETURNING t.id"
                ),
                {
                    "ids": [p.ticket.id for p in group],
                    "versions": [p.version for p in group],
                    "nexts": [p.next_at for p in group],
                    "levels": [p.level for p in group],
                    "now": now,
                },
            ).scalars()
            saved.update(rows)
        return saved
    for p in plans:
        values: dict = {"next_reminder_at": p.next_at}
        if p.level != p.was:
            values.update(escalation_level=p.level, version=p.version + 1, updated_at=now, updated_by_id=None)
        update = sa.update(Ticket).where(Ticket.id == p.ticket.id, Ticket.version == p.version).values(**values)
        if db.execute(update.execution_options(synchronize_session=False)).rowcount == 1:
            saved.add(p.ticket.id)
    return saved


def remind_batch(
    db: Session, tickets: list[Ticket], calendars: dict[int | None, BusinessCalendar], now: datetime, lookups: Lookups
) -> Counter:
    """Queue the tickets' due reminders, escalate at breach and at 150 %, and note when to look again.

    One transaction for the batch: every ticket's next look-at time is written first under its
    version (a ticket changed meanwhile is left for the next tick, which sees its new due
    times), then the reminders of the tickets written are queued, once per key."""
    plans = [_plan(t, calendars[t.outlet_id], now) for t in tickets]
    saved = _save(db, plans, now)
    lookups.prefetch([p.ticket for p in plans if p.ticket.id in saved and p.due])
    counts: Counter = Counter(tickets=len(saved), conflicts=len(plans) - len(saved))
    for p in plans:
        if p.ticket.id not in saved:
            continue
        level = p.was
        for reminder in p.due:
            counts["queued"] += _queue(db, p.ticket, reminder, calendars[p.ticket.outlet_id], now, lookups)
            target = reminder.escalate_to
            if target and LEVELS.index(target) > LEVELS.index(level):
                db.add(
                    TicketEvent(
                        ticket_id=p.ticket.id,
                        at=now,
                        kind=EventKind.ESCALATED.value,
                        note=f"→ {target}: {reminder.clock} {reminder.threshold}% (automatic)",
                    )
                )
                level, counts["escalated"] = target, counts["escalated"] + 1
    db.commit()
    return counts
