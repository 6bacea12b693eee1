"""SLA reminders and automatic escalation for one ticket (the reminder job calls this).

Reminders go to the outbox with a key per ticket, clock, threshold, due time, channel and
person (`db.outbox.add_once`), so they are queued exactly once whoever runs the job and
however often. The escalation and the ticket's next look-at time are written under the
ticket's version, like every other change: if someone changed the ticket meanwhile, this
ticket's run is rolled back and done again at the next tick with the new due times.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import Outlet, Ticket, TicketEvent
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


def _queue(db: Session, ticket: Ticket, reminder: reminders.Reminder, calendar: BusinessCalendar, now: datetime) -> int:
    """The reminder to each person it is for: in the app, and by e-mail when they have an address."""
    outlet_code = db.exec(select(Outlet.code).where(Outlet.id == ticket.outlet_id)).first() or ""
    due = reminder.due_at.astimezone(calendar.tz).strftime("%Y-%m-%d %H:%M")
    persons = staff_alerts.people(db, ticket, reminder.audience)
    queued = staff_alerts.queue_to(
        db, ticket, persons, f"reminder_{reminder.clock}_{reminder.threshold}", reminder.key(ticket.id),
        lambda language: _text(reminder, ticket, outlet_code, due, language), now,
    )  # fmt: skip
    if reminder.threshold >= 100 and get_settings().webhook_url:  # breaches also go to the group robot
        subject, body = _text(reminder, ticket, outlet_code, due, "zh")
        queued += add_once(
            db, channel=NotificationChannel.WEBHOOK.value, recipient="webhook",
            kind=f"reminder_{reminder.clock}_{reminder.threshold}", ticket_id=ticket.id,
            dedupe_key=f"{reminder.key(ticket.id)}:webhook", subject=subject[:300], body=body,
            payload={"number": ticket.number, "language": "zh", "outlet": outlet_code}, created_at=now, next_attempt_at=now,
        )  # fmt: skip
    return queued


def remind(db: Session, ticket: Ticket, calendar: BusinessCalendar, now: datetime) -> Counter:
    """Queue the ticket's due reminders, escalate at breach and at 150 %, and note when to look again."""
    plan = reminders.schedule(calendar, ticket)
    counts: Counter = Counter(tickets=1)
    level = ticket.escalation_level
    for reminder in reminders.due(plan, now):
        counts["queued"] += _queue(db, ticket, reminder, calendar, now)
        target = reminder.escalate_to
        if target and LEVELS.index(target) > LEVELS.index(level):
            db.add(TicketEvent(ticket_id=ticket.id, at=now, kind=EventKind.ESCALATED.value,
                               note=f"→ {target}: {reminder.clock} {reminder.threshold}% (automatic)"))  # fmt: skip
            level, counts["escalated"] = target, counts["escalated"] + 1
    changed = level != ticket.escalation_level
    values = {"next_reminder_at": reminders.next_at(plan, now) or NEVER}
    if changed:
        values.update(escalation_level=level, version=ticket.version + 1, updated_at=now, updated_by_id=None)
    saved = db.execute(sa.update(Ticket).where(Ticket.id == ticket.id, Ticket.version == ticket.version).values(**values))
    if saved.rowcount != 1:  # changed meanwhile: its due times may have moved; next tick redoes it
        db.rollback()
        return Counter(conflicts=1)
    db.commit()
    return counts
