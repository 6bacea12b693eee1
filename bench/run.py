"""Speed targets, measured: the queries and jobs staff wait for on a national-shaped database,
and what users feel in Chromium (bench/browser.py), with a blank Reflex app as the floor.

Usage: python bench/run.py [--database-url URL] [--outlets N] [--tickets N] [--open-tickets N]
       [--runs N] [--no-browser] (or `make bench`)

An existing national database is reused as it is (`make bench BENCH_ARGS="--database-url
postgresql://postgres@127.0.0.1:5432/cc_bench"`): nothing is generated, the reminder
measurement forgets the open tickets' next look-at times before each first tick, and the
roll-up measurement removes and freezes again weeks 2 to 6 before this one. The jobs part
copies the roll-up's rows into DuckDB (the yardstick; requirements-dev.txt) and checks that
both return the same counts. The browser part builds and serves the app and the blank app,
makes its own accounts and tickets and removes them again. On an existing national PostgreSQL
database a run takes 10 to 15 minutes (2 shared cores); generating that database first takes
another 5 to 15 minutes.

Without --database-url it builds a temporary SQLite database with the national generator
(`seeds/national.py`; DESIGN's scale by default: 30,000 outlets and 2,500,000 tickets, a year,
the newest 100,000 still open). Give a PostgreSQL URL of an empty database to measure there
(the generator uses COPY). Each measurement runs the real code path (the same functions the
pages and jobs call, the real pages in the browser) several times and reports the median, the
p95 and the worst; a target bounds the median or the p95, and a missed one is marked. The run
is written to bench/results/latest.json and appended as a table to bench/results/history.md.
Not a test: CI does not run it, and no unit test is timed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from bench import browser  # noqa: E402
from bench import jobs as bench_jobs  # noqa: E402
from complaint_console.db import board as board_queries  # noqa: E402
from complaint_console.db import score_table  # noqa: E402
from complaint_console.db.engine import make_engine  # noqa: E402
from complaint_console.db.migrate import upgrade  # noqa: E402
from complaint_console.db.models import Outlet  # noqa: E402
from complaint_console.db.scores import monday_of, week_counts  # noqa: E402
from complaint_console.domain.access import Actor  # noqa: E402
from complaint_console.domain.vocabulary import Role, Stage  # noqa: E402
from complaint_console.jobs import reminders  # noqa: E402
from complaint_console.services import live_scores  # noqa: E402
from complaint_console.services.rollup import freeze_week  # noqa: E402
from complaint_console.settings import get_settings  # noqa: E402

# name: (target, the statistic it bounds, unit); no target: the floor, reported for comparison
TARGETS: dict[str, tuple[float | None, str, str]] = {
    "board: counts per stage, one outlet": (100, "median", "ms"),
    "board: first column page (50 cards), one outlet": (150, "median", "ms"),
    "board: HQ network view, breached (50 cards)": (500, "median", "ms"),
    "search: by waybill across the network": (100, "median", "ms"),
    "scores: one week's counts for every outlet (roll-up input)": (5000, "median", "ms"),
    "scores: frozen week table page (50 rows, sorted by timeliness)": (300, "median", "ms"),
    "scores: live week snapshot computed again (every outlet)": (5000, "median", "ms"),
    "scores: live week table page from the snapshot (50 rows, sorted by timeliness)": (300, "median", "ms"),
    "reminders: one job tick after the first (only tickets near a threshold)": (2000, "median", "ms"),
    "start: web process over a built frontend answers /ping": (10_000, "median", "ms"),
    "reminders: first tick after start (every open ticket)": (60_000, "median", "ms"),
    "scores: week aggregation in DuckDB on the same rows (yardstick)": (5000, "median", "ms"),
    "rollup --week end to end (CLI process)": (2000, "median", "ms"),
    "floor: blank app page load (navigation until its button shows)": (None, "median", "ms"),
    "floor: blank app event round trip (click until the new count is drawn)": (None, "p95", "ms"),
    "browser: board load (navigation until the first card shows)": (2000, "median", "ms"),
    "browser: move p95, alone (menu until the card is drawn in its new column)": (60, "p95", "ms"),
    "browser: bytes received per move": (3 * 1024, "median", "bytes"),
    "browser: /scores time to the first table row": (1000, "median", "ms"),
    "browser: /scores sort (click until the re-sorted table is drawn)": (200, "median", "ms"),
    "browser: /scores next page (click until the next page is drawn)": (200, "median", "ms"),
    "browser: /scores region filter (choice until the region's table is drawn)": (200, "median", "ms"),
    f"browser: move p95, under load ({browser.LOAD_USERS} active users and an analyst reloading /scores)": (150, "p95", "ms"),
}
# (name, of, to, at most or None for a comparison only): statistic of `of` divided by that of `to`
RATIOS = [
    (
        "roll-up aggregation vs DuckDB",
        "scores: one week's counts for every outlet (roll-up input)",
        "scores: week aggregation in DuckDB on the same rows (yardstick)",
        3.0,
    ),
    (
        "move p95 alone vs the blank app's event round trip p95",
        "browser: move p95, alone (menu until the card is drawn in its new column)",
        "floor: blank app event round trip (click until the new count is drawn)",
        None,
    ),
    (
        "board load vs the blank app's page load",
        "browser: board load (navigation until the first card shows)",
        "floor: blank app page load (navigation until its button shows)",
        None,
    ),
]


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        took = fn()  # a measurement that prepares untimed returns its own milliseconds
        samples.append(took if isinstance(took, float) else (time.perf_counter() - start) * 1000)
    return samples


def web_start(url: str, port: int) -> Callable[[], object]:
    """Build the frontend for `port` (not timed); each call then starts `serve` and waits for /ping."""
    import os
    import signal
    import subprocess
    import urllib.request

    env = {**os.environ, "DATABASE_URL": url, "PORT": str(port), "SCHEDULER": "off"}
    env.pop("REDIS_URL", None)
    command = [sys.executable, "-m", "complaint_console"]
    subprocess.run([*command, "build"], cwd=ROOT, env=env, check=True, capture_output=True)

    def start() -> None:
        proc = subprocess.Popen(
            [*command, "serve"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=1):
                        return
                except OSError:
                    time.sleep(0.05)
            raise RuntimeError("the web process did not answer /ping within 120 s")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)

    return start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url")
    parser.add_argument("--outlets", type=int, default=30_000)
    parser.add_argument("--tickets", type=int, default=2_500_000)
    parser.add_argument(
        "--open-tickets",
        type=int,
        default=100_000,
        help="when generating: about this many recent tickets left open (the target is on 100,000)",
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=3931, help="where the start measurement serves the app")
    parser.add_argument("--blank-port", type=int, default=3941, help="where the blank Reflex app (the floor) is served")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="only the database and job measurements")
    parser.add_argument("--results", default=str(ROOT / "bench" / "results"), help="folder of latest.json and history.md")
    args = parser.parse_args()

    began = time.monotonic()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as db:
        empty = db.exec(select(Outlet.id).limit(1)).first() is None
    if empty:
        from seeds import national

        national.load(engine, outlets=args.outlets, tickets=args.tickets, backlog=args.open_tickets)
    with Session(engine) as db:  # what is there (an existing database is reused as it is)
        args.outlets = db.exec(select(sa.func.count()).select_from(Outlet)).one()
        args.tickets = db.exec(select(sa.func.count()).select_from(board_queries.Ticket)).one()
    now = datetime.now(UTC)
    tz = get_settings().business_tz
    hq = Actor(1, "bench-hq", "HQ", Role.HQ_ADMIN, None)
    with Session(engine) as db:
        outlet_id = db.exec(select(Outlet.id).order_by(Outlet.id).limit(1)).one()
        waybill = db.exec(select(board_queries.Ticket.waybill_no).limit(1)).one()
    manager = Actor(2, "bench-manager", "Manager", Role.OUTLET_MANAGER, outlet_id)
    last_week = monday_of(now, tz) - timedelta(weeks=1)
    with Session(engine) as db:
        freeze_week(db, last_week, now)
    first_tick, n_open = bench_jobs.reminder_first_tick(engine, now)
    first_tick_ms = first_tick()  # the first tick works out every open ticket's next look-at time
    print(f"reminders: first tick over {n_open} open tickets: {first_tick_ms:.0f} ms", flush=True)
    duck = bench_jobs.DuckWeek(engine)
    ours_week, duck_week = bench_jobs.week_pair(engine, duck, last_week, tz)  # raises when they disagree

    def with_db(fn):
        def call():
            with Session(engine) as db:
                return fn(db)

        return call

    flt = board_queries.BoardFilter()
    # each run a minute later than the last, so that every run computes the snapshot again
    recompute_times = (now - timedelta(minutes=30) + timedelta(seconds=live_scores.LIVE_SECONDS * i) for i in itertools.count())
    measures = {
        "board: counts per stage, one outlet": with_db(lambda db: board_queries.stage_counts(db, manager, flt, now)),
        "board: first column page (50 cards), one outlet": with_db(
            lambda db: board_queries.stage_cards(db, manager, flt, Stage.NEW, 50, now)
        ),
        "board: HQ network view, breached (50 cards)": with_db(
            lambda db: board_queries.stage_cards(db, hq, board_queries.BoardFilter(sla="breached"), Stage.INVESTIGATING, 50, now)
        ),
        "search: by waybill across the network": with_db(
            lambda db: board_queries.stage_counts(db, hq, board_queries.BoardFilter(search=waybill), now)
        ),
        "scores: one week's counts for every outlet (roll-up input)": with_db(lambda db: week_counts(db, last_week, tz)),
        "scores: frozen week table page (50 rows, sorted by timeliness)": with_db(
            lambda db: score_table.score_table(db, score_table.TableQuery(last_week, sort="timeliness", descending=True))
        ),
        "scores: live week snapshot computed again (every outlet)": with_db(
            lambda db: live_scores.refresh(db, next(recompute_times))
        ),
        "scores: live week table page from the snapshot (50 rows, sorted by timeliness)": with_db(
            lambda db: score_table.score_table(
                db, live_scores.ready(db, score_table.TableQuery(last_week, live=True, sort="timeliness", descending=True), now)
            )
        ),
        "reminders: one job tick after the first (only tickets near a threshold)": lambda: reminders.run(engine, now),
        "rollup --week end to end (CLI process)": bench_jobs.rollup_end_to_end(
            url, engine, bench_jobs.weeks_back(last_week, args.runs)
        ),
        "start: web process over a built frontend answers /ping": web_start(url, args.port),
        "reminders: first tick after start (every open ticket)": first_tick,
        "scores: week aggregation in DuckDB on the same rows (yardstick)": duck_week,
    }
    measures["scores: one week's counts for every outlet (roll-up input)"] = ours_week
    runs = {"reminders: first tick after start (every open ticket)": max(1, min(args.runs, 3))}
    started = datetime.now(UTC)
    samples = {name: timed(fn, runs.get(name, args.runs)) for name, fn in measures.items()}
    if args.browser:
        print("browser: building and serving the blank app and the app; 20 simulated users for the load part", flush=True)
        samples.update(browser.measure(url, engine, args.port, args.blank_port, args.runs))
    results = []
    lines = [
        f"\n## {started:%Y-%m-%d %H:%M} UTC · {engine.dialect.name} · {args.outlets} outlets, {args.tickets} tickets",
        "",
        "| measurement | target | median | p95 | worst | runs | |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, values in samples.items():
        target, stat, unit = TARGETS[name]
        stats = {"median": statistics.median(values), "p95": p95(values), "worst": max(values)}
        met = target is None or stats[stat] <= target
        verdict = "floor" if target is None else "ok" if met else "MISSED"
        results.append(
            {
                "name": name,
                "target": target,
                "statistic": stat,
                "unit": unit,
                "runs": len(values),
                **{k: round(v, 2) for k, v in stats.items()},
                "met": met,
            }
        )
        bound = "—" if target is None else f"{stat} ≤ {target:g} {unit}"
        lines.append(
            f"| {name} | {bound} | {stats['median']:.1f} | {stats['p95']:.1f} | {stats['worst']:.1f} | "
            f"{len(values)} | {verdict} |"
        )
        print(lines[-1], flush=True)
    by_name = {r["name"]: r for r in results}
    ratios = []
    lines += ["", "| ratio | at most | measured | |", "|---|---|---|---|"]
    for label, of, to, limit in RATIOS:
        if of not in by_name or to not in by_name:
            continue
        value = by_name[of][TARGETS[of][1]] / by_name[to][TARGETS[to][1]]
        met = limit is None or value <= limit
        ratios.append({"name": label, "of": of, "to": to, "at_most": limit, "ratio": round(value, 2), "met": met})
        lines.append(
            f"| {label} | {'—' if limit is None else f'{limit}×'} | {value:.2f}× | "
            f"{'comparison' if limit is None else 'ok' if met else 'MISSED'} |"
        )
        print(lines[-1], flush=True)
    lines.append(f"\nopen tickets in the first tick: {n_open}; whole run: {time.monotonic() - began:.0f} s")
    folder = Path(args.results)
    folder.mkdir(parents=True, exist_ok=True)
    latest = {
        "started_at": started.isoformat(timespec="seconds"),
        "database": engine.dialect.name,
        "outlets": args.outlets,
        "tickets": args.tickets,
        "open_tickets": n_open,
        "run_seconds": round(time.monotonic() - began),
        "measurements": results,
        "ratios": ratios,
    }
    (folder / "latest.json").write_text(json.dumps(latest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    with open(folder / "history.md", "a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print(f"results written to {folder / 'latest.json'} and appended to {folder / 'history.md'}")
    return 0 if all(r["met"] for r in results + ratios) else 1


if __name__ == "__main__":
    raise SystemExit(main())
