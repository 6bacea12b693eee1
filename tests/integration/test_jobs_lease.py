"""The jobs lease: one holder at a time, renewed by its holder, taken over when it expires."""

import threading
from datetime import UTC, datetime, timedelta

from complaint_console.jobs import lease, runner
from complaint_console.jobs.scheduler import run_due_once

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_one_holder_renewal_and_takeover(migrated_engine):
    assert lease.take(migrated_engine, "web-1", NOW)
    assert not lease.take(migrated_engine, "web-2", NOW + timedelta(seconds=30))  # alive: web-1 keeps it
    assert lease.take(migrated_engine, "web-1", NOW + timedelta(seconds=50))  # renewed until +110 s
    assert not lease.take(migrated_engine, "web-2", NOW + timedelta(seconds=100))
    assert lease.take(migrated_engine, "web-2", NOW + timedelta(seconds=111))  # web-1 went silent: taken over
    assert lease.current(migrated_engine).holder == "web-2"
    lease.release(migrated_engine, "web-1")  # not the holder: changes nothing
    assert lease.current(migrated_engine).holder == "web-2"
    lease.release(migrated_engine, "web-2")
    assert lease.current(migrated_engine) is None


def test_of_many_processes_taking_a_free_lease_exactly_one_wins(migrated_engine):
    wins, start = [], threading.Barrier(6)

    def contender(n):
        start.wait()
        wins.append(lease.take(migrated_engine, f"worker-{n}", NOW))

    threads = [threading.Thread(target=contender, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False] * 5 + [True]


def test_worker_once_runs_only_without_a_live_holder_and_records_its_runs(migrated_engine, db):
    assert lease.take(migrated_engine, "web-1", datetime.now(UTC))
    assert run_due_once(migrated_engine, "cli") is None  # the web process holds the lease
    lease.release(migrated_engine, "web-1")
    outcomes = run_due_once(migrated_engine, "cli")
    assert outcomes["reminders"] == "ok" and "weekly_rollup" in outcomes and "daily_digest" in outcomes
    assert lease.current(migrated_engine) is None  # given back at the end
    assert set(runner.last_runs(db)) == set(outcomes)
