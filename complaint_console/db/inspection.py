"""Quality-inspection queries: drawing a sample, its items paged, a review, results per outlet.

Only HQ (INSPECT_QUALITY) draws, lists and reviews; the per-outlet results are read by
whoever may see the outlet's score page (the caller checks that). Customer details leave
this module masked, like in the typical-cases feature.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.cases import scrub_for
from complaint_console.db.models import AppUser, InspectionItem, InspectionSample, Outlet, Region, Ticket, TicketEvent
from complaint_console.db.scores import week_bounds
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, Actor, may
from complaint_console.domain.inspection import RUBRIC, Review, choose
from complaint_console.domain.masking import mask_name, mask_phone, mask_waybill
from complaint_console.domain.vocabulary import Stage


class DrawRefused(Exception):
    """The draw is not allowed; `key` is the message key to show."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _closed_in(start: datetime, end: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(Ticket.stage == Stage.CLOSED.value, Ticket.closed_at >= start, Ticket.closed_at < end)


def draw(
    db: Session, actor: Actor, week_start: date, size: int, tz: str, region: str | None = None, seed: int | None = None
) -> InspectionSample:
    """Draw up to `size` tickets closed in the week from every region (or one region).

    Per region only ticket ids are fetched (`stage = closed` and `closed_at` in the week,
    index ix_ticket_stage_closed), then `domain.inspection.choose` picks `size` of them with
    the sample's seed, so a draw can be re-done exactly. A region with fewer closed tickets
    gives all it has. A second draw for a week that already has a sample covering the same
    region is refused (`inspection.error.already_drawn`): results per outlet would otherwise
    count a ticket twice and reviewers would split their work.
    """
    if not may(actor, Action.INSPECT_QUALITY):
        raise DrawRefused("inspection.error.forbidden")
    existing = select(InspectionSample.id).where(InspectionSample.week_start == week_start)
    if region is not None:
        existing = existing.where(sa.or_(InspectionSample.region.is_(None), InspectionSample.region == region))
    if db.exec(existing.limit(1)).first() is not None:
        raise DrawRefused("inspection.error.already_drawn")
    regions = [region] if region is not None else list(db.exec(select(Region.code).order_by(Region.code)).all())
    seed = secrets.randbelow(2**31) if seed is None else seed
    start, end = week_bounds(week_start, tz)
    chosen: list[int] = []
    for code in regions:
        ids = db.exec(
            select(Ticket.id).join(Outlet, Outlet.id == Ticket.outlet_id).where(Outlet.region == code, _closed_in(start, end))
        ).all()
        chosen += choose(list(ids), size, f"{seed}:{code}")
    sample = InspectionSample(
        week_start=week_start, region=region, size_per_region=size, seed=seed, item_count=len(chosen),
        drawn_by_id=actor.user_id, drawn_at=utcnow(),
    )  # fmt: skip
    db.add(sample)
    db.flush()
    db.add_all(InspectionItem(sample_id=sample.id, ticket_id=tid) for tid in chosen)
    db.commit()
    db.refresh(sample)
    return sample


@dataclass(frozen=True)
class SampleRow:
    id: int
    week_start: date
    region: str | None
    size_per_region: int
    item_count: int
    reviewed: int
    drawn_by: str
    drawn_at: datetime


def samples(db: Session, actor: Actor, limit: int = 50) -> list[SampleRow]:
    """The latest samples, newest first, with how many of their items are reviewed."""
    if not may(actor, Action.INSPECT_QUALITY):
        return []
    reviewed = (
        select(sa.func.count(InspectionItem.id))
        .where(InspectionItem.sample_id == InspectionSample.id, InspectionItem.reviewed_at.is_not(None))
        .scalar_subquery()
    )
    rows = db.exec(
        select(InspectionSample, reviewed.label("reviewed"), AppUser.display_name)
        .join(AppUser, AppUser.id == InspectionSample.drawn_by_id, isouter=True)
        .order_by(InspectionSample.week_start.desc(), InspectionSample.id.desc())
        .limit(limit)
    ).all()
    return [
        SampleRow(s.id, s.week_start, s.region, s.size_per_region, s.item_count, n or 0, name or "", s.drawn_at)
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
    reviewed_at: datetime | None
    overall: float | None
    reviewer: str


def _overall_expr() -> sa.ColumnElement:
    cols = [getattr(InspectionItem, d) for d in RUBRIC]
    return sum(cols[1:], cols[0]) / sa.literal(float(len(cols)))


def _items_select(actor: Actor, sample_id: int, status: str) -> sa.Select:
    stmt = (
        select(
            InspectionItem.id, Ticket.number, Outlet.code, Outlet.region, Ticket.category, Ticket.closed_at,
            InspectionItem.reviewed_at, _overall_expr().label("overall"), AppUser.display_name,
        )
        .join(Ticket, Ticket.id == InspectionItem.ticket_id)
        .join(Outlet, Outlet.id == Ticket.outlet_id)
        .join(AppUser, AppUser.id == InspectionItem.reviewer_id, isouter=True)
        .where(InspectionItem.sample_id == sample_id)
    )  # fmt: skip
    if not may(actor, Action.INSPECT_QUALITY):
        stmt = stmt.where(sa.false())
    if status == "todo":
        stmt = stmt.where(InspectionItem.reviewed_at.is_(None))
    elif status == "done":
        stmt = stmt.where(InspectionItem.reviewed_at.is_not(None))
    return stmt


def count_items(db: Session, actor: Actor, sample_id: int, status: str = "") -> int:
    inner = _items_select(actor, sample_id, status).subquery()
    return db.exec(select(sa.func.count()).select_from(inner)).one()


def items(db: Session, actor: Actor, sample_id: int, status: str = "", limit: int = 50, offset: int = 0) -> list[ItemRow]:
    """One page of a sample's items, by region, outlet and ticket number."""
    stmt = _items_select(actor, sample_id, status).order_by(Outlet.region, Outlet.code, Ticket.number).limit(limit)
    return [ItemRow(*row) for row in db.exec(stmt.offset(offset)).all()]


@dataclass(frozen=True)
class ItemDetail:
    id: int
    sample_id: int
    week_start: date
    number: str
    outlet_code: str
    outlet_name: str
    region: str
    category: str
    severity: str
    channel: str
    created_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    customer_name: str  # masked
    customer_phone: str  # masked
    waybill_no: str  # masked
    description: str  # scrubbed
    resolution_summary: str  # scrubbed
    responsibility: str
    root_cause: str
    compensation: str
    scores: dict[str, int | None]
    comment: str
    reviewer: str
    reviewed_at: datetime | None
    updated_at: datetime | None


@dataclass(frozen=True)
class TimelineLine:
    at: datetime
    kind: str
    actor: str
    from_stage: str
    to_stage: str
    note: str  # scrubbed


def item_detail(db: Session, actor: Actor, item_id: int) -> ItemDetail | None:
    if not may(actor, Action.INSPECT_QUALITY):
        return None
    row = db.exec(
        select(InspectionItem, InspectionSample, Ticket, Outlet, AppUser.display_name)
        .join(InspectionSample, InspectionSample.id == InspectionItem.sample_id)
        .join(Ticket, Ticket.id == InspectionItem.ticket_id)
        .join(Outlet, Outlet.id == Ticket.outlet_id)
        .join(AppUser, AppUser.id == InspectionItem.reviewer_id, isouter=True)
        .where(InspectionItem.id == item_id)
    ).first()
    if row is None:
        return None
    item, sample, t, o, reviewer = row
    return ItemDetail(
        id=item.id, sample_id=sample.id, week_start=sample.week_start, number=t.number, outlet_code=o.code,
        outlet_name=o.name, region=o.region, category=t.category, severity=t.severity, channel=t.channel,
        created_at=t.created_at, first_response_at=t.first_response_at, resolved_at=t.resolved_at, closed_at=t.closed_at,
        customer_name=mask_name(t.customer_name), customer_phone=mask_phone(t.customer_phone),
        waybill_no=mask_waybill(t.waybill_no), description=scrub_for(t, t.description),
        resolution_summary=scrub_for(t, t.resolution_summary), responsibility=t.responsibility or "",
        root_cause=t.root_cause or "", compensation="" if t.compensation_amount is None else str(t.compensation_amount),
        scores={d: getattr(item, d) for d in RUBRIC}, comment=item.comment, reviewer=reviewer or "",
        reviewed_at=item.reviewed_at, updated_at=item.updated_at,
    )  # fmt: skip


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


def save_review(db: Session, actor: Actor, item_id: int, review: Review) -> InspectionItem | None:
    """Store the scores under the item. A re-review overwrites them and sets `updated_at`."""
    if not may(actor, Action.INSPECT_QUALITY):
        return None
    item = db.get(InspectionItem, item_id)
    ticket = db.get(Ticket, item.ticket_id) if item else None
    if item is None or ticket is None:
        return None
    now = utcnow()
    for dim in RUBRIC:
        setattr(item, dim, review.scores[dim])
    item.comment = scrub_for(ticket, review.comment)
    item.reviewer_id = actor.user_id
    if item.reviewed_at is None:
        item.reviewed_at = now
    else:
        item.updated_at = now
    db.add(item)
    db.commit()
    db.refresh(item)
    return item


@dataclass(frozen=True)
class OutletResult:
    reviewed: int
    averages: dict[str, float | None]  # every RUBRIC dimension
    overall: float | None


def outlet_results(db: Session, outlet_id: int, since: date) -> OutletResult:
    """Averages of the reviewed items of samples whose week starts on or after `since`, in SQL."""
    cols = [sa.func.avg(getattr(InspectionItem, d) * 1.0).label(d) for d in RUBRIC]
    row = db.exec(
        select(sa.func.count(InspectionItem.id), *cols, sa.func.avg(_overall_expr()))
        .join(InspectionSample, InspectionSample.id == InspectionItem.sample_id)
        .join(Ticket, Ticket.id == InspectionItem.ticket_id)
        .where(Ticket.outlet_id == outlet_id, InspectionItem.reviewed_at.is_not(None), InspectionSample.week_start >= since)
    ).one()
    count, *avgs, total = row
    f = lambda v: None if v is None else float(v)  # noqa: E731
    return OutletResult(count or 0, {d: f(v) for d, v in zip(RUBRIC, avgs, strict=True)}, f(total))
