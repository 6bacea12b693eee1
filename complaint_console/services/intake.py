"""Recording a complaint: one path for the staff form, the public form, the API and imports.

Validation, routing (or HQ's triage queue), severity rules, repeat detection, the public
number, SLA due times, the `created` event and the customer's "accepted" notification are
all done here, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from complaint_console.db.engine import begin_write
from complaint_console.db.models import Outlet, RoutingRule, Ticket, TicketEvent
from complaint_console.db.types import utcnow
from complaint_console.domain import intake
from complaint_console.domain.access import ALL_OUTLETS, Action, Actor, may, outlet_scope
from complaint_console.domain.numbering import ticket_number
from complaint_console.domain.vocabulary import Category, EventKind
from complaint_console.services import customer_notices, knowledge
from complaint_console.services import sla as sla_service
from complaint_console.settings import get_settings

NUMBER_ATTEMPTS = 5


@dataclass(frozen=True)
class Recorded:
    number: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    answer: str = ""  # an inquiry's instant answer from the knowledge base, in the customer's language
    ticket: Ticket | None = None  # the new row, not yet committed when `stage` returns it
    routed_by: str = ""  # domain.intake.RoutedBy: why it went to its outlet


def _earlier(db: Session, data: intake.ComplaintInput, now: datetime) -> list[intake.Earlier]:
    since = now - intake.REPEAT_WINDOW
    rows = db.exec(
        select(Ticket.id, Ticket.created_at, Ticket.waybill_no, Ticket.customer_phone, Ticket.category)
        .where(Ticket.created_at >= since)
        .where(sa.or_(Ticket.waybill_no == data.waybill_no, Ticket.customer_phone == data.customer_phone))
    ).all()
    return [intake.Earlier(*row) for row in rows]


def _rules(db: Session, data: intake.ComplaintInput) -> list[intake.Rule]:
    """Only the rules that can match: prefixes of this waybill, and this district; rules of an
    inactive outlet are skipped (a deactivated outlet gets no new tickets)."""
    prefixes = [data.waybill_no[:n] for n in range(1, len(data.waybill_no) + 1)]
    rows = db.exec(
        select(RoutingRule)
        .join(Outlet, Outlet.id == RoutingRule.outlet_id)
        .where(
            Outlet.active,
            sa.or_(
                sa.and_(RoutingRule.kind == "waybill_prefix", RoutingRule.pattern.in_(prefixes)),
                sa.and_(RoutingRule.kind == "district", RoutingRule.pattern == data.district),
            ),
        )
    ).all()
    return [intake.Rule(r.kind, r.pattern, r.outlet_id) for r in rows]


def _next_number(db: Session, now: datetime) -> str:
    day = now.astimezone(ZoneInfo(get_settings().business_tz)).date()
    prefix = f"CP-{day:%Y%m%d}-"
    last = db.exec(select(sa.func.max(Ticket.number)).where(Ticket.number.like(prefix + "%"))).one()
    return ticket_number(day, int(last.rsplit("-", 1)[1]) + 1 if last else 1)


def record(
    db: Session, actor: Actor | None, raw: intake.ComplaintInput, now: datetime | None = None, fingerprint: str | None = None
) -> Recorded:
    """Validate and record a complaint on its own: `stage`, then commit (the staff intake form)."""
    recorded = stage(db, actor, raw, now, fingerprint)
    if recorded.ticket is not None:
        db.commit()
    return recorded


def stage(
    db: Session, actor: Actor | None, raw: intake.ComplaintInput, now: datetime | None = None, fingerprint: str | None = None
) -> Recorded:
    """Validate a complaint and add its ticket, events and notices to the caller's transaction,
    which the caller commits with its own rows (evidence, an API claim, an import's provenance):
    the caller's use case owns the unit of work. A refusal rolls the transaction back.
    `actor` is None for the public form and the API.

    Every complaint goes through the routing table (waybill prefix, then district); when nothing
    matches, a staff member's own outlet takes it, else it waits in HQ's triage queue (no outlet).
    `fingerprint` (imports) is the source row's: a ticket with it already is not recorded again,
    even by an import running at the same time (the column is unique); errors {"*": "import.already_imported"}.
    """
    if actor is not None and not may(actor, Action.WORK_TICKETS):
        return Recorded(errors={"*": "move.forbidden"})
    data = raw.normalised()
    errors = intake.validate(data)
    if errors:
        return Recorded(errors=errors)
    now = now or utcnow()
    earlier = _earlier(db, data, now)
    scope = outlet_scope(actor) if actor is not None else ALL_OUTLETS
    recorder_outlet = scope if scope is not ALL_OUTLETS and scope > 0 else None  # an outlet role with its outlet
    outlet_id, routed_by = intake.routed(data, _rules(db, data), recorder_outlet)
    by_phone = sum(1 for e in earlier if e.customer_phone == data.customer_phone)
    severity = intake.decide_severity(data.severity, data.channel, by_phone)
    repeat_of = intake.repeat_of(data, earlier, now)
    repeat_seq = 1 if repeat_of is None else db.exec(select(Ticket.repeat_seq).where(Ticket.id == repeat_of)).one() + 1
    begin_write(db)  # on SQLite, the savepoint below must not commit the ticket on its own
    for _ in range(NUMBER_ATTEMPTS):
        ticket = Ticket(
            number=_next_number(db, now),
            waybill_no=data.waybill_no,
            customer_name=data.customer_name,
            customer_phone=data.customer_phone,
            customer_email=data.customer_email or None,
            channel=data.channel,
            category=data.category,
            severity=severity.value,
            description=data.description,
            outlet_id=outlet_id,
            stage="new",
            created_at=now,
            response_due_at=now,
            resolution_due_at=now,
            response_target_minutes=0,
            resolution_target_minutes=0,
            repeat_of_id=repeat_of,
            repeat_seq=repeat_seq,
            customer_language=data.customer_language,
            updated_at=now,
            updated_by_id=actor.user_id if actor else None,
            import_fingerprint=fingerprint,
        )
        sla_service.apply_due_times(db, ticket)
        try:
            with db.begin_nested():
                db.add(ticket)
                db.flush()
        except IntegrityError:  # another request took this number: take the next one
            if fingerprint is not None and _fingerprint_taken(db, fingerprint):
                db.rollback()
                return Recorded(errors={"*": "import.already_imported"})
            continue
        _created(db, ticket, actor, now)
        answer = _answer_inquiry(db, ticket, now) if ticket.category == Category.INQUIRY else ""
        return Recorded(number=ticket.number, answer=answer, ticket=ticket, routed_by=routed_by.value)
    db.rollback()
    return Recorded(errors={"*": "intake.busy"})


def _fingerprint_taken(db: Session, fingerprint: str) -> bool:
    return db.exec(select(Ticket.id).where(Ticket.import_fingerprint == fingerprint)).first() is not None


def _created(db: Session, ticket: Ticket, actor: Actor | None, now: datetime) -> None:
    # No English note: the channel and the outlet (or HQ triage) are the ticket's own fields, shown in the reader's language.
    db.add(
        TicketEvent(
            ticket_id=ticket.id, at=now, actor_id=actor.user_id if actor else None, kind=EventKind.CREATED.value, to_stage="new"
        )
    )
    # The customer hears that the complaint was accepted and who handles it (seed 000).
    customer_notices.queue(db, ticket, "accepted", now)
    if ticket.outlet_id is not None:
        customer_notices.queue(db, ticket, "handed_to_outlet", now)


def _answer_inquiry(db: Session, ticket: Ticket, now: datetime) -> str:
    """An inquiry the knowledge base can answer gets the answer at once, by the customer's channel:
    that is the ticket's first response (DESIGN), an automatic one on the timeline."""
    article = knowledge.instant_answer(db, ticket.description)
    if article is None:
        return ""
    answer = article.answer(ticket.customer_language)
    ticket.first_response_at = now
    db.add(TicketEvent(ticket_id=ticket.id, at=now, kind=EventKind.INSTANT_ANSWER.value, note=article.title))
    customer_notices.queue(db, ticket, "answer", now, answer=answer)
    return answer
