"""The satisfaction revisit (DESIGN "Scheduled jobs"): send, open, answer, time out.

- `send_due`: 24 h after `resolved`, one survey per resolution, its link queued to the
  customer in their language. A resolution is the ticket's `resolved_at`: a survey belongs
  to it when it was sent at or after that moment, so a ticket reopened and resolved again
  gets a new survey. The outbox key `ticket:<id>:customer_survey:<resolved_at>` is unique,
  so two runs (or two processes) can never queue it twice: the loser's survey row rolls
  back with its message.
- `open_survey` / `answer`: the signed link (`domain.survey_tokens`) is checked every time.
  The answer is one transaction: a conditional UPDATE claims the survey (`answered_at IS
  NULL`, so of two tabs only one answers), then the ticket moves (1-2 reopen, 3-5 close)
  under its version lock. A survey whose resolution is over (staff reopened or closed the
  ticket meanwhile) is still answered and thanked for; the ticket is left alone.
- `close_unanswered`: surveys sent 72 h ago without an answer close their still-resolved
  ticket; a ticket changed meanwhile is skipped this run (version lock).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from complaint_console.db.engine import begin_write
from complaint_console.db.models import Outlet, Survey, Ticket
from complaint_console.domain import survey_tokens as tokens
from complaint_console.domain.survey_tokens import Refusal
from complaint_console.domain.vocabulary import Stage
from complaint_console.services import customer_notices, workflow
from complaint_console.settings import get_settings

BATCH = 500  # tickets per job run and step; the next run (5 minutes later) takes the rest


def survey_link(token: str) -> str:
    return f"{get_settings().public_url}/survey/{token}"


def dedupe_key(ticket: Ticket) -> str:
    """The outbox key of a resolution's survey message: the ticket and its `resolved_at`."""
    return f"ticket:{ticket.id}:customer_survey:{ticket.resolved_at:%Y%m%dT%H%M%S.%f}"


def _belongs_to_resolution(survey: Survey, ticket: Ticket) -> bool:
    """Whether the survey asks about the ticket's current resolution (and so may move it)."""
    return (
        ticket.stage == Stage.RESOLVED
        and ticket.resolved_at is not None
        and survey.sent_at is not None
        and survey.sent_at >= ticket.resolved_at
    )


# --- sending --------------------------------------------------------------------------


def due_for_survey(db: Session, now: datetime, limit: int = BATCH) -> list[int]:
    """Tickets resolved at least 24 h ago, still resolved, without a survey for this resolution."""
    asked = select(Survey.id).where(Survey.ticket_id == Ticket.id, Survey.sent_at >= Ticket.resolved_at)
    query = (
        select(Ticket.id)
        .where(Ticket.stage == Stage.RESOLVED.value, Ticket.resolved_at <= now - tokens.SEND_AFTER, ~asked.exists())
        .order_by(Ticket.resolved_at, Ticket.id)
        .limit(limit)
    )
    return list(db.exec(query).all())


def send(db: Session, ticket_id: int, now: datetime) -> bool:
    """Create the survey of the ticket's current resolution and queue its link; False when
    there is nothing to send (no longer due, or another run sent it first)."""
    begin_write(db)
    ticket = db.exec(select(Ticket).where(Ticket.id == ticket_id).with_for_update()).first()
    if ticket is None or ticket.stage != Stage.RESOLVED or ticket.resolved_at is None:
        db.rollback()
        return False
    if (
        ticket.resolved_at > now - tokens.SEND_AFTER
        or db.exec(select(Survey.id).where(Survey.ticket_id == ticket.id, Survey.sent_at >= ticket.resolved_at)).first()
    ):
        db.rollback()
        return False
    survey = Survey(ticket_id=ticket.id, sent_at=now, expires_at=now + tokens.VALID_FOR)
    db.add(survey)
    db.flush()
    token = tokens.sign(survey.id, survey.expires_at, get_settings().secret_key)
    survey.token_hash = tokens.token_hash(token)
    customer_notices.queue(db, ticket, "survey", now, link=survey_link(token), dedupe_key=dedupe_key(ticket))
    try:
        db.commit()
    except IntegrityError:  # another process queued this resolution's survey first
        db.rollback()
        return False
    return True


def send_due(engine: sa.Engine, now: datetime) -> int:
    sent = 0
    with Session(engine, expire_on_commit=False) as db:
        due = due_for_survey(db, now)
        db.rollback()
        for ticket_id in due:
            sent += send(db, ticket_id, now)
    return sent


# --- timing out -----------------------------------------------------------------------


def due_to_close(db: Session, now: datetime, limit: int = BATCH) -> list[tuple[int, int]]:
    """(ticket id, version) of resolved tickets whose survey went unanswered for 72 h."""
    query = (
        select(Ticket.id, Ticket.version)
        .join(Survey, Survey.ticket_id == Ticket.id)
        .where(
            Ticket.stage == Stage.RESOLVED.value,
            Survey.answered_at.is_(None),
            Survey.sent_at <= now - tokens.CLOSE_AFTER,
            Survey.sent_at >= Ticket.resolved_at,
        )
        .distinct()
        .order_by(Ticket.id)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in db.exec(query).all()]


def close_unanswered(engine: sa.Engine, now: datetime) -> int:
    closed = 0
    with Session(engine, expire_on_commit=False) as db:
        due = due_to_close(db, now)
        db.rollback()
        for ticket_id, version in due:
            ticket = db.get(Ticket, ticket_id, populate_existing=True)
            if ticket is None or ticket.version != version or ticket.stage != Stage.RESOLVED:
                db.rollback()
                continue  # changed since the query: the next run looks again
            closed += workflow.close_unanswered(db, ticket, version, now).ok
    return closed


# --- the customer's side --------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    """The survey behind a link, or why the link does not open it."""

    refusal: Refusal | None = None
    survey_id: int | None = None
    number: str = ""
    outlet: str = ""
    language: str = ""


def _check(db: Session, token: str, now: datetime) -> tuple[Opened, Survey | None]:
    claim = tokens.verify(token, get_settings().secret_key)
    if claim is None:
        return Opened(Refusal.TAMPERED), None
    survey = db.get(Survey, claim.survey_id, populate_existing=True)
    if survey is None or survey.token_hash is None or survey.token_hash != tokens.token_hash(token):
        return Opened(Refusal.TAMPERED), None  # signed with our key, but not a link we sent
    if survey.answered_at is not None:
        return Opened(Refusal.USED), None
    if tokens.is_expired(claim, now) or (survey.expires_at is not None and now >= survey.expires_at):
        return Opened(Refusal.EXPIRED), None
    ticket = db.get(Ticket, survey.ticket_id)
    outlet = db.get(Outlet, ticket.outlet_id) if ticket and ticket.outlet_id else None
    opened = Opened(
        survey_id=survey.id,
        number=ticket.number if ticket else "",
        outlet=outlet.name if outlet else "",
        language=ticket.customer_language if ticket else "zh",
    )
    return opened, survey


def open_survey(db: Session, token: str, now: datetime) -> Opened:
    """What the survey page shows for `token`: the complaint, or a refusal (no ticket data)."""
    return _check(db, token, now)[0]


@dataclass(frozen=True)
class Answered:
    ok: bool
    refusal: Refusal | None = None
    problems: dict[str, str] = field(default_factory=dict)
    reopened: bool = False  # the low rating reopened the ticket
    moved: bool = False  # the answer reopened or closed the ticket


def answer(db: Session, token: str, rating: object, comment: str, now: datetime, attempts: int = 3) -> Answered:
    """Record the customer's answer once and let it decide the ticket (see the module text)."""
    opened, survey = _check(db, token, now)
    if opened.refusal is not None:
        return Answered(False, refusal=opened.refusal)
    problems = {}
    if problem := tokens.rating_problem(rating):
        problems["rating"] = problem
    if problem := tokens.comment_problem(comment):
        problems["comment"] = problem
    if problems:
        return Answered(False, problems=problems)
    stars, text = int(str(rating).strip()), (comment or "").strip()
    for _ in range(attempts):
        begin_write(db)
        claimed = db.execute(
            sa.update(Survey)
            .where(Survey.id == survey.id, Survey.answered_at.is_(None), Survey.token_hash == tokens.token_hash(token))
            .values(answered_at=now, rating=stars, comment=text or None)
        )
        if claimed.rowcount != 1:
            db.rollback()
            return Answered(False, refusal=Refusal.USED)
        ticket = db.get(Ticket, survey.ticket_id, populate_existing=True)
        if ticket is None or not _belongs_to_resolution(survey, ticket):
            db.commit()  # the answer counts; staff have moved the ticket on already
            return Answered(True)
        outcome = workflow.after_survey(db, ticket, survey.id, stars, text, now)
        if outcome.ok:
            return Answered(True, reopened=tokens.is_low(stars), moved=True)
        if outcome.conflict is None:  # the rules refused (should not happen for a resolved ticket)
            db.rollback()
            db.execute(
                sa.update(Survey)
                .where(Survey.id == survey.id, Survey.answered_at.is_(None))
                .values(answered_at=now, rating=stars, comment=text or None)
            )
            db.commit()
            return Answered(True)
        # the ticket changed between reading and writing: both were rolled back; try again
    return Answered(False, problems={"*": "survey.try_again"})
