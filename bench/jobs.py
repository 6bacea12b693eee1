"""The jobs at national scale: the reminder job's first tick, the week aggregation against DuckDB, `rollup --week`.

DuckDB is only the yardstick: the same rows the roll-up reads are copied into an in-memory
DuckDB database and the same aggregation runs there; both must return the same counts."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from complaint_console.db.scores import week_bounds, week_counts
from complaint_console.domain.scores import OutletWeek
from complaint_console.domain.vocabulary import OPEN_STAGES
from complaint_console.jobs import reminders

ROOT = Path(__file__).resolve().parents[1]

# what DuckDB gets: (table, columns, DuckDB types)
COPIED = {
    "outlet": ("id, active", "id INTEGER, active BOOLEAN"),
    "ticket": (
        "id, outlet_id, created_at, first_response_at, response_due_at, resolution_due_at, resolved_at, repeat_of_id, "
        "compensation_amount",
        "id INTEGER, outlet_id INTEGER, created_at TIMESTAMPTZ, first_response_at TIMESTAMPTZ, response_due_at TIMESTAMPTZ, "
        "resolution_due_at TIMESTAMPTZ, resolved_at TIMESTAMPTZ, repeat_of_id INTEGER, compensation_amount DECIMAL(12,2)",
    ),
    "survey": ("ticket_id, rating, answered_at", "ticket_id INTEGER, rating INTEGER, answered_at TIMESTAMPTZ"),
    "ticket_event": ("ticket_id, kind, at", "ticket_id INTEGER, kind VARCHAR, event_at TIMESTAMPTZ"),
}

# the aggregation of db/scores.py week_counts, in DuckDB's SQL
DUCK_WEEK = """
WITH cohort AS (
  SELECT outlet_id, count(*) AS n,
         sum(CASE WHEN resolved_at IS NOT NULL AND resolved_at < $end THEN 1 ELSE 0 END) AS resolved,
         sum(CASE WHEN resolved_at IS NOT NULL AND resolved_at < $end AND first_response_at IS NOT NULL
                   AND first_response_at <= response_due_at AND resolved_at <= resolution_due_at THEN 1 ELSE 0 END) AS timely
  FROM ticket WHERE resolution_due_at >= $start AND resolution_due_at < $end AND outlet_id IS NOT NULL GROUP BY outlet_id),
surveys AS (
  SELECT t.outlet_id, count(*) AS n, sum(CASE WHEN s.rating >= 4 THEN 1 ELSE 0 END) AS satisfied
  FROM survey s JOIN ticket t ON t.id = s.ticket_id
  WHERE s.answered_at >= $start AND s.answered_at < $end AND s.rating IS NOT NULL GROUP BY t.outlet_id),
received AS (
  SELECT outlet_id, count(*) AS n, sum(CASE WHEN repeat_of_id IS NOT NULL THEN 1 ELSE 0 END) AS repeats
  FROM ticket WHERE created_at >= $start AND created_at < $end AND outlet_id IS NOT NULL GROUP BY outlet_id),
escalated AS (
  SELECT t.outlet_id, count(DISTINCT t.id) AS n FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
  WHERE e.kind = 'escalated' AND e.event_at >= $start AND e.event_at < $end AND t.outlet_id IS NOT NULL GROUP BY t.outlet_id),
paid AS (
  SELECT outlet_id, count(*) AS n, sum(compensation_amount) AS total FROM ticket
  WHERE resolved_at >= $start AND resolved_at < $end AND compensation_amount > 0 AND outlet_id IS NOT NULL GROUP BY outlet_id)
SELECT o.id, coalesce(c.n, 0), coalesce(c.resolved, 0), coalesce(c.timely, 0), coalesce(s.n, 0), coalesce(s.satisfied, 0),
       coalesce(r.n, 0), coalesce(r.repeats, 0), coalesce(e.n, 0), coalesce(p.n, 0), coalesce(p.total, 0)
FROM outlet o LEFT JOIN cohort c ON c.outlet_id = o.id LEFT JOIN surveys s ON s.outlet_id = o.id
LEFT JOIN received r ON r.outlet_id = o.id LEFT JOIN escalated e ON e.outlet_id = o.id LEFT JOIN paid p ON p.outlet_id = o.id
WHERE o.active ORDER BY o.id
"""


def reminder_first_tick(engine: sa.Engine, now) -> tuple[Callable[[], object], int]:
    """Each call forgets every open ticket's next look-at time (not timed), then times a tick over them all."""
    open_stages = [s.value for s in OPEN_STAGES]
    with Session(engine) as db:
        n_open = db.execute(
            sa.text("SELECT count(*) FROM ticket WHERE stage IN :s AND paused_since IS NULL").bindparams(
                sa.bindparam("s", expanding=True)
            ),
            {"s": open_stages},
        ).scalar_one()

    def forget() -> None:
        with engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE ticket SET next_reminder_at = NULL WHERE stage IN :s").bindparams(
                    sa.bindparam("s", expanding=True)
                ),
                {"s": open_stages},
            )

    def tick() -> float:
        forget()
        start = time.perf_counter()
        reminders.run(engine, now)
        return (time.perf_counter() - start) * 1000

    return tick, n_open


class DuckWeek:
    """The roll-up's rows copied once into DuckDB (in memory); `counts(week)` runs the aggregation there."""

    def __init__(self, engine: sa.Engine) -> None:
        import duckdb

        self.duck = duckdb.connect()
        folder = Path(tempfile.mkdtemp())
        raw = engine.raw_connection()
        try:
            for table, (columns, types) in COPIED.items():
                path = folder / f"{table}.csv"
                self.duck.execute(f"CREATE TABLE {table} ({types})")
                if engine.dialect.name == "postgresql":
                    sql = f"COPY (SELECT {columns} FROM {table}) TO STDOUT (FORMAT csv)"
                    with raw.driver_connection.cursor() as cur, open(path, "wb") as out, cur.copy(sql) as copy:
                        for block in copy:
                            out.write(block)
                else:
                    cur = raw.cursor()
                    cur.execute(f"SELECT {columns} FROM {table}")
                    with open(path, "w", newline="", encoding="utf-8") as out:
                        writer = csv.writer(out)
                        for row in cur:
                            writer.writerow(["" if v is None else v for v in row])
                if path.stat().st_size:
                    self.duck.execute(f"COPY {table} FROM '{path}' (FORMAT csv, DELIMITER ',', HEADER false, NULLSTR '')")
                path.unlink()
        finally:
            raw.close()

    def counts(self, week: date, tz: str) -> list[OutletWeek]:
        start, end = week_bounds(week, tz)
        rows = self.duck.execute(DUCK_WEEK, {"start": start, "end": end}).fetchall()
        return [OutletWeek(r[0], *map(int, r[1:10]), compensation_total=Decimal(r[10]).quantize(Decimal("0.01"))) for r in rows]


def same(a: list[OutletWeek], b: list[OutletWeek]) -> bool:
    return [tuple(vars(x).values()) for x in a] == [tuple(vars(x).values()) for x in b]


def week_pair(engine: sa.Engine, duck: DuckWeek, week: date, tz: str) -> tuple[Callable[[], object], Callable[[], object]]:
    """(the database's aggregation, DuckDB's), after checking once that both give the same counts."""
    with Session(engine) as db:
        ours = week_counts(db, week, tz)
    theirs = duck.counts(week, tz)
    if not same(ours, theirs):
        diff = next((x, y) for x, y in zip(ours, theirs, strict=False) if x != y) if len(ours) == len(theirs) else len(ours)
        raise AssertionError(f"the database and DuckDB disagree on the week of {week}: {diff}")

    def ours_once() -> None:
        with Session(engine) as db:
            week_counts(db, week, tz)

    return ours_once, lambda: duck.counts(week, tz)


def settle(engine: sa.Engine, *tables: str) -> None:
    """Untimed, before a timed run on PostgreSQL: `tables` vacuumed and a checkpoint taken, so that the
    clean-up after what earlier measurements wrote (autovacuum, a checkpoint) does not land inside it."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in tables:
            conn.exec_driver_sql(f"VACUUM (ANALYZE) {table}")
        conn.exec_driver_sql("CHECKPOINT")


def rollup_end_to_end(url: str, engine: sa.Engine, weeks: list[date]) -> Callable[[], object]:
    """Each call runs `python -m complaint_console rollup --week W` as the operator does, for the next of `weeks`
    (its frozen rows and report removed first, and the database settled, not timed)."""
    pending = iter(weeks)
    env = {**os.environ, "DATABASE_URL": url, "SCHEDULER": "off"}

    def once() -> float:
        week = next(pending)
        with engine.begin() as conn:
            for table in ("weekly_outlet_score", "weekly_report"):
                conn.execute(sa.text(f"DELETE FROM {table} WHERE week_start = :w"), {"w": week})
        settle(engine, "ticket", "weekly_outlet_score", "weekly_report")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "complaint_console", "rollup", "--week", week.isoformat()],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        return (time.perf_counter() - start) * 1000

    return once


def weeks_back(last_week: date, n: int) -> list[date]:
    return [last_week - timedelta(weeks=2 + i) for i in range(n)]
