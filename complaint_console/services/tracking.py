"""Customers track a complaint with its number and the last 4 digits of their phone.

A wrong pair and a missing ticket get the same answer, and failed lookups are limited per
client, so numbers cannot be confirmed by guessing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, select

from complaint_console.db import rate_limit
from complaint_console.db.models import Outlet, Ticket, TicketEvent
from complaint_console.db.types import utcnow
from complaint_console.domain.numbering import is_ticket_number
from complaint_console.domain.phones import is_phone_tail
from complaint_console.domain.vocabulary import OPEN_STAGES, Stage

FAILED_LIMIT = 5
WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Step:
    stage: str
    at: datetime


@dataclass(frozen=True)
class Tracking:
    found: bool = False
    throttled: bool = False
    number: str = ""
    stage: str = ""
    outlet: str = ""
    expected_by: datetime | None = None
    steps: list[Step] = field(default_factory=list)


def track(db: Session, client: str, number: str, phone_tail: str, now: datetime | None = None) -> Tracking:
    now = now or utcnow()
    key = f"track:{client}"
    if rate_limit.over_limit(db, key, FAILED_LIMIT, WINDOW, now):
        return Tracking(throttled=True)
    number, phone_tail = number.strip().upper(), unicodedata.normalize("NFKC", phone_tail).strip()  # full-width digits too
    ticket = None
    if is_ticket_number(number) and is_phone_tail(phone_tail):
        ticket = db.exec(select(Ticket).where(Ticket.number == number)).first()
    if ticket is None or not ticket.customer_phone.endswith(phone_tail):
        rate_limit.hit(db, key, now)
        return Tracking()
    outlet = db.get(Outlet, ticket.outlet_id) if ticket.outlet_id else None
    events = db.exec(
        select(TicketEvent.to_stage, TicketEvent.at)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.to_stage.is_not(None))
        .order_by(TicketEvent.at, TicketEvent.id)
    ).all()
    open_now = Stage(ticket.stage) in OPEN_STAGES
    return Tracking(
        found=True,
        number=ticket.number,
        stage=ticket.stage,
        outlet=outlet.name if outlet else "",
        expected_by=ticket.resolution_due_at if open_now else None,
        steps=[Step(stage, at) for stage, at in events],
    )
