"""Quality inspection written: drawing (and topping up) a week's sample per outlet, and each
inspector's own review of an item. Only HQ (INSPECT_QUALITY) writes; the reads are in
`db/inspection.py`.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from complaint_console.db.inspection import own_review
from complaint_console.db.masked_ticket import scrub_for
from complaint_console.db.models import InspectionItem, InspectionReview, InspectionSample, Outlet, Ticket
from complaint_console.db.scores import week_bounds
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, Actor, may
from complaint_console.domain.inspection import DEFAULT_MODE, RUBRIC, Review, targets, top_up
from complaint_console.domain.vocabulary import Stage


class DrawRefused(Exception):
    """The draw is not allowed; `key` is the message key to show."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _closed_in(start: datetime, end: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(Ticket.stage == Stage.CLOSED.value, Ticket.closed_at >= start, Ticket.closed_at < end)


@dataclass(frozen=True)
class Drawn:
    sample: InspectionSample
    added: int  # items this draw added (all of them at the first draw; the top-up's otherwise)
    topped_up: bool


def draw(
    db: Session,
    actor: Actor,
    week_start: date,
    size: int,
    tz: str,
    region: str | None = None,
    seed: int | None = None,
    mode: str = DEFAULT_MODE,
) -> Drawn:
    """Draw closed tickets of the week per outlet of every region (or one region), or top the
    week's sample up.

    Only (ticket id, outlet id) pairs of the week's closed tickets are fetched (index
    ix_ticket_stage_closed); `domain.inspection.targets` says how many each outlet should
    give (`size` each, or proportional to its closed volume) and `top_up` draws what is
    missing from the tickets not sampled yet, with the sample's seed. Drawing a week again
    for the same region tops that sample up (its mode and size) with tickets closed since,
    never a duplicate; a draw overlapping another region's sample of the week (all regions
    over one, or one inside all) is refused (`inspection.error.already_drawn`).
    """
    if not may(actor, Action.INSPECT_QUALITY):
        raise DrawRefused("inspection.error.forbidden")
    week = list(db.exec(select(InspectionSample).where(InspectionSample.week_start == week_start)).all())
    same = next((s for s in week if s.region == region), None)
    if same is None and any(region is None or s.region is None or s.region == region for s in week):
        raise DrawRefused("inspection.error.already_drawn")
    if same is None:
        seed = secrets.randbelow(2**31) if seed is None else seed
        sample = InspectionSample(
            week_start=week_start,
            region=region,
            mode=mode,
            size=size,
            seed=seed,
            drawn_by_id=actor.user_id,
            drawn_at=utcnow(),
        )
        db.add(sample)
        db.flush()
    else:
        sample = same
    start, end = week_bounds(week_start, tz)
    stmt = select(Ticket.id, Ticket.outlet_id).join(Outlet, Outlet.id == Ticket.outlet_id).where(_closed_in(start, end))
    if region is not None:
        stmt = stmt.where(Outlet.region == region)
    closed: dict[int, list[int]] = defaultdict(list)
    for tid, oid in db.exec(stmt).all():
        closed[oid].append(tid)
    sampled: dict[int, list[int]] = defaultdict(list)
    for tid, oid in db.exec(
        select(Ticket.id, Ticket.outlet_id)
        .join(InspectionItem, InspectionItem.ticket_id == Ticket.id)
        .where(InspectionItem.sample_id == sample.id)
    ).all():
        sampled[oid].append(tid)
    goal = targets(sample.mode, sample.size, {o: len(ids) for o, ids in closed.items()})
    added = [
        tid
        for oid in sorted(goal)
        for tid in top_up(goal[oid], sampled[oid], closed[oid], f"{sample.seed}:{oid}:{len(sampled[oid])}")
    ]
    db.add_all(InspectionItem(sample_id=sample.id, ticket_id=tid) for tid in added)
    sample.item_count += len(added)
    if same is not None:
        sample.topped_up_at = utcnow()
    db.add(sample)
    db.commit()
    db.refresh(sample)
    return Drawn(sample, len(added), same is not None)


def save_review(db: Session, actor: Actor, item_id: int, review: Review) -> InspectionReview | None:
    """Store the actor's review of the item: their own row (another inspector's is never touched).
    Reviewing again overwrites their row, keeps its `reviewed_at` and sets `updated_at`."""
    if not may(actor, Action.INSPECT_QUALITY):
        return None
    item = db.get(InspectionItem, item_id)
    ticket = db.get(Ticket, item.ticket_id) if item else None
    if item is None or ticket is None:
        return None
    for attempt in range(2):
        now = utcnow()
        row = own_review(db, item.id, actor.user_id)
        if row is None:
            row = InspectionReview(item_id=item.id, reviewer_id=actor.user_id, reviewed_at=now, **review.scores)
        else:
            row.updated_at = now
            for dim in RUBRIC:
                setattr(row, dim, review.scores[dim])
        row.comment = scrub_for(ticket, review.comment)
        db.add(row)
        try:
            db.commit()
        except IntegrityError:  # the same inspector saved twice at once: the second updates the first's row
            db.rollback()
            if attempt:
                raise
            continue
        db.refresh(row)
        return row
    return None
