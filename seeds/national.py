"""National-scale data for load and benchmark work: 30,000 outlets, 2.5 million tickets.

Rows are streamed in chunks: PostgreSQL gets them through COPY, SQLite through
executemany on the raw connection. Tickets spread over the last 52 weeks; the recent
ones are open. Events and surveys are left out: this data is for paging, filtering and
aggregation at scale, not for reading timelines.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session
from tqdm import tqdm

from complaint_console.domain.numbering import ticket_number
from complaint_console.domain.sla import DEFAULT_TARGETS, due_times
from complaint_console.domain.vocabulary import OPEN_STAGES, Severity
from seeds import demo
from seeds import reference as ref

SEED = 20261124
REGIONS = [
    ("EAST", "East China", "华东"),
    ("SOUTH", "South China", "华南"),
    ("NORTH", "North China", "华北"),
    ("CENTRAL", "Central China", "华中"),
    ("SOUTHWEST", "Southwest China", "西南"),
    ("NORTHWEST", "Northwest China", "西北"),
    ("NORTHEAST", "Northeast China", "东北"),
]
CITIES = ["上海", "北京", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "沈阳", "重庆", "天津", "长沙", "郑州"]
TICKET_COLUMNS = [
    "id",
    "number",
    "waybill_no",
    "customer_name",
    "customer_phone",
    "channel",
    "category",
    "severity",
    "description",
    "outlet_id",
    "stage",
    "created_at",
    "first_response_at",
    "response_due_at",
    "resolution_due_at",
    "response_target_minutes",
    "resolution_target_minutes",
    "resolved_at",
    "closed_at",
    "paused_seconds",
    "escalation_level",
    "compensation_amount",
    "customer_language",
    "updated_at",
    "version",
]
CHUNK = 20_000
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _outlets(n: int) -> list[dict]:
    return [
        dict(
            id=i,
            code=f"N{i:05d}",
            name=f"{CITIES[i % len(CITIES)]} {i:05d} 网点",
            region=REGIONS[i % len(REGIONS)][0],
            province="",
            city=CITIES[i % len(CITIES)],
            timezone="Asia/Shanghai",
            authority_limit=Decimal("500.00"),
            business_hours=None,
            holiday_calendar=None,
            active=True,
        )
        for i in range(1, n + 1)
    ]


def _tickets(n: int, outlets: int, now: datetime, backlog: int = 0) -> Iterator[tuple]:
    """The tickets, oldest first; about `backlog` of the recent ones are still open (a network behind on its work)."""
    rng = random.Random(SEED)
    backlog_pick = random.Random(SEED + 1)  # apart, so that the other columns stay as they were
    start = now - timedelta(weeks=52)
    span = (now - start).total_seconds()
    offsets = sorted(rng.random() * span for _ in range(n))
    per_day: dict = {}
    categories, cat_w = zip(*ref.CATEGORY_MIX, strict=True)
    severities, sev_w = zip(*ref.SEVERITY_MIX, strict=True)
    channels, chan_w = zip(*ref.CHANNEL_MIX, strict=True)
    for i, offset in enumerate(offsets, start=1):
        created = (start + timedelta(seconds=offset)).replace(microsecond=0)
        day = created.astimezone(SHANGHAI).date()
        per_day[day] = per_day.get(day, 0) + 1
        severity = rng.choices(severities, sev_w)[0]
        category = rng.choices(categories, cat_w)[0]
        target = DEFAULT_TARGETS[Severity(severity)]
        response_due, resolution_due = due_times(created, target)
        work = timedelta(minutes=target.resolution_minutes * rng.uniform(0.2, 1.4))
        resolved = created + work if created + work < now - timedelta(hours=rng.uniform(0, 48)) else None
        if backlog and i > n - 3 * backlog and backlog_pick.random() < 1 / 3:
            resolved = None  # a third of the last 3 × backlog tickets (about six weeks) still open
        closed = resolved + timedelta(hours=30) if resolved and resolved + timedelta(hours=30) < now else None
        stage = "closed" if closed else "resolved" if resolved else rng.choice(OPEN_STAGES).value
        first_response = created + timedelta(minutes=target.response_minutes * rng.uniform(0.2, 1.5))
        if stage == "new" or first_response > now:
            first_response = None
        late = (resolved or now) > resolution_due
        yield (
            i,
            ticket_number(day, per_day[day]),
            f"NW{rng.randrange(10**11, 10**12)}",
            "客户",
            "1" + rng.choice("3578") + f"{rng.randrange(10**9):09d}",
            rng.choices(channels, chan_w)[0],
            category,
            severity,
            ref.DESCRIPTIONS[category],
            rng.randrange(1, outlets + 1),
            stage,
            created,
            first_response,
            response_due,
            resolution_due,
            target.response_minutes,
            target.resolution_minutes,
            resolved,
            closed,
            0,
            "region" if late else "outlet",
            Decimal("0") if resolved else None,
            "zh",
            closed or resolved or created,
            1,
        )


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, Decimal):
        return float(value)
    return value


def _write_tickets(engine: sa.Engine, rows: Iterator[tuple], total: int) -> None:
    raw = engine.raw_connection()
    try:
        bar = tqdm(total=total, unit="ticket", desc="tickets", mininterval=1.0)
        if engine.dialect.name == "postgresql":
            copy_sql = f"COPY ticket ({', '.join(TICKET_COLUMNS)}) FROM STDIN"
            with raw.driver_connection.cursor() as cur, cur.copy(copy_sql) as copy:
                for count, row in enumerate(rows, start=1):
                    copy.write_row(row)
                    if count % CHUNK == 0:
                        bar.update(CHUNK)
            bar.update(total - bar.n)
        else:
            placeholders = ", ".join("?" for _ in TICKET_COLUMNS)
            sql = f"INSERT INTO ticket ({', '.join(TICKET_COLUMNS)}) VALUES ({placeholders})"
            cur = raw.cursor()
            chunk: list[tuple] = []
            for row in rows:
                chunk.append(tuple(_sqlite_value(v) for v in row))
                if len(chunk) == CHUNK:
                    cur.executemany(sql, chunk)
                    bar.update(len(chunk))
                    chunk = []
            if chunk:
                cur.executemany(sql, chunk)
                bar.update(len(chunk))
        raw.commit()
        bar.close()
    finally:
        raw.close()


def load(
    engine: sa.Engine, outlets: int = 30_000, tickets: int = 2_500_000, now: datetime | None = None, backlog: int = 0
) -> dict[str, int]:
    """Fill an empty database with national-scale data; prints a progress bar. About `backlog` recent tickets stay open."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    with Session(engine) as db:
        if not demo.is_empty(db):
            raise RuntimeError("the database already has outlets; national data is only loaded into an empty one")
        db.execute(sa.insert(demo.Region.__table__), [dict(code=c, name=n, name_zh=z) for c, n, z in REGIONS])
        outlet_rows = _outlets(outlets)
        for i in tqdm(range(0, len(outlet_rows), CHUNK), desc="outlets", unit="chunk"):
            db.execute(sa.insert(demo.Outlet.__table__), outlet_rows[i : i + CHUNK])
        db.execute(sa.insert(demo.SlaPolicy.__table__), ref.default_policy_rows(now - timedelta(weeks=53)))
        db.commit()
    _write_tickets(engine, _tickets(tickets, outlets, now, backlog), tickets)
    with Session(engine) as db:
        demo.reset_sequences(db)
        db.commit()
    print(f"national data loaded: {outlets} outlets, {tickets} tickets")
    return {"outlet": outlets, "ticket": tickets}
