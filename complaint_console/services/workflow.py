"""Moving tickets through the stages: the rules, the clocks, the audit trail, the lock.

Every change is checked against the stage machine (`domain.stages`), written only if the
ticket is still at the version the user saw, and recorded as a `ticket_event`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from sqlmodel import Session, select

from complaint_console.db import approvals, tickets
from complaint_console.db import root_causes as root_cause_list
from complaint_console.db.calendars import outlet_calendar
from complaint_console.db.models import AppUser, Outlet, Survey, Ticket, TicketEvent
from complaint_console.db.types import utcnow
from complaint_console.domain import stages, survey_tokens
from complaint_console.domain.access import Action, Actor, may, may_work_on
from complaint_console.domain.text import SUMMARY_MAX, note_problem, too_long
from complaint_console.domain.vocabulary import OPEN_STAGES, Category, EscalationLevel, EventKind, Severity, Stage
from complaint_console.services import customer_notices, staff_alerts
from complaint_console.services import sla as sla_service


@dataclass(frozen=True)
class Outcome:
    """The result of a workflow step: done, or why not (field -> message key), or a conflict."""

    ok: bool
    problems: dict[str, str] = field(default_factory=dict)
    conflict: tickets.LastChange | None = None
    version: int | None = None

    @classmethod
    def refused(cls, field_name: str, key: str) -> Outcome:
        return cls(False, {field_name: key})


def _facts(db: Session, ticket: Ticket) -> stages.TicketFacts:
    outlet = db.get(Outlet, ticket.outlet_id) if ticket.outlet_id else None
    limit = outlet.authority_limit if outlet else Decimal("500")
    approved = ticket.compensation_amount if ticket.compensation_approved_by_id else None
    latest_rating = db.exec(
        select(Survey.rating)
        .where(Survey.ticket_id == ticket.id, Survey.answered_at.is_not(None))
        .order_by(Survey.answered_at.desc())
        .limit(1)
    ).first()
    return stages.TicketFacts(
        stage=Stage(ticket.stage),
        category=Category(ticket.category),
        authority_limit=Decimal(limit),
        approved_compensation=approved,
        low_rating=latest_rating is not None and survey_tokens.is_low(latest_rating),
    )


def resolve_form(db: Session, ticket: Ticket) -> tuple[Decimal, dict[str, str]]:
    """The outlet's authority limit the resolve form states, and what the form starts with: after HQ
    approved an amount, that amount and the summary typed when asking for it (else nothing)."""
    facts = _facts(db, ticket)
    if facts.approved_compensation is None:
        return facts.authority_limit, {}
    summary = stages.summary_of_approval_note(approvals.request_note(db, ticket.id))
    return facts.authority_limit, {"compensation": str(facts.approved_compensation), "resolution_summary": summary}


def _load(db: Session, actor: Actor, number: str, expected_version: int) -> tuple[Ticket | None, Outcome | None]:
    if not may(actor, Action.WORK_TICKETS):
        return None, Outcome.refused("stage", "move.forbidden")
    ticket = tickets.load_for_update(db, actor, number)
    if ticket is None:
        return None, Outcome.refused("ticket", "ticket.not_found")
    if not may_work_on(actor, ticket.assignee_id):
        return None, Outcome.refused("stage", "move.not_assignee")
    if ticket.version != expected_version:
        return None, Outcome(False, conflict=tickets.last_change(db, ticket.id))
    return ticket, None


def _load_for_hq(db: Session, actor: Actor, number: str, expected_version: int) -> tuple[Ticket | None, Outcome | None]:
    """Like `_load`, for HQ's answers to approval requests (analysts do not work tickets)."""
    ticket = tickets.load_for_update(db, actor, number)
    if ticket is None:
        return None, Outcome.refused("ticket", "ticket.not_found")
    if ticket.version != expected_version:
        return None, Outcome(False, conflict=tickets.last_change(db, ticket.id))
    return ticket, None


def _save(db: Session, ticket: Ticket, expected_version: int, event: TicketEvent, notice: str | None = None) -> Outcome | None:
    """Stage the ticket under its version lock, with its event and customer notice; a conflict
    rolls the transaction back and is returned. The use case adds its own rows, then `_done`."""
    if not tickets.save_if_unchanged(db, ticket, expected_version):
        db.rollback()
        return Outcome(False, conflict=tickets.last_change(db, ticket.id))
    db.add(event)
    if notice is not None:
        customer_notices.queue(db, ticket, notice, event.at)
    return None


def _done(db: Session, ticket: Ticket) -> Outcome:
    """Commit the use case's unit of work (each public function here owns its one transaction)."""
    db.commit()
    return Outcome(True, version=ticket.version)


def _commit(db: Session, ticket: Ticket, expected_version: int, event: TicketEvent, notice: str | None = None) -> Outcome:
    """Save the ticket under its version lock, with its event and customer notice, or nothing."""
    refusal = _save(db, ticket, expected_version, event, notice)
    return refusal if refusal is not None else _done(db, ticket)


def move(
    db: Session,
    actor: Actor,
    number: str,
    target: Stage,
    expected_version: int,
    fields: stages.MoveFields | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Move a ticket to `target` if the rules allow it and nobody changed it meanwhile."""
    ticket, refusal = _load(db, actor, number, expected_version)
    if refusal is not None:
        return refusal
    ticket, refusal = _staged_move(db, actor, ticket, target, expected_version, fields, now)
    return refusal if refusal is not None else _done(db, ticket)


def move_or_ask(
    db: Session, actor: Actor, number: str, target: Stage, expected_version: int
) -> tuple[list[str], Outcome | None, tuple[Decimal, dict[str, str]] | None]:
    """A move from the board, with one read of the ticket: the fields the move still needs (the
    form opens; nothing changes) with the resolve form's limit and starting values when it asks for
    compensation, or else the move's outcome."""
    ticket, refusal = _load(db, actor, number, expected_version)
    if refusal is not None:
        return [], refusal, None
    current = Stage(ticket.stage)
    if stages.is_allowed(current, target, Category(ticket.category)) and (needed := stages.required_fields(current, target)):
        return needed, None, (resolve_form(db, ticket) if "compensation" in needed else None)
    ticket, refusal = _staged_move(db, actor, ticket, target, expected_version, None, None)
    return [], refusal if refusal is not None else _done(db, ticket), None


def _staged_move(
    db: Session,
    actor: Actor,
    ticket: Ticket,
    target: Stage,
    expected_version: int,
    fields: stages.MoveFields | None,
    now: datetime | None,
) -> tuple[Ticket | None, Outcome | None]:
    """The move of a loaded ticket, staged in the transaction (not committed): the ticket, or the refusal."""
    fields = fields or stages.MoveFields()
    now = now or utcnow()
    current = Stage(ticket.stage)
    facts = _facts(db, ticket)
    if target == Stage.CLOSED:  # a person closing picks from HQ's list as it is now (active codes only)
        facts = replace(facts, root_causes=root_cause_list.active_codes(db))
    problems = stages.check_move(facts, actor.role, target, fields)
    if problems:
        return None, Outcome(False, problems)

    calendar = outlet_calendar(db, ticket.outlet_id)
    if current == Stage.NEW and ticket.first_response_at is None:
        ticket.first_response_at = now
    if current == Stage.AWAITING_CUSTOMER:
        sla_service.resume(db, ticket, now, calendar)
    if target == Stage.AWAITING_CUSTOMER:
        sla_service.pause(ticket, now)
    kind, note = EventKind.STAGE_CHANGE, fields.note.strip()
    if target == Stage.RESOLVED:
        ticket.resolution_summary = fields.resolution_summary.strip()
        ticket.responsibility = fields.responsibility
        ticket.compensation_amount = stages.parse_amount(fields.compensation)
        ticket.resolved_at = now
    elif target == Stage.CLOSED:
        ticket.root_cause = fields.root_cause.strip()
        ticket.root_cause_note = fields.root_cause_note.strip() or None
        ticket.closed_at = now
    elif current == Stage.RESOLVED and target == Stage.INVESTIGATING:
        ticket.resolved_at = None
        sla_service.restart_resolution(db, ticket, now, calendar)
        kind, note = EventKind.REOPENED, fields.reason.strip()
    ticket.stage = target.value
    ticket.updated_at, ticket.updated_by_id = now, actor.user_id
    event = TicketEvent(
        ticket_id=ticket.id,
        at=now,
        actor_id=actor.user_id,
        kind=kind.value,
        from_stage=current.value,
        to_stage=target.value,
        note=note or None,
    )
    notice = {Stage.AWAITING_CUSTOMER: "remedy_proposed", Stage.RESOLVED: "resolved"}.get(target)
    if notice == "remedy_proposed" and customer_notices.remedy_already_proposed(db, ticket):
        notice = None  # back in awaiting_customer within one round: the customer already knows
    refusal = _save(db, ticket, expected_version, event, notice)
    return (None, refusal) if refusal else (ticket, None)


def _system_move(db: Session, ticket: Ticket, target: Stage, note: str, now: datetime, expected_version: int) -> Outcome | None:
    """A move made by the satisfaction revisit (no person: actor NULL), staged under the version
    lock; the refusal, or None (the caller commits)."""
    facts = _facts(db, ticket)
    if target == Stage.CLOSED:
        problems = stages.check_system_close(facts)
    else:
        problems = stages.check_move(facts, None, target, stages.MoveFields(reason=note))
    if problems:
        db.rollback()
        return Outcome(False, problems)
    kind = EventKind.STAGE_CHANGE
    if target == Stage.CLOSED:
        ticket.closed_at = now
    else:  # the reopen after a low rating
        ticket.resolved_at = None
        sla_service.restart_resolution(db, ticket, now)
        kind = EventKind.REOPENED
    current = ticket.stage
    ticket.stage = target.value
    ticket.updated_at, ticket.updated_by_id = now, None
    event = TicketEvent(
        ticket_id=ticket.id, at=now, actor_id=None, kind=kind.value, from_stage=current, to_stage=target.value, note=note
    )
    return _save(db, ticket, expected_version, event)


def after_survey(db: Session, ticket: Ticket, survey_id: int, rating: int, comment: str, now: datetime) -> Outcome:
    """The customer's survey answer decides (DESIGN): 1-2 reopen the ticket to
    `investigating` and tell its assignee and the outlet's managers, 3-5 close it. The caller
    has already written the answer in this transaction (so `_facts` sees the low rating); a
    version conflict rolls all of it back."""
    said = f": {comment.strip()}" if comment.strip() else ""
    if survey_tokens.is_low(rating):
        note = f"survey rating {rating}/5{said}"
        if (refusal := _system_move(db, ticket, Stage.INVESTIGATING, note, now, ticket.version)) is not None:
            return refusal
        staff_alerts.low_rating(db, ticket, survey_id, rating, comment.strip(), now)
        return _done(db, ticket)
    refusal = _system_move(db, ticket, Stage.CLOSED, f"closed: survey answered {rating}/5{said}", now, ticket.version)
    return refusal if refusal is not None else _done(db, ticket)


def close_unanswered(db: Session, ticket: Ticket, expected_version: int, now: datetime) -> Outcome:
    """No survey answer in 72 h: the revisit timed out and the ticket closes (DESIGN)."""
    refusal = _system_move(db, ticket, Stage.CLOSED, "closed: no survey answer in 72 h", now, expected_version)
    return refusal if refusal is not None else _done(db, ticket)


def answer_inquiry(
    db: Session, actor: Actor, number: str, answer: str, responsibility: str, expected_version: int, now: datetime | None = None
) -> Outcome:
    """One step for an `inquiry`: send the customer the answer and resolve the ticket."""
    answer, now = answer.strip(), now or utcnow()
    if not answer:
        return Outcome.refused("answer", "knowledge.answer_required")
    if too_long(answer, SUMMARY_MAX):
        return Outcome.refused("answer", "text.too_long")
    category = db.exec(tickets.scoped(select(Ticket.category).where(Ticket.number == number.strip().upper()), actor)).first()
    if category is not None and category != Category.INQUIRY:
        return Outcome.refused("answer", "knowledge.not_inquiry")
    fields = stages.MoveFields(resolution_summary=answer, responsibility=responsibility, compensation="0")
    ticket, refusal = _load(db, actor, number, expected_version)
    if refusal is None:
        ticket, refusal = _staged_move(db, actor, ticket, Stage.RESOLVED, expected_version, fields, now)
    if refusal is not None:
        if "resolution_summary" in refusal.problems:
            return Outcome(False, {"answer": refusal.problems["resolution_summary"]})
        return refusal
    if not customer_notices.already_answered(db, ticket, answer):  # the instant answer said it already
        customer_notices.queue(db, ticket, "answer", now, answer=answer)
    return _done(db, ticket)


def reclassify(
    db: Session, actor: Actor, number: str, severity: str, category: str, expected_version: int, now: datetime | None = None
) -> Outcome:
    """Change severity and/or category; both due times are recomputed (see services.sla)."""
    now = now or utcnow()
    if severity not in set(Severity) or category not in set(Category):
        return Outcome.refused("severity", "ticket.reclassify_invalid")
    ticket, refusal = _load(db, actor, number, expected_version)
    if refusal:
        return refusal
    if (ticket.severity, ticket.category) == (severity, category):
        return Outcome.refused("severity", "ticket.nothing_changed")  # no new version, no event
    event = sla_service.reclassify(db, actor, ticket, severity, category, now)
    return _commit(db, ticket, expected_version, event)


def approve_compensation(
    db: Session, actor: Actor, number: str, amount: str, expected_version: int, now: datetime | None = None
) -> Outcome:
    """HQ (hq_analyst, hq_admin) approves a compensation amount above the outlet's limit."""
    if not may(actor, Action.APPROVE_COMPENSATION):
        return Outcome.refused("compensation", "move.approval_forbidden")
    value = stages.parse_amount(amount)
    if value is None:
        return Outcome.refused("compensation", "move.compensation_invalid")
    now = now or utcnow()
    ticket, refusal = _load_for_hq(db, actor, number, expected_version)
    if refusal:
        return refusal
    asker_id = approvals.asker_of(db, ticket.id)
    ticket.compensation_amount, ticket.compensation_approved_by_id = value, actor.user_id
    ticket.compensation_requested = None
    ticket.updated_at, ticket.updated_by_id = now, actor.user_id
    event = TicketEvent(
        ticket_id=ticket.id, at=now, actor_id=actor.user_id, kind=EventKind.COMPENSATION_APPROVED.value, note=f"¥{value}"
    )
    if (refusal := _save(db, ticket, expected_version, event)) is not None:
        return refusal
    staff_alerts.approval_answered(db, ticket, asker_id, True, value, "", now)
    return _done(db, ticket)


def request_approval(
    db: Session, actor: Actor, number: str, amount: str, note: str, expected_version: int, now: datetime | None = None
) -> Outcome:
    """The outlet asks HQ to approve an amount above its authority limit ("awaiting approval")."""
    value = stages.parse_amount(amount)
    if value is None:
        return Outcome.refused("compensation", "move.compensation_invalid")
    if too_long(note, SUMMARY_MAX):
        return Outcome.refused("resolution_summary", "text.too_long")
    ticket, refusal = _step(db, actor, number, expected_version)
    if refusal:
        return refusal
    if Stage(ticket.stage) not in OPEN_STAGES:
        return Outcome.refused("compensation", "approval.ticket_not_open")
    if not stages.needs_approval(value, _facts(db, ticket)):
        return Outcome.refused("compensation", "approval.not_needed")
    now = now or utcnow()
    ticket.compensation_requested = value
    ticket.updated_at, ticket.updated_by_id = now, actor.user_id
    text = stages.approval_note(value, note)
    event = TicketEvent(ticket_id=ticket.id, at=now, actor_id=actor.user_id, kind=EventKind.APPROVAL_REQUESTED.value, note=text)
    limit = _facts(db, ticket).authority_limit
    if (refusal := _save(db, ticket, expected_version, event)) is not None:
        return refusal
    staff_alerts.approval_requested(db, ticket, value, limit, actor.display_name, now)
    return _done(db, ticket)


def decline_compensation(
    db: Session, actor: Actor, number: str, reason: str, expected_version: int, now: datetime | None = None
) -> Outcome:
    """HQ turns a requested amount down, with a reason the outlet sees on the timeline."""
    if not may(actor, Action.APPROVE_COMPENSATION):
        return Outcome.refused("compensation", "move.approval_forbidden")
    if problem := note_problem(reason):
        return Outcome.refused("reason", problem)
    ticket, refusal = _load_for_hq(db, actor, number, expected_version)
    if refusal:
        return refusal
    if ticket.compensation_requested is None:
        return Outcome.refused("reason", "approval.nothing_requested")
    now = now or utcnow()
    amount, asker_id = ticket.compensation_requested, approvals.asker_of(db, ticket.id)
    note = f"¥{amount}: {reason.strip()}"
    ticket.compensation_requested = None
    ticket.updated_at, ticket.updated_by_id = now, actor.user_id
    kind = EventKind.COMPENSATION_DECLINED.value
    event = TicketEvent(ticket_id=ticket.id, at=now, actor_id=actor.user_id, kind=kind, note=note)
    if (refusal := _save(db, ticket, expected_version, event)) is not None:
        return refusal
    staff_alerts.approval_answered(db, ticket, asker_id, False, amount, reason.strip(), now)
    return _done(db, ticket)


def route_to_outlet(
    db: Session, actor: Actor, number: str, outlet_code: str, expected_version: int, now: datetime | None = None
) -> Outcome:
    """HQ hands a ticket (typically from the triage queue) to an outlet; due times follow its calendar."""
    if not may(actor, Action.ROUTE_TICKETS):
        return Outcome.refused("outlet", "move.forbidden")
    ticket, refusal = _load(db, actor, number, expected_version)
    if refusal:
        return refusal
    outlet = db.exec(select(Outlet).where(Outlet.code == outlet_code.strip().upper(), Outlet.active)).first()
    if outlet is None:
        return Outcome.refused("outlet", "board.outlet_unknown")
    if outlet.id == ticket.outlet_id:
        return Outcome.refused("outlet", "ticket.same_outlet")
    now = now or utcnow()
    first_outlet = ticket.outlet_id is None
    ticket.outlet_id, ticket.assignee_id = outlet.id, None
    sla_service.apply_due_times(db, ticket)
    ticket.updated_at, ticket.updated_by_id = now, actor.user_id
    event = TicketEvent(ticket_id=ticket.id, at=now, actor_id=actor.user_id, kind=EventKind.ROUTED.value, note=outlet.code)
    return _commit(db, ticket, expected_version, event, "handed_to_outlet" if first_outlet else None)


def _step(
    db: Session, actor: Actor, number: str, expected_version: int, action: Action = Action.WORK_TICKETS
) -> tuple[Ticket | None, Outcome | None]:
    if not may(actor, action):
        return None, Outcome.refused("*", "move.forbidden")
    return _load(db, actor, number, expected_version)


def assign(
    db: Session, actor: Actor, number: str, assignee_id: int | None, expected_version: int, now: datetime | None = None
) -> Outcome:
    """A manager (or HQ) gives the ticket to someone of the ticket's outlet, or to nobody."""
    if not may(actor, Action.ASSIGN_TICKETS):
        return Outcome.refused("assignee", "ticket.assign_forbidden")
    ticket, refusal = _load(db, actor, number, expected_version)
    if refusal:
        return refusal
    if ticket.assignee_id == assignee_id:
        return Outcome.refused("assignee", "ticket.nothing_changed")
    name = ""
    if assignee_id is not None:
        person = db.get(AppUser, assignee_id)
        if person is None or not person.active or person.outlet_id != ticket.outlet_id:
            return Outcome.refused("assignee", "ticket.assignee_invalid")
        name = person.display_name
    now = now or utcnow()
    ticket.assignee_id, ticket.updated_at, ticket.updated_by_id = assignee_id, now, actor.user_id
    event = TicketEvent(ticket_id=ticket.id, at=now, actor_id=actor.user_id, kind=EventKind.ASSIGNED.value, note=name or "—")
    return _commit(db, ticket, expected_version, event)


def log_contact(db: Session, actor: Actor, number: str, note: str, expected_version: int, now: datetime | None = None) -> Outcome:
    """A call or message to the customer; the first one is the first response (DESIGN)."""
    if problem := note_problem(note):
        return Outcome.refused("contact", problem)
    ticket, refusal = _step(db, actor, number, expected_version)
    if refusal:
        return refusal
    now = now or utcnow()
    if ticket.first_response_at is None:
        ticket.first_response_at = now
    ticket.updated_at, ticket.updated_by_id = now, actor.user_id
    event = TicketEvent(ticket_id=ticket.id, at=now, actor_id=actor.user_id, kind=EventKind.CONTACT.value, note=note.strip())
    return _commit(db, ticket, expected_version, event)


def escalate(db: Session, actor: Actor, number: str, reason: str, expected_version: int, now: datetime | None = None) -> Outcome:
    """Raise the escalation level one step: outlet → region → hq."""
    if problem := note_problem(reason):
        return Outcome.refused("escalate", problem)
    ticket, refusal = _step(db, actor, number, expected_version)
    if refusal:
        return refusal
    levels = [level.value for level in EscalationLevel]
    position = levels.index(ticket.escalation_level)
    if position == len(levels) - 1:
        return Outcome.refused("escalate", "ticket.escalation_top")
    now = now or utcnow()
    ticket.escalation_level = levels[position + 1]
    ticket.updated_at, ticket.updated_by_id = now, actor.user_id
    event = TicketEvent(
        ticket_id=ticket.id,
        at=now,
        actor_id=actor.user_id,
        kind=EventKind.ESCALATED.value,
        note=f"→ {ticket.escalation_level}: {reason.strip()}",
    )
    return _commit(db, ticket, expected_version, event)


def comment(db: Session, actor: Actor, number: str, text: str, now: datetime | None = None) -> Outcome:
    """An internal comment: it adds to the timeline and changes nothing else, so no lock."""
    if problem := note_problem(text):
        return Outcome.refused("comment", problem)
    if not (may(actor, Action.WORK_TICKETS) or may(actor, Action.APPROVE_COMPENSATION)):
        return Outcome.refused("comment", "move.forbidden")
    ticket = tickets.load_for_update(db, actor, number)
    if ticket is None:
        return Outcome.refused("ticket", "ticket.not_found")
    db.add(
        TicketEvent(
            ticket_id=ticket.id, at=now or utcnow(), actor_id=actor.user_id, kind=EventKind.COMMENT.value, note=text.strip()
        )
    )
    db.commit()
    return Outcome(True, version=ticket.version)
