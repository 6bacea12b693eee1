"""Quality-inspection queries: a week's samples, their items paged, one review per inspector,
the inspectors' agreement, results and comments per outlet (the writes, drawing a sample and
saving a review, are in `services/inspection.py`).

Only HQ (INSPECT_QUALITY) lists and reviews; READ_INSPECTION (HQ and the training
lead) reads every review and the agreement; the per-outlet results and comments are read by
whoever may see the outlet's score page (checked here again). Customer details leave this
module masked, like in the typical-cases feature.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.masked_ticket import MaskedTicket, scrub_for
from complaint_console.db.models import (
    AppUser,
    InspectionItem,
    InspectionReview,
    InspectionSample,
    Outlet,
    Ticket,
    TicketEvent,
)
from complaint_console.domain.access import ALL_OUTLETS, Action, Actor, may, outlet_scope
from complaint_console.domain.inspection import (
    CALIBRATION_REVIEWERS,
    RUBRIC,
    Agreement,
    agreement,
    overall,
)


@dataclass(frozen=True)
class SampleRow:
    id: int
    week_start: date
    region: str | None
    mode: str
    size: int
    item_count: int
    reviewed: int
    drawn_by: str
    drawn_at: datetime


def _has_review() -> sa.ColumnElement[bool]:
    return sa.exists().where(InspectionReview.item_id == InspectionItem.id)


def samples(db: Session, actor: Actor, limit: int = 50) -> list[SampleRow]:
    """The latest samples, newest first, with how many of their items have a review."""
    if not may(actor, Action.INSPECT_QUALITY):
        return []
    reviewed = (
        select(sa.func.count(InspectionItem.id))
        .where(InspectionItem.sample_id == InspectionSample.id, _has_review())
        .scalar_subquery()
    )
    rows = db.exec(
        select(InspectionSample, reviewed.label("reviewed"), AppUser.display_name)
        .join(AppUser, AppUser.id == InspectionSample.drawn_by_id, isouter=True)
        .order_by(InspectionSample.week_start.desc(), InspectionSample.id.desc())
        .limit(limit)
    ).all()
    return [
        SampleRow(s.id, s.week_start, s.region, s.mode, s.size, s.item_count, n or 0, name or "", s.drawn_at)
        for s, n, name in rows
    ]


@dataclass(frozen=True)
class ItemRow:
    id: int
    number: str
    outlet_code: str
    region: str
    category: str
    closed_at: datetime | None
    reviews: int
    overall: float | None  # the mean over its reviews
    mine: bool  # the actor reviewed it


def _overall_expr() -> sa.ColumnElement:
    """The SQL twin of `domain.inspection.overall`: the mean of a review's five scores."""
    cols = [getattr(InspectionReview, d) for d in RUBRIC]
    return sum(cols[1:], cols[0]) / sa.literal(float(len(cols)))


def _items_select(actor: Actor, sample_id: int, status: str) -> sa.Select:
    per_item = (
        select(
            InspectionReview.item_id,
            sa.func.count(InspectionReview.id).label("reviews"),
            sa.func.avg(_overall_expr()).label("overall"),
            sa.func.max(sa.case((InspectionReview.reviewer_id == actor.user_id, 1), else_=0)).label("mine"),
        )
        .group_by(InspectionReview.item_id)
        .subquery()
    )
    stmt = (
        select(
            InspectionItem.id,
            Ticket.number,
            Outlet.code,
            Outlet.region,
            Ticket.category,
            Ticket.closed_at,
            sa.func.coalesce(per_item.c.reviews, 0),
            per_item.c.overall,
            sa.func.coalesce(per_item.c.mine, 0),
        )
        .join(Ticket, Ticket.id == InspectionItem.ticket_id)
        .join(Outlet, Outlet.id == Ticket.outlet_id)
        .join(per_item, per_item.c.item_id == InspectionItem.id, isouter=True)
        .where(InspectionItem.sample_id == sample_id)
    )
    if not may(actor, Action.INSPECT_QUALITY):
        stmt = stmt.where(sa.false())
    if status == "todo":
        stmt = stmt.where(per_item.c.item_id.is_(None))
    elif status == "done":
        stmt = stmt.where(per_item.c.item_id.is_not(None))
    return stmt


def count_items(db: Session, actor: Actor, sample_id: int, status: str = "") -> int:
    inner = _items_select(actor, sample_id, status).subquery()
    return db.exec(select(sa.func.count()).select_from(inner)).one()


def items(db: Session, actor: Actor, sample_id: int, status: str = "", limit: int = 50, offset: int = 0) -> list[ItemRow]:
    """One page of a sample's items, by region, outlet and ticket number."""
    stmt = _items_select(actor, sample_id, status).order_by(Outlet.region, Outlet.code, Ticket.number).limit(limit)
    return [
        ItemRow(i, n, o, r, c, at, int(k), None if v is None else float(v), bool(m))
        for i, n, o, r, c, at, k, v, m in db.exec(stmt.offset(offset)).all()
    ]


@dataclass(frozen=True)
class ItemDetail(MaskedTicket):
    id: int
    sample_id: int
    week_start: date
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    description: str  # scrubbed
    resolution_summary: str  # scrubbed
    responsibility: str
    root_cause: str
    compensation: str
    scores: dict[str, int | None]  # the actor's own review (empty until they save one)
    comment: str
    reviewer: str
    reviewed_at: datetime | None
    updated_at: datetime | None
    others: int  # reviews of this ticket by other inspectors (kept, shown in the calibration view)


@dataclass(frozen=True)
class TimelineLine:
    at: datetime
    kind: str
    actor: str
    from_stage: str
    to_stage: str
    note: str  # scrubbed


def item_detail(db: Session, actor: Actor, item_id: int) -> ItemDetail | None:
    """The sampled ticket (masked) and the actor's own review of it, if any."""
    if not may(actor, Action.INSPECT_QUALITY):
        return None
    row = db.exec(
        select(InspectionItem, InspectionSample, Ticket, Outlet)
        .join(InspectionSample, InspectionSample.id == InspectionItem.sample_id)
        .join(Ticket, Ticket.id == InspectionItem.ticket_id)
        .join(Outlet, Outlet.id == Ticket.outlet_id)
        .where(InspectionItem.id == item_id)
    ).first()
    if row is None:
        return None
    item, sample, t, o = row
    own = own_review(db, item.id, actor.user_id)
    others = db.exec(
        select(sa.func.count(InspectionReview.id)).where(
            InspectionReview.item_id == item.id, InspectionReview.reviewer_id != actor.user_id
        )
    ).one()
    return ItemDetail(
        **MaskedTicket.of(t, o.code, o.name, o.region),
        id=item.id,
        sample_id=sample.id,
        week_start=sample.week_start,
        first_response_at=t.first_response_at,
        resolved_at=t.resolved_at,
        closed_at=t.closed_at,
        description=scrub_for(t, t.description),
        resolution_summary=scrub_for(t, t.resolution_summary),
        responsibility=t.responsibility or "",
        root_cause=t.root_cause or "",
        compensation="" if t.compensation_amount is None else str(t.compensation_amount),
        scores={d: getattr(own, d) if own else None for d in RUBRIC},
        comment=own.comment if own else "",
        reviewer=actor.display_name if own else "",
        reviewed_at=own.reviewed_at if own else None,
        updated_at=own.updated_at if own else None,
        others=others,
    )


def own_review(db: Session, item_id: int, reviewer_id: int) -> InspectionReview | None:
    return db.exec(
        select(InspectionReview).where(InspectionReview.item_id == item_id, InspectionReview.reviewer_id == reviewer_id)
    ).first()


def item_timeline(db: Session, actor: Actor, item_id: int, limit: int = 200) -> list[TimelineLine]:
    """The sampled ticket's events, oldest first, notes scrubbed of personal details."""
    if not may(actor, Action.INSPECT_QUALITY):
        return []
    ticket = db.exec(
        select(Ticket).join(InspectionItem, InspectionItem.ticket_id == Ticket.id).where(InspectionItem.id == item_id)
    ).first()
    if ticket is None:
        return []
    rows = db.exec(
        select(TicketEvent, AppUser.display_name)
        .join(AppUser, AppUser.id == TicketEvent.actor_id, isouter=True)
        .where(TicketEvent.ticket_id == ticket.id)
        .order_by(TicketEvent.at, TicketEvent.id)
        .limit(limit)
    ).all()
    return [
        TimelineLine(e.at, e.kind, name or "", e.from_stage or "", e.to_stage or "", scrub_for(ticket, e.note))
        for e, name in rows
    ]


@dataclass(frozen=True)
class OutletResult:
    reviewed: int  # reviewed tickets
    averages: dict[str, float | None]  # every RUBRIC dimension, over every inspector's review
    overall: float | None


def outlet_results(db: Session, outlet_id: int, since: date) -> OutletResult:
    """Averages of the reviews of samples whose week starts on or after `since`, in SQL."""
    cols = [sa.func.avg(getattr(InspectionReview, d) * 1.0).label(d) for d in RUBRIC]
    row = db.exec(
        select(sa.func.count(sa.distinct(InspectionItem.id)), *cols, sa.func.avg(_overall_expr()))
        .select_from(InspectionReview)
        .join(InspectionItem, InspectionItem.id == InspectionReview.item_id)
        .join(InspectionSample, InspectionSample.id == InspectionItem.sample_id)
        .join(Ticket, Ticket.id == InspectionItem.ticket_id)
        .where(Ticket.outlet_id == outlet_id, InspectionSample.week_start >= since)
    ).one()
    count, *avgs, total = row
    f = lambda v: None if v is None else float(v)  # noqa: E731
    return OutletResult(count or 0, {d: f(v) for d, v in zip(RUBRIC, avgs, strict=True)}, f(total))


@dataclass(frozen=True)
class WeekComment:
    number: str
    reviewer: str
    comment: str
    overall: float
    reviewed_at: datetime


def week_comments(db: Session, actor: Actor, outlet_id: int, week_start: date, limit: int = 50) -> list[WeekComment]:
    """The inspectors' comments on the outlet's tickets sampled for that week, for its score page.

    Scope on the server: the actor must see scores, and an outlet role only their own outlet.
    """
    scope = outlet_scope(actor)
    if not may(actor, Action.VIEW_SCORES) or (scope is not ALL_OUTLETS and scope != outlet_id):
        return []
    rows = db.exec(
        select(Ticket.number, AppUser.display_name, InspectionReview.comment, _overall_expr(), InspectionReview.reviewed_at)
        .select_from(InspectionReview)
        .join(InspectionItem, InspectionItem.id == InspectionReview.item_id)
        .join(InspectionSample, InspectionSample.id == InspectionItem.sample_id)
        .join(Ticket, Ticket.id == InspectionItem.ticket_id)
        .join(AppUser, AppUser.id == InspectionReview.reviewer_id)
        .where(Ticket.outlet_id == outlet_id, InspectionSample.week_start == week_start)
        .order_by(Ticket.number, InspectionReview.reviewed_at, InspectionReview.id)
        .limit(limit)
    ).all()
    return [WeekComment(n, name, c, float(o), at) for n, name, c, o, at in rows]


@dataclass(frozen=True)
class ReviewLine:
    reviewer: str
    scores: dict[str, int]
    overall: float
    comment: str


@dataclass(frozen=True)
class ReviewedTicket:
    item_id: int
    number: str
    outlet_code: str
    reviews: list[ReviewLine]  # in the order they were first saved

    @property
    def diffs(self) -> dict[str, int] | None:
        """Per dimension, how far the first two inspectors are apart (None with one review)."""
        if len(self.reviews) < CALIBRATION_REVIEWERS:
            return None
        a, b = self.reviews[0].scores, self.reviews[1].scores
        return {d: abs(a[d] - b[d]) for d in RUBRIC}


@dataclass(frozen=True)
class Calibration:
    week_start: date
    reviewed: int  # tickets with at least one review
    doubled: int  # tickets with two reviews or more
    agreement: Agreement
    tickets: list[ReviewedTicket]  # at most `limit`, tickets reviewed twice first


def calibration(db: Session, actor: Actor, week_start: date, limit: int = 50) -> Calibration | None:
    """Every review of the week's samples and how the inspectors agree (READ_INSPECTION).

    The agreement covers all tickets of the week reviewed more than once; only the scores of
    those reviews are read for it (a week's sample is a few per outlet). The list shows at most
    `limit` tickets, those reviewed twice first, then by number.
    """
    if not may(actor, Action.READ_INSPECTION):
        return None
    in_week = (
        select(InspectionItem.id)
        .join(InspectionSample, InspectionSample.id == InspectionItem.sample_id)
        .where(InspectionSample.week_start == week_start)
    )
    counts = (
        select(InspectionReview.item_id, sa.func.count(InspectionReview.id).label("n"))
        .where(InspectionReview.item_id.in_(in_week))
        .group_by(InspectionReview.item_id)
        .subquery()
    )
    reviewed = db.exec(select(sa.func.count()).select_from(counts)).one()
    doubled_ids = set(db.exec(select(counts.c.item_id).where(counts.c.n >= CALIBRATION_REVIEWERS)).all())
    score_rows = db.exec(
        select(InspectionReview.item_id, *[getattr(InspectionReview, d) for d in RUBRIC])
        .where(InspectionReview.item_id.in_(doubled_ids) if doubled_ids else sa.false())
        .order_by(InspectionReview.item_id, InspectionReview.reviewed_at, InspectionReview.id)
    ).all()
    per_item: dict[int, list[dict[str, int]]] = defaultdict(list)
    for item_id, *values in score_rows:
        per_item[item_id].append(dict(zip(RUBRIC, values, strict=True)))
    shown = db.exec(
        select(InspectionItem.id, Ticket.number, Outlet.code)
        .join(counts, counts.c.item_id == InspectionItem.id)
        .join(Ticket, Ticket.id == InspectionItem.ticket_id)
        .join(Outlet, Outlet.id == Ticket.outlet_id)
        .order_by((counts.c.n >= CALIBRATION_REVIEWERS).desc(), Ticket.number)
        .limit(limit)
    ).all()
    lines: dict[int, list[ReviewLine]] = defaultdict(list)
    for r, name in db.exec(
        select(InspectionReview, AppUser.display_name)
        .join(AppUser, AppUser.id == InspectionReview.reviewer_id)
        .where(InspectionReview.item_id.in_([i for i, _, _ in shown]) if shown else sa.false())
        .order_by(InspectionReview.reviewed_at, InspectionReview.id)
    ).all():
        scores = {d: getattr(r, d) for d in RUBRIC}
        lines[r.item_id].append(ReviewLine(name, scores, overall(scores.values()), r.comment))
    return Calibration(
        week_start,
        reviewed,
        len(doubled_ids),
        agreement(per_item.values()),
        [ReviewedTicket(i, number, code, lines[i]) for i, number, code in shown],
    )


def review_weeks(db: Session, actor: Actor, limit: int = 12) -> list[date]:
    """The latest weeks with a sample, newest first (the calibration view's week picker)."""
    if not may(actor, Action.READ_INSPECTION):
        return []
    stmt = select(InspectionSample.week_start).distinct().order_by(InspectionSample.week_start.desc()).limit(limit)
    return list(db.exec(stmt).all())
