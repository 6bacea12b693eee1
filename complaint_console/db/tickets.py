"""Ticket queries. Every one takes the actor and applies `outlet_scope` in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import AppUser, Attachment, Outlet, Ticket, TicketEvent
from complaint_console.domain.access import ALL_OUTLETS, Action, Actor, may, outlet_scope
from complaint_console.domain.masking import mask_name, mask_phone, mask_waybill


def scoped(stmt: sa.Select, actor: Actor) -> sa.Select:
    """Limit a select over Ticket to what the actor may see."""
    if not may(actor, Action.VIEW_TICKETS):
        return stmt.where(sa.false())
    scope = outlet_scope(actor)
    if scope is ALL_OUTLETS:
        return stmt
    return stmt.where(Ticket.outlet_id == scope)


@dataclass(frozen=True)
class TicketDetail:
    number: str
    waybill_no: str
    customer_name: str
    customer_phone: str
    channel: str
    category: str
    severity: str
    stage: str
    description: str
    outlet_code: str
    outlet_name: str
    assignee: str
    created_at: datetime
    response_due_at: datetime
    resolution_due_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    escalation_level: str
    compensation_amount: Decimal | None
    compensation_requested: Decimal | None
    repeat_seq: int
    repeat_of: str
    version: int
    outlet_id: int | None
    assignee_id: int | None
    responsibility: str | None
    root_cause: str | None
    root_cause_note: str | None
    resolution_summary: str | None
    response_target_minutes: int
    resolution_target_minutes: int
    paused_seconds: int
    paused_since: datetime | None
    customer_language: str


def _number_of(db: Session, ticket_id: int | None) -> str:
    return db.exec(select(Ticket.number).where(Ticket.id == ticket_id)).first() or "" if ticket_id else ""


@dataclass(frozen=True)
class EventLine:
    at: datetime
    kind: str
    actor: str
    from_stage: str | None
    to_stage: str | None
    note: str


def ticket_detail(db: Session, actor: Actor, number: str) -> TicketDetail | None:
    """The ticket if the actor may see it, else None: out of scope looks exactly like missing."""
    stmt = (
        select(Ticket, Outlet, AppUser)
        .join(Outlet, Outlet.id == Ticket.outlet_id, isouter=True)
        .join(AppUser, AppUser.id == Ticket.assignee_id, isouter=True)
        .where(Ticket.number == number.strip().upper())
    )
    row = db.exec(scoped(stmt, actor)).first()
    if row is None:
        return None
    ticket, outlet, assignee = row
    contact = may(actor, Action.VIEW_CUSTOMER_CONTACT)
    return TicketDetail(
        number=ticket.number,
        waybill_no=ticket.waybill_no if contact else mask_waybill(ticket.waybill_no),
        customer_name=ticket.customer_name if contact else mask_name(ticket.customer_name),
        customer_phone=ticket.customer_phone if contact else mask_phone(ticket.customer_phone),
        channel=ticket.channel,
        category=ticket.category,
        severity=ticket.severity,
        stage=ticket.stage,
        description=ticket.description,
        outlet_code=outlet.code if outlet else "",
        outlet_name=outlet.name if outlet else "",
        assignee=assignee.display_name if assignee else "",
        created_at=ticket.created_at,
        response_due_at=ticket.response_due_at,
        resolution_due_at=ticket.resolution_due_at,
        first_response_at=ticket.first_response_at,
        resolved_at=ticket.resolved_at,
        escalation_level=ticket.escalation_level,
        compensation_amount=ticket.compensation_amount,
        compensation_requested=ticket.compensation_requested,
        repeat_seq=ticket.repeat_seq,
        repeat_of=_number_of(db, ticket.repeat_of_id),
        version=ticket.version,
        outlet_id=ticket.outlet_id,
        assignee_id=ticket.assignee_id,
        responsibility=ticket.responsibility,
        root_cause=ticket.root_cause,
        root_cause_note=ticket.root_cause_note,
        resolution_summary=ticket.resolution_summary,
        response_target_minutes=ticket.response_target_minutes,
        resolution_target_minutes=ticket.resolution_target_minutes,
        paused_seconds=ticket.paused_seconds,
        paused_since=ticket.paused_since,
        customer_language=ticket.customer_language,
    )


def ticket_events(db: Session, actor: Actor, number: str, limit: int = 200) -> list[EventLine]:
    """The event timeline of a visible ticket, oldest first (empty when out of scope)."""
    ticket_id = db.exec(scoped(select(Ticket.id).where(Ticket.number == number.strip().upper()), actor)).first()
    if ticket_id is None:
        return []
    rows = db.exec(
        select(TicketEvent, AppUser.display_name)
        .join(AppUser, AppUser.id == TicketEvent.actor_id, isouter=True)
        .where(TicketEvent.ticket_id == ticket_id)
        .order_by(TicketEvent.at, TicketEvent.id)
        .limit(limit)
    ).all()
    return [EventLine(e.at, e.kind, name or "", e.from_stage, e.to_stage, e.note or "") for e, name in rows]


def _evidence_scoped(stmt: sa.Select, actor: Actor) -> sa.Select:
    """Evidence (photos of labels, receipts) shows the customer unmasked: only roles that may see
    customer contact details get it, within their scope; the others get none (training_lead)."""
    return scoped(stmt, actor) if may(actor, Action.VIEW_CUSTOMER_CONTACT) else stmt.where(sa.false())


def ticket_attachments(db: Session, actor: Actor, number: str) -> list[Attachment]:
    """The evidence files of a visible ticket (at most five per complaint)."""
    stmt = select(Attachment).join(Ticket, Ticket.id == Attachment.ticket_id).where(Ticket.number == number.strip().upper())
    return list(db.exec(_evidence_scoped(stmt, actor).order_by(Attachment.id)).all())


def visible_attachment(db: Session, actor: Actor, attachment_id: int) -> Attachment | None:
    stmt = select(Attachment).join(Ticket, Ticket.id == Attachment.ticket_id).where(Attachment.id == attachment_id)
    return db.exec(_evidence_scoped(stmt, actor)).first()


@dataclass(frozen=True)
class TicketCard:
    """What a board card shows; the customer and the waybill are always masked on cards."""

    number: str
    waybill: str
    category: str
    severity: str
    stage: str
    channel: str
    customer: str
    outlet_id: int | None
    outlet_code: str
    assignee: str
    created_at: datetime
    first_response_at: datetime | None
    response_due_at: datetime
    resolution_due_at: datetime
    response_target_minutes: int
    resolution_target_minutes: int
    paused_seconds: int
    paused_since: datetime | None
    resolved_at: datetime | None
    escalation_level: str
    repeat_seq: int
    awaiting_approval: bool
    version: int


def cards_from(db: Session, actor: Actor, stmt: sa.Select) -> list[TicketCard]:
    rows = db.exec(scoped(stmt, actor)).all()
    return [
        TicketCard(
            number=t.number,
            waybill=mask_waybill(t.waybill_no),
            category=t.category,
            severity=t.severity,
            stage=t.stage,
            channel=t.channel,
            customer=f"{mask_name(t.customer_name)} {mask_phone(t.customer_phone)}",
            outlet_id=t.outlet_id,
            outlet_code=code or "",
            assignee=assignee or "",
            created_at=t.created_at,
            first_response_at=t.first_response_at,
            response_due_at=t.response_due_at,
            resolution_due_at=t.resolution_due_at,
            response_target_minutes=t.response_target_minutes,
            resolution_target_minutes=t.resolution_target_minutes,
            paused_seconds=t.paused_seconds,
            paused_since=t.paused_since,
            resolved_at=t.resolved_at,
            escalation_level=t.escalation_level,
            repeat_seq=t.repeat_seq,
            awaiting_approval=t.compensation_requested is not None,
            version=t.version,
        )
        for t, code, assignee in rows
    ]


def card_select() -> sa.Select:
    return (
        select(Ticket, Outlet.code, AppUser.display_name)
        .join(Outlet, Outlet.id == Ticket.outlet_id, isouter=True)
        .join(AppUser, AppUser.id == Ticket.assignee_id, isouter=True)
    )


# Columns a workflow step may change; written only through `save_if_unchanged`.
MUTABLE_COLUMNS = (
    "stage",
    "severity",
    "category",
    "assignee_id",
    "first_response_at",
    "response_due_at",
    "resolution_due_at",
    "response_target_minutes",
    "resolution_target_minutes",
    "resolved_at",
    "closed_at",
    "paused_seconds",
    "paused_since",
    "escalation_level",
    "responsibility",
    "root_cause",
    "root_cause_note",
    "resolution_summary",
    "compensation_amount",
    "compensation_approved_by_id",
    "compensation_requested",
    "outlet_id",
    "updated_at",
    "updated_by_id",
)


def load_for_update(db: Session, actor: Actor, number: str) -> Ticket | None:
    """A detached copy of a visible ticket, to change and then save with `save_if_unchanged`."""
    ticket = db.exec(scoped(select(Ticket).where(Ticket.number == number.strip().upper()), actor)).first()
    if ticket is not None:
        db.expunge(ticket)
    return ticket


def save_if_unchanged(db: Session, ticket: Ticket, expected_version: int) -> bool:
    """Write the ticket only if nobody changed it since `expected_version` (optimistic lock).

    One conditional UPDATE: atomic on SQLite and PostgreSQL, so of two concurrent writers
    exactly one wins and the other is told; nothing is silently overwritten.
    """
    values = {column: getattr(ticket, column) for column in MUTABLE_COLUMNS}
    result = db.execute(
        sa.update(Ticket)
        .where(Ticket.id == ticket.id, Ticket.version == expected_version)
        .values(**values, version=expected_version + 1, next_reminder_at=None)  # its reminders may have moved
    )
    if result.rowcount != 1:
        return False
    ticket.version = expected_version + 1
    return True


@dataclass(frozen=True)
class LastChange:
    by: str
    at: datetime | None


def last_change(db: Session, ticket_id: int) -> LastChange:
    row = db.exec(
        select(AppUser.display_name, Ticket.updated_at)
        .join(AppUser, AppUser.id == Ticket.updated_by_id, isouter=True)
        .where(Ticket.id == ticket_id)
    ).first()
    return LastChange(by=(row[0] or "") if row else "", at=row[1] if row else None)


def ticket_signature(db: Session, actor: Actor, number: str) -> tuple | None:
    """What the ticket page shows changes exactly when this changes: the ticket's version and
    last update, its newest event and its evidence count (None when not visible)."""
    stmt = select(Ticket.id, Ticket.version, Ticket.updated_at).where(Ticket.number == number.strip().upper())
    row = db.exec(scoped(stmt, actor)).first()
    if row is None:
        return None
    last_event = db.exec(select(sa.func.max(TicketEvent.id)).where(TicketEvent.ticket_id == row[0])).one()
    files = db.exec(select(sa.func.count()).select_from(Attachment).where(Attachment.ticket_id == row[0])).one()
    return (row[1], row[2].isoformat() if row[2] else "", last_event or 0, files)
