"""Board queries: filters, counts per stage (one GROUP BY) and each column paged in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db import predicates
from complaint_console.db.models import AppUser, Ticket
from complaint_console.db.tickets import TicketCard, card_select, cards_from, scoped
from complaint_console.domain.access import Actor
from complaint_console.domain.numbering import number_fragment
from complaint_console.domain.phones import PHONE_TAIL_DIGITS
from complaint_console.domain.vocabulary import OPEN_STAGES, Stage

OPEN = [s.value for s in OPEN_STAGES]


@dataclass(frozen=True)
class BoardFilter:
    outlet_id: int | None = None  # HQ's pick; outlet roles are limited by scope whatever this says
    assignee: str = ""  # "", "mine", "none", or a user id
    category: str = ""
    severity: str = ""
    sla: str = ""  # "", "breached", "paused", "running"
    search: str = ""
    triage: bool = False  # HQ's triage queue: tickets no routing rule matched (no outlet yet)


def open_by_sla_state(db: Session, now: datetime) -> dict[str, int]:
    """Open tickets of the whole network by SLA state, as the board's filter names them (for /metrics)."""
    state = sa.case((predicates.breached_now(now), "breached"), (Ticket.paused_since.is_not(None), "paused"), else_="running")
    rows = db.execute(sa.select(state, sa.func.count()).where(Ticket.stage.in_(OPEN)).group_by(state)).all()
    return {"breached": 0, "paused": 0, "running": 0} | {name: n for name, n in rows}


def _apply(stmt: sa.Select, actor: Actor, f: BoardFilter, now: datetime) -> sa.Select:
    stmt = scoped(stmt, actor)
    if f.outlet_id is not None:
        stmt = stmt.where(Ticket.outlet_id == f.outlet_id)
    if f.triage:
        stmt = stmt.where(Ticket.outlet_id.is_(None))
    if f.assignee == "mine":
        stmt = stmt.where(Ticket.assignee_id == actor.user_id)
    elif f.assignee == "none":
        stmt = stmt.where(Ticket.assignee_id.is_(None))
    elif f.assignee.isdigit():
        stmt = stmt.where(Ticket.assignee_id == int(f.assignee))
    if f.category:
        stmt = stmt.where(Ticket.category == f.category)
    if f.severity:
        stmt = stmt.where(Ticket.severity == f.severity)
    if f.sla == "breached":
        stmt = stmt.where(sa.or_(sa.and_(Ticket.stage.in_(OPEN), predicates.breached_now(now)), predicates.resolved_late()))
    elif f.sla == "paused":
        stmt = stmt.where(Ticket.paused_since.is_not(None))
    elif f.sla == "running":
        stmt = stmt.where(Ticket.stage.in_(OPEN), Ticket.paused_since.is_(None), sa.not_(predicates.breached_now(now)))
    if text := f.search.strip():
        matches = [Ticket.waybill_no == text.upper()]
        if fragment := number_fragment(text):  # the whole number or any part of it (LIKE, wildcards escaped)
            matches.append(Ticket.number.contains(fragment, autoescape=True))
        if text.isdigit() and len(text) >= PHONE_TAIL_DIGITS:  # the phone's last digits, or more
            matches.append(Ticket.customer_phone.like(f"%{text}"))
        stmt = stmt.where(sa.or_(*matches))
    return stmt


def stage_counts(db: Session, actor: Actor, f: BoardFilter, now: datetime) -> dict[str, int]:
    stmt = select(Ticket.stage, sa.func.count()).select_from(Ticket)
    rows = db.exec(_apply(stmt, actor, f, now).group_by(Ticket.stage)).all()
    counts = {stage.value: 0 for stage in Stage}
    counts.update({stage: n for stage, n in rows})
    return counts


def stage_cards(db: Session, actor: Actor, f: BoardFilter, stage: Stage, limit: int, now: datetime) -> list[TicketCard]:
    """One column: open stages nearest due first; resolved and closed, latest first."""
    stmt = card_select().where(Ticket.stage == stage.value)
    if stage in OPEN_STAGES:
        stmt = stmt.order_by(Ticket.resolution_due_at, Ticket.id)
    else:
        stmt = stmt.order_by(Ticket.resolved_at.desc(), Ticket.id.desc())
    return cards_from(db, actor, _apply(stmt, actor, f, now).limit(limit))


def outlet_staff(db: Session, outlet_id: int | None) -> list[tuple[int, str]]:
    """People a ticket of the outlet can be assigned to (for the assignee filter)."""
    if outlet_id is None:
        return []
    rows = db.exec(
        select(AppUser.id, AppUser.display_name)
        .where(AppUser.outlet_id == outlet_id, AppUser.active)
        .order_by(AppUser.display_name)
    ).all()
    return [(i, name) for i, name in rows]


def cards_by_number(db: Session, actor: Actor, f: BoardFilter, numbers: list[str], now: datetime) -> list[TicketCard]:
    """The cards among `numbers` the actor may see and the board's filter shows (a patch's cards)."""
    if not numbers:
        return []
    return cards_from(db, actor, _apply(card_select().where(Ticket.number.in_(numbers)), actor, f, now))


def changes_since(db: Session, since: datetime) -> list[tuple[str, int, int | None, datetime]]:
    """(number, version, outlet id, updated at) of every ticket changed at or after `since`: the live
    pages' shared feed, which filters them by each page's scope (`domain.access.sees_outlet`)."""
    t = Ticket
    return [tuple(row) for row in db.exec(select(t.number, t.version, t.outlet_id, t.updated_at).where(t.updated_at >= since))]


def changed_since(db: Session, actor: Actor, since: datetime, shown: list[str]) -> dict[str, int]:
    """number -> version of tickets changed at or after `since` that the board may show or shows.

    Tickets in the actor's scope, plus those it already shows (a ticket routed away must leave
    the board): only their numbers and versions, never their data. Uses ix_ticket_updated_at.
    """
    stmt = scoped(select(Ticket.number, Ticket.version).where(Ticket.updated_at >= since), actor)
    found = {number: version for number, version in db.exec(stmt).all()}
    if shown:
        left = select(Ticket.number, Ticket.version).where(Ticket.updated_at >= since, Ticket.number.in_(shown))
        found.update({number: version for number, version in db.exec(left).all()})
    return found
