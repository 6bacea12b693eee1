"""Typical-case queries: candidates scored in SQL, the case library, a week's pack (writing a
case is `services/cases.py`).

Every personal detail leaves this module masked (`domain/masking.py`): the training lead
and HQ see the same masked name, phone and waybill here, whatever their other rights.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from complaint_console.db import predicates
from complaint_console.db.masked_ticket import MaskedTicket, scrub_for
from complaint_console.db.models import AppUser, Outlet, Survey, Ticket, TicketEvent, TypicalCase
from complaint_console.db.scores import week_bounds
from complaint_console.db.tickets import scoped
from complaint_console.db.types import epoch_seconds, utcnow
from complaint_console.domain.access import Action, Actor, may
from complaint_console.domain.cases import (
    ALL_SIGNALS,
    ALL_WEIGHTS,
    ANY_GOOD,
    FAST_DEN,
    FAST_NUM,
    GOOD_SIGNALS,
    PRAISE_RATING,
    TOP_RATING,
)
from complaint_console.domain.vocabulary import Channel, EscalationLevel, EventKind

PACK_LIMIT = 200  # a week's pack holds at most this many cases (a meeting discusses a handful)


def _good_conditions() -> dict[str, sa.ColumnElement[bool]]:
    """The SQL twin of `domain.cases.good_signals` (tested against it on generated tickets)."""
    later = aliased(Survey)
    reopened_before = sa.exists().where(
        TicketEvent.ticket_id == later.ticket_id, TicketEvent.kind == EventKind.REOPENED.value, TicketEvent.at < later.answered_at
    )
    praise = sa.exists().where(later.ticket_id == Ticket.id, later.rating >= PRAISE_RATING, reopened_before)
    top = aliased(Survey)
    created = epoch_seconds(Ticket.created_at)
    took = epoch_seconds(Ticket.resolved_at) - created
    allowed = epoch_seconds(Ticket.resolution_due_at) - created
    fast = sa.and_(Ticket.resolved_at.is_not(None), took * FAST_DEN <= allowed * FAST_NUM)
    rated_top = sa.exists().where(top.ticket_id == Ticket.id, top.rating == TOP_RATING, top.answered_at.is_not(None))
    conditions = {"praise": praise, "fast_five": sa.and_(rated_top, fast)}
    assert tuple(conditions) == GOOD_SIGNALS
    return conditions


def signal_conditions(now: datetime) -> dict[str, sa.ColumnElement[bool]]:
    """Each signal of `domain.cases.ALL_WEIGHTS` as a SQL condition on Ticket (joined with Outlet)."""
    low_rating = sa.exists().where(Survey.ticket_id == Ticket.id, predicates.low_rating(Survey.rating))
    reopened = sa.exists().where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == EventKind.REOPENED.value)
    conditions = {
        "regulator": Ticket.channel == Channel.REGULATOR.value,
        "low_rating": low_rating,
        "breached": sa.or_(predicates.response_missed(now), predicates.resolution_missed(now)),
        "over_limit": sa.and_(Ticket.compensation_amount.is_not(None), Ticket.compensation_amount > Outlet.authority_limit),
        "escalated": Ticket.escalation_level != EscalationLevel.OUTLET.value,
        "reopened": reopened,
        "repeat": Ticket.repeat_of_id.is_not(None),
        **_good_conditions(),
    }
    assert tuple(conditions) == ALL_SIGNALS
    return conditions


def _flag(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.case((condition, 1), else_=0)


@dataclass(frozen=True)
class CandidateFilter:
    week_start: date
    category: str = ""
    region: str = ""
    signal: str = ""


@dataclass(frozen=True)
class Candidate(MaskedTicket):
    stage: str
    signals: tuple[str, ...]
    score: int
    case_id: int | None


def _candidates_select(actor: Actor, f: CandidateFilter, tz: str, now: datetime) -> sa.Select:
    """Tickets created in the week with at least one signal, their flags and score, in SQL."""
    start, end = week_bounds(f.week_start, tz)
    conditions = signal_conditions(now)
    flags = {name: _flag(cond).label(f"s_{name}") for name, cond in conditions.items()}
    score = sum((_flag(cond) * ALL_WEIGHTS[name] for name, cond in conditions.items()), sa.literal(0)).label("score")
    stmt = (
        select(
            Ticket.id,
            Ticket.number,
            Ticket.category,
            Ticket.severity,
            Ticket.channel,
            Ticket.stage,
            Ticket.created_at,
            Ticket.customer_name,
            Ticket.customer_phone,
            Ticket.waybill_no,
            Outlet.code.label("outlet_code"),
            Outlet.name.label("outlet_name"),
            Outlet.region,
            TypicalCase.id.label("case_id"),
            *flags.values(),
            score,
        )
        .join(Outlet, Outlet.id == Ticket.outlet_id)
        .join(TypicalCase, TypicalCase.ticket_id == Ticket.id, isouter=True)
        .where(Ticket.created_at >= start, Ticket.created_at < end, sa.or_(*conditions.values()))
    )
    if not may(actor, Action.VIEW_CASES):
        stmt = stmt.where(sa.false())
    stmt = scoped(stmt, actor)
    if f.category:
        stmt = stmt.where(Ticket.category == f.category)
    if f.region:
        stmt = stmt.where(Outlet.region == f.region)
    if f.signal == ANY_GOOD:
        stmt = stmt.where(sa.or_(*(conditions[s] for s in GOOD_SIGNALS)))
    elif f.signal:
        stmt = stmt.where(conditions[f.signal] if f.signal in conditions else sa.false())
    return stmt


def count_candidates(db: Session, actor: Actor, f: CandidateFilter, tz: str, now: datetime | None = None) -> int:
    inner = _candidates_select(actor, f, tz, now or utcnow()).subquery()
    return db.exec(select(sa.func.count()).select_from(inner)).one()


def candidates(
    db: Session, actor: Actor, f: CandidateFilter, tz: str, limit: int = 50, offset: int = 0, now: datetime | None = None
) -> list[Candidate]:
    """One page of candidates, highest score first; ties: the older ticket first."""
    inner = _candidates_select(actor, f, tz, now or utcnow()).subquery()
    rows = db.execute(
        sa.select(inner).order_by(inner.c.score.desc(), inner.c.created_at, inner.c.id).limit(limit).offset(offset)
    ).all()
    return [
        Candidate(
            **MaskedTicket.of(r, r.outlet_code, r.outlet_name, r.region),
            stage=r.stage,
            signals=tuple(s for s in ALL_SIGNALS if getattr(r, f"s_{s}")),
            score=int(r.score),
            case_id=r.case_id,
        )
        for r in rows
    ]


def ticket_signals(db: Session, ticket_id: int, now: datetime | None = None) -> tuple[str, ...]:
    conditions = signal_conditions(now or utcnow())
    row = db.exec(
        select(*(_flag(c).label(n) for n, c in conditions.items()))
        .select_from(Ticket)
        .join(Outlet, Outlet.id == Ticket.outlet_id)
        .where(Ticket.id == ticket_id)
    ).first()
    return tuple(s for s in ALL_SIGNALS if row is not None and getattr(row, s))


# --- one case ------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseTicket(MaskedTicket):
    """The ticket behind a case, as this feature shows it: masked, description scrubbed."""

    ticket_id: int
    stage: str
    description: str
    resolution_summary: str
    compensation_amount: Decimal | None
    signals: tuple[str, ...]
    week_start_local: date | None = None


def case_ticket(db: Session, actor: Actor, number: str) -> CaseTicket | None:
    """The ticket for the case form, if the actor may work with cases and see the ticket."""
    if not may(actor, Action.VIEW_CASES):
        return None
    row = db.exec(
        scoped(select(Ticket, Outlet).join(Outlet, Outlet.id == Ticket.outlet_id), actor).where(
            Ticket.number == number.strip().upper()
        )
    ).first()
    if row is None:
        # HQ roles may read cases of tickets; a training lead has VIEW_TICKETS too. Nothing else.
        return None
    ticket, outlet = row
    return CaseTicket(
        **MaskedTicket.of(ticket, outlet.code, outlet.name, outlet.region),
        ticket_id=ticket.id,
        stage=ticket.stage,
        description=scrub_for(ticket, ticket.description),
        resolution_summary=scrub_for(ticket, ticket.resolution_summary),
        compensation_amount=ticket.compensation_amount,
        signals=ticket_signals(db, ticket.id),
    )


def case_for_ticket(db: Session, ticket_id: int) -> TypicalCase | None:
    return db.exec(select(TypicalCase).where(TypicalCase.ticket_id == ticket_id)).first()


# --- the library ---------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryQuery:
    text: str = ""
    tag: str = ""
    category: str = ""
    outlet: str = ""  # outlet code
    week_start: date | None = None


@dataclass(frozen=True)
class LibraryRow:
    case_id: int
    number: str
    title: str
    tags: tuple[str, ...]
    practice: str
    category: str
    outlet_code: str
    week_start: date
    author: str


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _library_select(actor: Actor, q: LibraryQuery) -> sa.Select:
    author = aliased(AppUser)
    stmt = (
        select(
            TypicalCase.id,
            Ticket.number,
            TypicalCase.title,
            TypicalCase.tags,
            TypicalCase.practice,
            Ticket.category,
            Outlet.code.label("outlet_code"),
            TypicalCase.week_start,
            author.display_name.label("author"),
        )
        .join(Ticket, Ticket.id == TypicalCase.ticket_id)
        .join(Outlet, Outlet.id == Ticket.outlet_id)
        .join(author, author.id == TypicalCase.created_by_id, isouter=True)
    )
    if not may(actor, Action.VIEW_CASES):
        stmt = stmt.where(sa.false())
    if q.text.strip():
        like = f"%{_escape_like(q.text.strip().casefold())}%"
        stmt = stmt.where(
            sa.or_(
                *(
                    sa.func.lower(col).like(like, escape="\\")
                    for col in (
                        TypicalCase.title,
                        TypicalCase.lesson,
                        TypicalCase.root_cause,
                        TypicalCase.corrective_action,
                        TypicalCase.tags_text,
                        Ticket.number,
                    )
                )
            )
        )
    if q.tag.strip():
        stmt = stmt.where(TypicalCase.tags_text.like(f"%|{_escape_like(q.tag.strip().casefold())}|%", escape="\\"))
    if q.category:
        stmt = stmt.where(Ticket.category == q.category)
    if q.outlet.strip():
        stmt = stmt.where(Outlet.code == q.outlet.strip().upper())
    if q.week_start is not None:
        stmt = stmt.where(TypicalCase.week_start == q.week_start)
    return stmt


def count_library(db: Session, actor: Actor, q: LibraryQuery) -> int:
    return db.exec(select(sa.func.count()).select_from(_library_select(actor, q).subquery())).one()


def library(db: Session, actor: Actor, q: LibraryQuery, limit: int = 50, offset: int = 0) -> list[LibraryRow]:
    """One page of cases, newest week first."""
    rows = db.exec(
        _library_select(actor, q).order_by(TypicalCase.week_start.desc(), TypicalCase.id.desc()).limit(limit).offset(offset)
    ).all()
    return [
        LibraryRow(
            r.id, r.number, r.title, tuple(r.tags or ()), r.practice, r.category, r.outlet_code, r.week_start, r.author or ""
        )
        for r in rows
    ]


# --- the weekly pack -----------------------------------------------------------------


@dataclass(frozen=True)
class PackCase(MaskedTicket):
    """One case of a pack: every free text scrubbed with its ticket's customer details."""

    description: str
    resolution_summary: str
    signals: tuple[str, ...]
    title: str
    tags: tuple[str, ...]
    practice: str
    lesson: str
    five_whys: tuple[tuple[str, str], ...]
    root_cause: str
    corrective_action: str
    action_owner: str
    action_due: date | None
    ticket_id: int = 0


def pack_cases(db: Session, actor: Actor, week_start: date, now: datetime | None = None) -> list[PackCase]:
    """The week's cases for the pack, bad practice first, then by ticket number."""
    if not may(actor, Action.VIEW_CASES):
        return []
    rows = db.exec(
        select(TypicalCase, Ticket, Outlet)
        .join(Ticket, Ticket.id == TypicalCase.ticket_id)
        .join(Outlet, Outlet.id == Ticket.outlet_id)
        .where(TypicalCase.week_start == week_start)
        .order_by(sa.case((TypicalCase.practice == "bad", 0), else_=1), Ticket.number)
        .limit(PACK_LIMIT)
    ).all()
    out = []
    for case, ticket, outlet in rows:

        def s(text: str | None, ticket: Ticket = ticket) -> str:
            return scrub_for(ticket, text)

        out.append(
            PackCase(
                **MaskedTicket.of(ticket, outlet.code, outlet.name, outlet.region),
                description=s(ticket.description),
                resolution_summary=s(ticket.resolution_summary),
                signals=ticket_signals(db, ticket.id, now),
                title=s(case.title),
                tags=tuple(s(t) for t in case.tags or ()),
                practice=case.practice,
                lesson=s(case.lesson),
                five_whys=tuple((s(w.get("why")), s(w.get("because"))) for w in case.five_whys or ()),
                root_cause=s(case.root_cause),
                corrective_action=s(case.corrective_action),
                action_owner=s(case.action_owner),
                action_due=case.action_due,
                ticket_id=ticket.id,
            )
        )
    return out
