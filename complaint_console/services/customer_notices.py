"""Messages to the customer at each node of seed 000: accepted, handed to the outlet,
remedy proposed, resolved, and the satisfaction survey's link. They go to the
notification outbox; the jobs deliver them.

The de-duplication key names the ticket, the node and the ticket's version, so a retried
request never queues a message twice, while a remedy offered again after a rejection does.
The survey passes its own key, naming the resolution (see services/surveys.py).

Every notice goes by SMS to the customer's mobile phone (a landline gets none) and, when the customer gave an e-mail
address (`ticket.customer_email`), also by e-mail in the customer's language; the e-mail's
key is the SMS key + ":email", so each copy is queued and delivered once.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import Notification, Outlet, Ticket, TicketEvent
from complaint_console.domain.phones import is_mobile
from complaint_console.domain.vocabulary import EventKind, NotificationChannel
from complaint_console.i18n.catalogue import translate

NODES = ("accepted", "handed_to_outlet", "remedy_proposed", "resolved", "answer", "survey")


def queue(
    db: Session, ticket: Ticket, node: str, now: datetime, answer: str = "", link: str = "", dedupe_key: str | None = None
) -> None:
    """Queue the customer's message for `node`; `answer` is the text of an inquiry's answer,
    `link` the survey's address; `dedupe_key` replaces the version-based key."""
    if node not in NODES:
        raise ValueError(f"unknown customer notice {node!r}")
    outlet = db.get(Outlet, ticket.outlet_id) if ticket.outlet_id else None
    language = ticket.customer_language
    message = _message(ticket, node, outlet, answer, link)
    payload = {"number": ticket.number, "language": language, "node": node}
    if link:
        payload["url"] = payload["link"] = link
    if outlet:
        payload["outlet"] = outlet.name
    key = dedupe_key or f"ticket:{ticket.id}:customer_{node}:v{ticket.version}"
    copies = []
    if is_mobile(ticket.customer_phone):  # a landline cannot receive a text message
        copies.append((NotificationChannel.SMS.value, ticket.customer_phone, key, ticket.number))
    if email := (ticket.customer_email or "").strip():
        subject = translate("notify.customer_email_subject", language).format(number=ticket.number)
        copies.append((NotificationChannel.EMAIL.value, email, f"{key}:email", subject))
    for channel, recipient, dedupe, subject in copies:
        db.add(
            Notification(
                channel=channel,
                recipient=recipient,
                kind=f"customer_{node}",
                ticket_id=ticket.id,
                dedupe_key=dedupe,
                subject=subject,
                body=message,
                payload=payload,
                created_at=now,
                next_attempt_at=now,
            )
        )


def _message(ticket: Ticket, node: str, outlet: Outlet | None, answer: str = "", link: str = "") -> str:
    return translate(f"notify.customer_{node}", ticket.customer_language).format(
        number=ticket.number, outlet=outlet.name if outlet else "", answer=answer, link=link
    )


def already_answered(db: Session, ticket: Ticket, answer: str) -> bool:
    """Whether the customer was already sent this very answer (the knowledge base's instant one)."""
    outlet = db.get(Outlet, ticket.outlet_id) if ticket.outlet_id else None
    message = _message(ticket, "answer", outlet, answer)
    sent = select(Notification.body).where(Notification.ticket_id == ticket.id, Notification.kind == "customer_answer")
    return message in db.exec(sent).all()


def remedy_already_proposed(db: Session, ticket: Ticket) -> bool:
    """Whether the ticket already went to `awaiting_customer` in this round (since it was created or
    last reopened): the customer was told of the remedy then, and going back tells them nothing new.
    Read from the timeline's order (event ids), so moves within one second are told apart."""
    events = select(sa.func.max(TicketEvent.id)).where(TicketEvent.ticket_id == ticket.id)
    last_reopen = db.exec(events.where(TicketEvent.kind == EventKind.REOPENED.value)).one() or 0
    proposed = db.exec(events.where(TicketEvent.to_stage == "awaiting_customer", TicketEvent.id > last_reopen)).one()
    return proposed is not None
