"""The SQL twins of the domain's ticket rules, each written once from the domain's constants.

Every function here is the database form of a plain-Python rule in `domain/` (named beside it);
`tests/integration/test_predicates.py` runs each on generated tickets and compares it with its
Python twin, boundaries included. Queries that need one of these rules import it from here.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from complaint_console.db.models import Ticket
from complaint_console.domain.survey_tokens import LOW_RATING, SATISFIED_RATING


def response_overdue(now: datetime) -> sa.ColumnElement[bool]:
    """No first response and its due time has come: `domain.sla.response_clock(...).state` is BREACHED."""
    return sa.and_(Ticket.first_response_at.is_(None), Ticket.response_due_at <= now)


def resolution_overdue(now: datetime) -> sa.ColumnElement[bool]:
    """Not resolved, not paused, and its due time has come: `resolution_clock(...).state` is BREACHED."""
    return sa.and_(Ticket.resolved_at.is_(None), Ticket.paused_since.is_(None), Ticket.resolution_due_at <= now)


def breached_now(now: datetime) -> sa.ColumnElement[bool]:
    """A running clock is breached (the board's "breached" filter and badge, /metrics)."""
    return sa.or_(response_overdue(now), resolution_overdue(now))


def response_missed(now: datetime) -> sa.ColumnElement[bool]:
    """The response clock is late, answered or not: its state is MISSED or BREACHED."""
    return sa.or_(Ticket.first_response_at > Ticket.response_due_at, response_overdue(now))


def resolution_missed(now: datetime) -> sa.ColumnElement[bool]:
    """The resolution clock is late, resolved or not: its state is MISSED or BREACHED (a ticket
    closed without a resolution has no running clock)."""
    return sa.or_(Ticket.resolved_at > Ticket.resolution_due_at, sa.and_(Ticket.closed_at.is_(None), resolution_overdue(now)))


def resolved_late() -> sa.ColumnElement[bool]:
    """Resolved after its due time: the resolution clock's state is MISSED."""
    return sa.and_(Ticket.resolved_at.is_not(None), Ticket.resolved_at > Ticket.resolution_due_at)


def timely(week_end: datetime) -> sa.ColumnElement[bool]:
    """`domain.scores.is_timely`: resolved before the week's end, first response and resolution by their due times."""
    return sa.and_(
        Ticket.resolved_at.is_not(None),
        Ticket.resolved_at < week_end,
        Ticket.first_response_at.is_not(None),
        Ticket.first_response_at <= Ticket.response_due_at,
        Ticket.resolved_at <= Ticket.resolution_due_at,
    )


def low_rating(rating: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    """`domain.survey_tokens.is_low`: a rating at or below LOW_RATING (reopens; a case signal)."""
    return rating <= LOW_RATING


def satisfied(rating: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    """`domain.survey_tokens.is_satisfied`: a rating that counts towards the satisfaction rate."""
    return rating >= SATISFIED_RATING
