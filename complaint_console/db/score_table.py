"""The scores of a week as tables and chart data, read in SQL: filtered, sorted, paged and
aggregated in the database, for a frozen week (`weekly_outlet_score`) or the live snapshot of the
current week (`live_outlet_score`, written by `services.live_scores`; a query for the live week
is made ready there first). Also the history the early warning reads."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import (
    LiveOutletScore,
    Outlet,
    ParcelVolume,
    Ticket,
    WeeklyOutletScore,
    WeeklyReport,
)
from complaint_console.db.scores import week_bounds
from complaint_console.domain.scores import (
    BAND_WIDTH,
    MIN_SAMPLE,
    SCORE_BANDS,
    WARNING_WEEKS,
    OutletWeek,
    average_compensation,
    band_bounds,
)
from complaint_console.settings import get_settings

PAGE_SIZE = 50


HISTORY_COLUMNS = ("outlet_id", "received_n", "received_total", "received_squares", "score_n", "score_total", "score_squares")


def history_rows(db: Session, week_start: date, outlet_ids: list[int] | None = None) -> list[tuple]:
    """Per outlet (all, or those of `outlet_ids`), n, Σx and Σx² of its received counts and of its
    scores over its previous 8 frozen weeks (HISTORY_COLUMNS): one grouped query."""
    w = WeeklyOutletScore
    only = w.outlet_id.in_(outlet_ids) if outlet_ids is not None else sa.true()
    rows = db.exec(
        select(
            w.outlet_id,
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(w.received_count), 0),
            sa.func.coalesce(sa.func.sum(w.received_count * w.received_count), 0),
            sa.func.count(w.score),
            sa.func.coalesce(sa.func.sum(w.score), 0.0),
            sa.func.coalesce(sa.func.sum(w.score * w.score), 0.0),
        )
        .where(w.week_start >= week_start - timedelta(weeks=WARNING_WEEKS), w.week_start < week_start, only)
        .group_by(w.outlet_id)
    ).all()
    return [tuple(r) for r in rows]


def previous_scores(db: Session, week_start: date) -> dict[int, float | None]:
    w = WeeklyOutletScore
    return dict(db.exec(select(w.outlet_id, w.score).where(w.week_start == week_start - timedelta(weeks=1))).all())


def per_10k(received: int | None, parcels: int | None) -> float | None:
    return received * 10_000 / parcels if parcels and received is not None else None


def volumes(db: Session, week: date) -> dict[int, int]:
    """{outlet id: parcels} imported for `week`."""
    v = ParcelVolume
    return dict(db.exec(select(v.outlet_id, v.parcels).where(v.week_start == week)).all())


@dataclass(frozen=True)
class ScoreRow:
    outlet_id: int
    code: str
    name: str
    region: str
    cohort_size: int
    received: int
    repeat_count: int
    resolution_rate: float | None
    timeliness_rate: float | None
    satisfaction_rate: float | None
    score: float | None
    tier: str | None
    rank: int | None
    change: float | None
    warning: str | None
    parcels: int | None = None  # the week's imported parcel volume, if any
    escalated: int = 0  # shown, not scored: tickets escalated in the week
    compensated: int = 0  # shown, not scored: tickets resolved in the week with compensation
    compensation_total: Decimal = Decimal(0)
    not_yet_due: int = 0  # live week only: open tickets due later in the week

    @property
    def average_compensation(self) -> Decimal | None:
        return average_compensation(self.compensation_total, self.compensated)

    @property
    def repeat_rate(self) -> float | None:
        return self.repeat_count / self.received if self.received else None

    @property
    def per_10k(self) -> float | None:
        """Complaints received per 10,000 parcels (None without an imported volume)."""
        return per_10k(self.received, self.parcels)

    @property
    def insufficient(self) -> bool:
        return self.cohort_size < MIN_SAMPLE


@dataclass(frozen=True)
class TableQuery:
    week: date
    live: bool = False
    region: str = ""
    search: str = ""
    sort: str = "rank"
    descending: bool = False
    outlet_id: int | None = None  # one outlet only (outlet roles)
    band: int | None = None  # 0–9: only ranked outlets scoring 10·band to 10·band + 10 (a bar of the distribution)
    received: tuple[str, str] | None = None  # ("category", "delay"): only outlets that received such tickets in the week


SORT_KEYS = (
    "rank",
    "code",
    "name",
    "region",
    "score",
    "tier",
    "resolution",
    "timeliness",
    "satisfaction",
    "received",
    "repeat",
    "per_10k",
    "change",
    "warning",
    "escalations",
    "compensation",
)


def frozen_weeks(db: Session, limit: int = 60) -> list[date]:
    """Frozen weeks, newest first: those with a weekly report (the roll-up writes a week's report and
    its scores in one transaction; one row a week, where the scores have one per outlet and week)."""
    w = WeeklyReport.week_start
    return list(db.exec(select(w).order_by(w.desc()).limit(limit)).all())


Scored = type[WeeklyOutletScore] | type[LiveOutletScore]


def source(q: TableQuery) -> Scored:
    """Where a week's rows are: the frozen table, or the live snapshot of the current week."""
    return LiveOutletScore if q.live else WeeklyOutletScore


def _columns(w: Scored):
    repeat = sa.case((w.received_count > 0, w.repeat_count * 1.0 / w.received_count), else_=None)
    rate_10k = sa.case((ParcelVolume.parcels > 0, w.received_count * 10_000.0 / ParcelVolume.parcels), else_=None)
    paid = sa.case((w.compensated_count > 0, w.compensation_total / w.compensated_count), else_=None)
    return {
        "rank": w.rank,
        "code": Outlet.code,
        "name": Outlet.name,
        "region": Outlet.region,
        "score": w.score,
        "tier": w.tier,
        "resolution": w.resolution_rate,
        "timeliness": w.timeliness_rate,
        "satisfaction": w.satisfaction_rate,
        "received": w.received_count,
        "repeat": repeat,
        "per_10k": rate_10k,
        "change": w.score_change,
        "warning": w.warning,
        "escalations": w.escalated_count,
        "compensation": paid,
    }


def _week_select(q: TableQuery):
    w = source(q)
    stmt = (
        select(
            w.outlet_id,
            Outlet.code,
            Outlet.name,
            Outlet.region,
            w.cohort_size,
            w.received_count,
            w.repeat_count,
            w.resolution_rate,
            w.timeliness_rate,
            w.satisfaction_rate,
            w.score,
            w.tier,
            w.rank,
            w.score_change,
            w.warning,
            ParcelVolume.parcels,
            w.escalated_count,
            w.compensated_count,
            w.compensation_total,
            w.not_yet_due_count if w is LiveOutletScore else sa.literal(0),
        )
        .join(Outlet, Outlet.id == w.outlet_id)
        .outerjoin(ParcelVolume, sa.and_(ParcelVolume.outlet_id == w.outlet_id, ParcelVolume.week_start == w.week_start))
        .where(w.week_start == q.week)
    )
    if q.received is not None:  # a slice of the category or channel chart: the outlets whose tickets made it
        start, end = week_bounds(q.week, get_settings().business_tz)
        column = {"category": Ticket.category, "channel": Ticket.channel}[q.received[0]]
        received = select(Ticket.outlet_id).where(Ticket.created_at >= start, Ticket.created_at < end, column == q.received[1])
        stmt = stmt.where(w.outlet_id.in_(received))
    if q.band is not None:  # the distribution's bar: its outlets, as the chart counted them
        low, high = band_bounds(q.band)
        below_next = w.score < high if q.band < SCORE_BANDS - 1 else w.score <= high
        stmt = stmt.where(w.score >= low, below_next, w.cohort_size >= MIN_SAMPLE)
    return filtered(stmt, q)


def filtered(stmt, q: TableQuery):
    if q.region:
        stmt = stmt.where(Outlet.region == q.region)
    if q.search.strip():
        pattern = f"%{q.search.strip().lower()}%"
        stmt = stmt.where(sa.or_(sa.func.lower(Outlet.code).like(pattern), sa.func.lower(Outlet.name).like(pattern)))
    if q.outlet_id is not None:
        stmt = stmt.where(Outlet.id == q.outlet_id)
    return stmt


def _order(q: TableQuery):
    column = _columns(source(q))[q.sort if q.sort in SORT_KEYS else "rank"]
    direction = column.desc() if q.descending else column.asc()
    return [sa.nulls_last(direction), Outlet.code]


def score_table(db: Session, q: TableQuery, page: int = 0, size: int | None = PAGE_SIZE):
    """One page of a week's table (all rows when `size` is None) and the number of matching rows,
    filtered, sorted and paged in the database, frozen or live."""
    total = db.exec(select(sa.func.count()).select_from(_week_select(q).subquery())).one()
    return _page(db, q, page, size), total


def score_page(db: Session, q: TableQuery, page: int = 0, size: int | None = PAGE_SIZE) -> list[ScoreRow]:
    """The same page without counting the rows (a new sort or page of a table already shown)."""
    return _page(db, q, page, size)


def _page(db: Session, q: TableQuery, page: int, size: int | None) -> list[ScoreRow]:
    stmt = _week_select(q).order_by(*_order(q))
    if size:
        stmt = stmt.offset(page * size).limit(size)
    return [ScoreRow(*r) for r in db.exec(stmt).all()]


def distribution(db: Session, q: TableQuery) -> list[int]:
    """How many outlets score in each 10-point band 0–10, …, 90–100 (the filtered week); outlets
    with an insufficient sample are left out (DESIGN)."""
    w = source(q)
    band = sa.func.floor(w.score / BAND_WIDTH)
    stmt = filtered(
        select(band, sa.func.count())
        .join(Outlet, Outlet.id == w.outlet_id)
        .where(w.week_start == q.week, w.score.is_not(None), w.cohort_size >= MIN_SAMPLE),
        q,
    ).group_by(band)
    bands = [0] * SCORE_BANDS
    for b, n in db.exec(stmt).all():
        bands[min(SCORE_BANDS - 1, int(b))] += n
    return bands


def by_region(db: Session, q: TableQuery) -> list[tuple[str, float | None, float | None, float | None]]:
    """Per region: average resolution, timeliness and satisfaction rates of its outlets."""
    w = source(q)
    stmt = filtered(
        select(Outlet.region, sa.func.avg(w.resolution_rate), sa.func.avg(w.timeliness_rate), sa.func.avg(w.satisfaction_rate))
        .join(Outlet, Outlet.id == w.outlet_id)
        .where(w.week_start == q.week),
        q,
    ).group_by(Outlet.region)
    return [tuple(r) for r in db.exec(stmt.order_by(Outlet.region)).all()]


def shares(db: Session, q: TableQuery, column: str) -> list[tuple[str, int]]:
    """Tickets received in the week (created in it) counted by `column` ("category" or "channel"),
    largest first; the table's region and search filters apply. One grouped query, live or frozen."""
    start, end = week_bounds(q.week, get_settings().business_tz)
    field = {"category": Ticket.category, "channel": Ticket.channel}[column]
    n = sa.func.count().label("n")
    stmt = filtered(
        select(field, n).join(Outlet, Outlet.id == Ticket.outlet_id).where(Ticket.created_at >= start, Ticket.created_at < end),
        q,
    ).group_by(field)
    return [(value or "", int(count)) for value, count in db.exec(stmt.order_by(n.desc(), field)).all()]


def weakest(db: Session, q: TableQuery, n: int = 10) -> list[ScoreRow]:
    """The `n` lowest-scoring ranked outlets (lowest first)."""
    ranked_query = replace(q, sort="score", descending=False)
    stmt = _week_select(ranked_query).where(source(q).rank.is_not(None)).order_by(*_order(ranked_query))
    return [ScoreRow(*r) for r in db.exec(stmt.limit(n)).all()]


def network_trend(
    db: Session, until: date, weeks: int = 12, region: str = ""
) -> list[tuple[date, float | None, float | None, float | None]]:
    """The network's (or one region's) three rates for each of the last `weeks` frozen weeks up to
    `until`, oldest first, from the frozen counts (Σ resolved / Σ cohort, …)."""
    w = WeeklyOutletScore
    in_region = w.outlet_id.in_(select(Outlet.id).where(Outlet.region == region)) if region else sa.true()
    rows = db.exec(
        select(
            w.week_start,
            sa.func.sum(w.cohort_size),
            sa.func.sum(w.resolved_count),
            sa.func.sum(w.timely_count),
            sa.func.sum(w.survey_count),
            sa.func.sum(w.satisfied_count),
        )
        .where(w.week_start <= until, w.week_start > until - timedelta(weeks=weeks), in_region)
        .group_by(w.week_start)
        .order_by(w.week_start)
    ).all()

    def rate(part, whole):
        return part / whole if whole else None

    return [(r[0], rate(r[2], r[1]), rate(r[3], r[1]), rate(r[5], r[4])) for r in rows]


def region_trends(db: Session, until: date, weeks: int = 12) -> list[tuple[date, str, OutletWeek]]:
    """Each region's summed counts for each of the last `weeks` frozen weeks up to `until`, oldest
    first (its score is the score formula on them, as the network's)."""
    w = WeeklyOutletScore
    sums = [
        sa.func.sum(getattr(w, c)) for c in ("cohort_size", "resolved_count", "timely_count", "survey_count", "satisfied_count")
    ]
    rows = db.exec(
        select(w.week_start, Outlet.region, *sums)
        .join(Outlet, Outlet.id == w.outlet_id)
        .where(w.week_start <= until, w.week_start > until - timedelta(weeks=weeks))
        .group_by(w.week_start, Outlet.region)
        .order_by(w.week_start, Outlet.region)
    ).all()
    return [(week, region, OutletWeek(0, *[int(v or 0) for v in counts])) for week, region, *counts in rows]
