"""Outlet scores for the views and exports: settings, a live current week, and the table of a week.

Frozen weeks come from `weekly_outlet_score`. The live current week ("live, partial") is
computed by the same aggregate SQL and scoring module as the roll-up (`db.scores.week_counts`
+ `domain.scores`) into `live_outlet_score`, at most once a minute. Both are filtered,
sorted, paged and charted by the same SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from complaint_console.db import predicates
from complaint_console.db.bulk import insert_rows
from complaint_console.db.models import (
    LiveOutletScore,
    Outlet,
    ParcelVolume,
    Setting,
    Ticket,
    WeeklyOutletScore,
    WeeklyReport,
)
from complaint_console.db.scores import cohort_due, monday_of, week_bounds, week_counts
from complaint_console.domain.access import Actor
from complaint_console.domain.scores import (
    BAND_WIDTH,
    DEFAULT_TIERS,
    DEFAULT_WEIGHTS,
    MIN_SAMPLE,
    SCORE_BANDS,
    WARNING_WEEKS,
    OutletWeek,
    Score,
    average_compensation,
    band_bounds,
    change,
    ranked,
    score_week,
    validate_tiers,
    validate_weights,
)
from complaint_console.settings import get_settings

PAGE_SIZE = 50
LIVE_SECONDS = 60  # how long a live snapshot of the current week serves before it is recomputed
WEIGHTS_KEY, TIERS_KEY = "score_weights", "score_tiers"


# --- versioned settings --------------------------------------------------------------------


def _setting_at(db: Session, key: str, at: datetime) -> dict | None:
    row = db.exec(select(Setting).where(Setting.key == key, Setting.valid_from <= at).order_by(Setting.valid_from.desc())).first()
    return dict(row.value) if row and row.value else None


def weights_at(db: Session, at: datetime) -> dict[str, float]:
    """The score weights hq_admin set, as valid at `at` (DESIGN's defaults when none)."""
    value = _setting_at(db, WEIGHTS_KEY, at)
    return {k: float(v) for k, v in value.items()} if value else dict(DEFAULT_WEIGHTS)


def tiers_at(db: Session, at: datetime) -> dict[str, float]:
    """The tier floors hq_admin set, as valid at `at` (DESIGN's 90 / 80 / 60 when none)."""
    value = _setting_at(db, TIERS_KEY, at)
    return {k: float(v) for k, v in value.items()} if value else dict(DEFAULT_TIERS)


def setting_history(db: Session) -> list[tuple[datetime, str, dict]]:
    """Every saved version of the weights and the tiers, newest first."""
    rows = db.exec(
        select(Setting).where(Setting.key.in_([WEIGHTS_KEY, TIERS_KEY])).order_by(Setting.valid_from.desc()).limit(40)
    ).all()
    return [(r.valid_from, r.key, dict(r.value or {})) for r in rows]


def save_score_settings(db: Session, actor: Actor, weights: dict, tiers: dict, now: datetime) -> dict[str, str]:
    """Store new versions of the weights and tier floors, valid from `now` (the next roll-up
    uses them; frozen weeks keep theirs). Returns the message key per refused field, as
    "weights.<metric>" or "tiers.<tier>"; nothing is stored when any field is refused."""
    weight_values, weight_errors = validate_weights(weights)
    tier_values, tier_errors = validate_tiers(tiers)
    errors = {f"weights.{k}": v for k, v in weight_errors.items()} | {f"tiers.{k}": v for k, v in tier_errors.items()}
    if errors:
        return errors
    if weight_values != weights_at(db, now):
        db.add(Setting(key=WEIGHTS_KEY, value=weight_values, valid_from=now, created_by_id=actor.user_id))
    if tier_values != tiers_at(db, now):
        db.add(Setting(key=TIERS_KEY, value=tier_values, valid_from=now, created_by_id=actor.user_id))
    db.commit()
    return {}


# --- history for early warning and change --------------------------------------------------


HISTORY_COLUMNS = ("outlet_id", "received_n", "received_total", "received_squares", "score_n", "score_total",
                   "score_squares")  # fmt: skip


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


# --- the table of a week -------------------------------------------------------------------


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
    "rank", "code", "name", "region", "score", "tier", "resolution", "timeliness", "satisfaction", "received",
    "repeat", "per_10k", "change", "warning", "escalations", "compensation",
)  # fmt: skip


def frozen_weeks(db: Session, limit: int = 60) -> list[date]:
    """Frozen weeks, newest first: those with a weekly report (the roll-up writes a week's report and
    its scores in one transaction; one row a week, where the scores have one per outlet and week)."""
    w = WeeklyReport.week_start
    return list(db.exec(select(w).order_by(w.desc()).limit(limit)).all())


def current_week(now: datetime) -> date:
    return monday_of(now, get_settings().business_tz)


def _live_scores(db: Session, now: datetime) -> tuple[date, list[Score], dict[int, float | None]]:
    """The current week so far, scored with today's weights and tiers ("live, partial"): the tickets
    already due only (open ones due later are counted apart); and the previous week's scores."""
    week = current_week(now)
    weights, tiers = weights_at(db, now), tiers_at(db, now)
    scored = ranked([score_week(c, weights, tiers) for c in week_counts(db, week, get_settings().business_tz, now)])
    return week, scored, previous_scores(db, week)


def live_rows(db: Session, now: datetime) -> list[ScoreRow]:
    """The current week so far as table rows; a partial week raises no early warning (DESIGN)."""
    week, scored, previous = _live_scores(db, now)
    columns = select(Outlet.id, Outlet.code, Outlet.name, Outlet.region).where(Outlet.active)
    outlets = {o.id: o for o in db.exec(columns).all()}  # rows, not ORM objects: 30,000 of them
    parcels = volumes(db, week)
    rows = []
    for s in scored:
        c, o = s.counts, outlets[s.counts.outlet_id]
        rows.append(
            ScoreRow(
                c.outlet_id,
                o.code,
                o.name,
                o.region,
                c.cohort_size,
                c.received_count,
                c.repeat_count,
                s.resolution_rate,
                s.timeliness_rate,
                s.satisfaction_rate,
                s.score,
                s.tier,
                s.rank,
                change(s.score, previous.get(c.outlet_id)),
                None,
                parcels.get(c.outlet_id),
                c.escalated_count,
                c.compensated_count,
                c.compensation_total,
                c.not_yet_due_count,
            )  # fmt: skip
        )
    return rows


Scored = type[WeeklyOutletScore] | type[LiveOutletScore]


def source(q: TableQuery) -> Scored:
    """Where a week's rows are: the frozen table, or the live snapshot of the current week."""
    return LiveOutletScore if q.live else WeeklyOutletScore


def _columns(w: Scored):
    repeat = sa.case((w.received_count > 0, w.repeat_count * 1.0 / w.received_count), else_=None)
    rate_10k = sa.case((ParcelVolume.parcels > 0, w.received_count * 10_000.0 / ParcelVolume.parcels), else_=None)
    paid = sa.case((w.compensated_count > 0, w.compensation_total / w.compensated_count), else_=None)
    return {
        "rank": w.rank, "code": Outlet.code, "name": Outlet.name, "region": Outlet.region, "score": w.score,
        "tier": w.tier, "resolution": w.resolution_rate, "timeliness": w.timeliness_rate,
        "satisfaction": w.satisfaction_rate, "received": w.received_count, "repeat": repeat, "per_10k": rate_10k,
        "change": w.score_change, "warning": w.warning, "escalations": w.escalated_count, "compensation": paid,
    }  # fmt: skip


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
        )  # fmt: skip
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


def refresh_live(db: Session, now: datetime) -> date:
    """Make sure the live snapshot of the current week is at most LIVE_SECONDS old; its week.

    The snapshot is replaced as a whole in one transaction. Two requests refreshing at once:
    the second one's rows collide with the first's on (week, outlet) and it keeps those."""
    week = current_week(now)
    newest = db.exec(select(sa.func.max(LiveOutletScore.computed_at)).where(LiveOutletScore.week_start == week)).one()
    if newest is not None and newest <= now < newest + timedelta(seconds=LIVE_SECONDS):
        return week
    week, scored, previous = _live_scores(db, now)
    rows = [
        dict(
            week_start=week, outlet_id=c.outlet_id, cohort_size=c.cohort_size, resolved_count=c.resolved_count,
            timely_count=c.timely_count, survey_count=c.survey_count, satisfied_count=c.satisfied_count,
            received_count=c.received_count, repeat_count=c.repeat_count, resolution_rate=s.resolution_rate,
            timeliness_rate=s.timeliness_rate, satisfaction_rate=s.satisfaction_rate, score=s.score, tier=s.tier,
            rank=s.rank, score_change=change(s.score, previous.get(c.outlet_id)), warning=None,
            escalated_count=c.escalated_count, compensated_count=c.compensated_count,
            compensation_total=c.compensation_total, computed_at=now, not_yet_due_count=c.not_yet_due_count,
        )
        for s in scored
        for c in [s.counts]
    ]  # fmt: skip
    try:
        db.execute(sa.delete(LiveOutletScore))
        insert_rows(db, LiveOutletScore, rows)  # 30,000 outlets: ORM objects or one statement a row take seconds
        db.commit()
    except IntegrityError:
        db.rollback()
    return week


def ready(db: Session, q: TableQuery, now: datetime) -> TableQuery:
    """The query as SQL can answer it: for the live week, a fresh snapshot of the current week."""
    return replace(q, week=refresh_live(db, now)) if q.live else q


def score_table(db: Session, q: TableQuery, now: datetime, page: int = 0, size: int | None = PAGE_SIZE):
    """One page of a week's table (all rows when `size` is None) and the number of matching rows,
    filtered, sorted and paged in the database, frozen or live."""
    q = ready(db, q, now)
    total = db.exec(select(sa.func.count()).select_from(_week_select(q).subquery())).one()
    return _page(db, q, page, size), total


def score_page(db: Session, q: TableQuery, now: datetime, page: int = 0, size: int | None = PAGE_SIZE) -> list[ScoreRow]:
    """The same page without counting the rows (a new sort or page of a table already shown)."""
    return _page(db, ready(db, q, now), page, size)


def _page(db: Session, q: TableQuery, page: int, size: int | None) -> list[ScoreRow]:
    stmt = _week_select(q).order_by(*_order(q))
    if size:
        stmt = stmt.offset(page * size).limit(size)
    return [ScoreRow(*r) for r in db.exec(stmt).all()]


# --- charts --------------------------------------------------------------------------------


def distribution(db: Session, q: TableQuery, now: datetime) -> list[int]:
    """How many outlets score in each 10-point band 0–10, …, 90–100 (the filtered week); outlets
    with an insufficient sample are left out (DESIGN)."""
    q = ready(db, q, now)
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


def by_region(db: Session, q: TableQuery, now: datetime) -> list[tuple[str, float | None, float | None, float | None]]:
    """Per region: average resolution, timeliness and satisfaction rates of its outlets."""
    q = ready(db, q, now)
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


def weakest(db: Session, q: TableQuery, now: datetime, n: int = 10) -> list[ScoreRow]:
    """The `n` lowest-scoring ranked outlets (lowest first)."""
    ranked_query = ready(db, replace(q, sort="score", descending=False), now)
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
        )  # fmt: skip
        .where(w.week_start <= until, w.week_start > until - timedelta(weeks=weeks), in_region)
        .group_by(w.week_start)
        .order_by(w.week_start)
    ).all()

    def rate(part, whole):
        return part / whole if whole else None

    return [(r[0], rate(r[2], r[1]), rate(r[3], r[1]), rate(r[5], r[4])) for r in rows]


# --- one outlet ----------------------------------------------------------------------------


def region_trends(db: Session, until: date, weeks: int = 12) -> list[tuple[date, str, OutletWeek]]:
    """Each region's summed counts for each of the last `weeks` frozen weeks up to `until`, oldest
    first (its score is the score formula on them, as the network's)."""
    w = WeeklyOutletScore
    sums = [sa.func.sum(getattr(w, c)) for c in ("cohort_size", "resolved_count", "timely_count", "survey_count",
                                                 "satisfied_count")]  # fmt: skip
    rows = db.exec(
        select(w.week_start, Outlet.region, *sums)
        .join(Outlet, Outlet.id == w.outlet_id)
        .where(w.week_start <= until, w.week_start > until - timedelta(weeks=weeks))
        .group_by(w.week_start, Outlet.region)
        .order_by(w.week_start, Outlet.region)
    ).all()
    return [(week, region, OutletWeek(0, *[int(v or 0) for v in counts])) for week, region, *counts in rows]


def outlet_by_code(db: Session, code: str, actor_outlet: int | None) -> Outlet | None:
    """The outlet with `code`, if the actor may see it (`actor_outlet` from access.outlet_scope)."""
    outlet = db.exec(select(Outlet).where(Outlet.code == code)).first()
    if outlet is None or (actor_outlet is not None and outlet.id != actor_outlet):
        return None
    return outlet


def outlet_trend(db: Session, outlet_id: int, until: date, weeks: int = 12) -> list[WeeklyOutletScore]:
    w = WeeklyOutletScore
    return list(
        db.exec(
            select(w)
            .where(w.outlet_id == outlet_id, w.week_start <= until, w.week_start > until - timedelta(weeks=weeks))
            .order_by(w.week_start)
        ).all()
    )


def _cohort(outlet_id: int, week: date, now: datetime | None = None):
    """The outlet's cohort of `week`; with `now` (the live week), only the tickets already due."""
    start, end = week_bounds(week, get_settings().business_tz)
    return sa.and_(Ticket.outlet_id == outlet_id, cohort_due(start, end, now)), end


def missed_tickets(
    db: Session, outlet_id: int, week: date, limit: int = PAGE_SIZE, now: datetime | None = None
) -> tuple[list[Ticket], int]:
    """Cohort tickets of the week that missed: not resolved by the week's end, or not on time
    (first response late or missing, or resolved after its due time). At most `limit`, and the count.
    With `now` (the live week): among the tickets already due."""
    in_cohort, end = _cohort(outlet_id, week, now)
    timely = predicates.timely(end)
    condition = sa.and_(in_cohort, sa.not_(timely))
    total = db.exec(select(sa.func.count()).select_from(Ticket).where(condition)).one()
    rows = db.exec(select(Ticket).where(condition).order_by(Ticket.resolution_due_at, Ticket.number).limit(limit)).all()
    return list(rows), total


def breakdown(db: Session, outlet_id: int, week: date, column: str, now: datetime | None = None) -> list[tuple[str, int]]:
    """Cohort tickets of the week counted by `column` ("category" or "root_cause"), largest first
    (with `now`, the live week's tickets already due)."""
    in_cohort, _ = _cohort(outlet_id, week, now)
    field = {"category": Ticket.category, "root_cause": Ticket.root_cause}[column]
    rows = db.exec(select(field, sa.func.count()).where(in_cohort).group_by(field).order_by(sa.func.count().desc())).all()
    return [(value or "", n) for value, n in rows]


def sla_by_severity(db: Session, outlet_id: int, week: date, now: datetime | None = None) -> list[tuple[str, int, int]]:
    """Per severity: cohort size and the tickets resolved on time with a timely first response
    (with `now`, the live week's tickets already due)."""
    in_cohort, end = _cohort(outlet_id, week, now)
    timely = predicates.timely(end)
    on_time = sa.func.coalesce(sa.func.sum(sa.case((timely, 1), else_=0)), 0)
    rows = db.exec(
        select(Ticket.severity, sa.func.count(), on_time).where(in_cohort).group_by(Ticket.severity).order_by(Ticket.severity)
    ).all()
    return [(s, n, int(k)) for s, n, k in rows]
