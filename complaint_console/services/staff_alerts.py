"""Telling staff about a ticket: who hears (assignee, the outlet's managers, HQ) and how (in
the app, and by e-mail where they have an address), each queued once in the outbox.

The SLA reminders (services/reminders.py) and the alert after a customer's low survey
rating (workflow.after_survey) queue through `queue_to`; the daily digest, homework and
overdue corrective actions through `tell`, which every message to a member of staff goes through.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session, select

from complaint_console.db.models import AppUser, Ticket
from complaint_console.db.outbox import add_once
from complaint_console.domain.access import Action, roles_that
from complaint_console.domain.vocabulary import NotificationChannel, Role
from complaint_console.i18n.catalogue import translate


def people(db: Session, ticket: Ticket, audience: str) -> list[AppUser]:
    """Who hears: the assignee (or, with none, the managers), the managers, or HQ."""
    return Audiences(db, [ticket]).people(ticket, audience)


class Audiences:
    """Who hears about any of `tickets`, read with three queries (the reminder job's batches)."""

    def __init__(self, db: Session, tickets: list[Ticket]) -> None:
        active = select(AppUser).where(AppUser.active).order_by(AppUser.id)
        assignees = {t.assignee_id for t in tickets if t.assignee_id is not None}
        outlets = {t.outlet_id for t in tickets if t.outlet_id is not None}
        self.by_id = {u.id: u for u in db.exec(active.where(AppUser.id.in_(assignees))).all()} if assignees else {}
        self.managers: dict[int, list[AppUser]] = {}
        if outlets:
            managers = active.where(AppUser.role.in_(roles_that(Action.LEAD_OUTLET)), AppUser.outlet_id.in_(outlets))
            for user in db.exec(managers).all():
                self.managers.setdefault(user.outlet_id, []).append(user)
        self.db, self._hq = db, None

    def people(self, ticket: Ticket, audience: str) -> list[AppUser]:
        if audience == "assignee" and ticket.assignee_id in self.by_id:
            return [self.by_id[ticket.assignee_id]]
        if audience in ("assignee", "manager"):
            return list(self.managers.get(ticket.outlet_id, [])) if ticket.outlet_id is not None else []
        if self._hq is None:
            hq = AppUser.role.in_([Role.HQ_ADMIN.value, Role.HQ_ANALYST.value])
            self._hq = list(self.db.exec(select(AppUser).where(AppUser.active, hq).order_by(AppUser.id)).all())
        return list(self._hq)


def tell(
    db: Session,
    person: AppUser,
    kind: str,
    key: str,
    subject: str,
    body: str,
    now: datetime,
    ticket: Ticket | None = None,
    payload: dict | None = None,
) -> int:
    """Queue one message to one person, in the app and by e-mail where they have an address, once
    per `key`, channel and person (the outbox's dedupe key); how many items were new."""
    targets = [(NotificationChannel.IN_APP, f"user:{person.id}")]
    if person.email:
        targets.append((NotificationChannel.EMAIL, person.email))
    about = {"number": ticket.number} if ticket is not None else {}
    return sum(
        add_once(
            db,
            channel=channel.value,
            recipient=recipient,
            kind=kind,
            ticket_id=ticket.id if ticket is not None else None,
            dedupe_key=f"{key}:{channel.value}:{person.id}",
            subject=subject[:300],
            body=body,
            payload={**about, **(payload or {}), "language": person.language},
            created_at=now,
            next_attempt_at=now,
        )
        for channel, recipient in targets
    )


def queue_to(
    db: Session,
    ticket: Ticket,
    persons: list[AppUser],
    kind: str,
    key: str,
    text: Callable[[str], tuple[str, str]],
    now: datetime,
) -> int:
    """Queue (subject, body) = `text(language)` about the ticket to each person (`tell`); how many were new."""
    return sum(tell(db, person, kind, key, *text(person.language), now, ticket=ticket) for person in persons)


def low_rating(db: Session, ticket: Ticket, survey_id: int, rating: int, comment: str, now: datetime) -> int:
    """A customer's rating of 1–2 reopened the ticket: its assignee and the outlet's managers hear."""
    persons = {p.id: p for audience in ("assignee", "manager") for p in people(db, ticket, audience)}

    def text(language: str) -> tuple[str, str]:
        subject = translate("survey.alert.subject", language).format(number=ticket.number, rating=rating)
        said = translate("survey.alert.comment", language).format(comment=comment) if comment else ""
        return subject, "\n".join(line for line in (subject, said, translate("survey.alert.next", language)) if line)

    return queue_to(db, ticket, list(persons.values()), "survey_reopened", f"survey:{survey_id}:reopened", text, now)


def approval_requested(db: Session, ticket: Ticket, amount: object, limit: object, asker: str, now: datetime) -> int:
    """An outlet asks for compensation above its limit: HQ's approvers hear, once per request."""

    def text(language: str) -> tuple[str, str]:
        subject = translate("approval.alert.requested", language).format(number=ticket.number, amount=amount)
        body = translate("approval.alert.requested_body", language).format(asker=asker, amount=amount, limit=limit)
        return subject, f"{subject}\n{body}"

    key = f"approval:{ticket.id}:requested:{now.isoformat()}"
    return queue_to(db, ticket, people(db, ticket, "hq"), "approval_requested", key, text, now)


def approval_answered(
    db: Session, ticket: Ticket, asker_id: int | None, approved: bool, amount: object, reason: str, now: datetime
) -> int:
    """HQ approved or declined: whoever asked and the outlet's managers hear, once per answer."""
    persons = {p.id: p for p in people(db, ticket, "manager")}
    if asker_id is not None and (asker := db.get(AppUser, asker_id)) is not None and asker.active:
        persons[asker.id] = asker
    outcome = "approved" if approved else "declined"

    def text(language: str) -> tuple[str, str]:
        subject = translate(f"approval.alert.{outcome}", language).format(number=ticket.number, amount=amount)
        body = translate(f"approval.alert.{outcome}_body", language).format(reason=reason)
        return subject, f"{subject}\n{body}"

    key = f"approval:{ticket.id}:{outcome}:{now.isoformat()}"
    return queue_to(db, ticket, list(persons.values()), f"approval_{outcome}", key, text, now)
