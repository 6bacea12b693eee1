"""HQ's approval queue: tickets whose outlet asked for compensation above its limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import Outlet, Ticket, TicketEvent
from complaint_console.db.tickets import scoped
from complaint_console.domain.access import Action, Actor, may
from complaint_console.domain.vocabulary import EventKind


@dataclass(frozen=True)
class Waiting:
    number: str
    version: int
    outlet_code: str
    category: str
    severity: str
    stage: str
    requested: Decimal
    limit: Decimal
    asked_at: datetime


def _waiting(actor: Actor) -> sa.Select:
    stmt = select(Ticket, Outlet).join(Outlet, Outlet.id == Ticket.outlet_id).where(Ticket.compensation_requested.is_not(None))
    return scoped(stmt, actor) if may(actor, Action.APPROVE_COMPENSATION) else stmt.where(sa.false())


def count_waiting(db: Session, actor: Actor) -> int:
    return db.exec(select(sa.func.count()).select_from(_waiting(actor).subquery())).one()


def waiting(db: Session, actor: Actor, limit: int, offset: int = 0) -> list[Waiting]:
    """Oldest request first (a request is the ticket's last change until HQ answers)."""
    rows = db.exec(_waiting(actor).order_by(Ticket.updated_at, Ticket.id).limit(limit).offset(offset)).all()
    return [
        Waiting(
            t.number,
            t.version,
            o.code,
            t.category,
            t.severity,
            t.stage,
            t.compensation_requested,
            o.authority_limit,
            t.updated_at,
        )
        for t, o in rows
    ]


def asker_of(db: Session, ticket_id: int) -> int | None:
    """Who asked for the ticket's latest approval (the user of its last approval request)."""
    return db.exec(
        select(TicketEvent.actor_id)
        .where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind == EventKind.APPROVAL_REQUESTED.value)
        .order_by(TicketEvent.at.desc(), TicketEvent.id.desc())
        .limit(1)
    ).first()


def request_note(db: Session, ticket_id: int) -> str:
    """The note of the ticket's latest approval request ("" when none)."""
    return (
        db.exec(
            select(TicketEvent.note)
            .where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind == EventKind.APPROVAL_REQUESTED.value)
            .order_by(TicketEvent.at.desc(), TicketEvent.id.desc())
            .limit(1)
        ).first()
        or ""
    )
