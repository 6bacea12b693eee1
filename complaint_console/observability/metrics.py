"""Prometheus metrics (`GET /metrics`).

In the process: the latency of every Reflex event handler, by handler. From the database at
each scrape (so every process, the worker's jobs included, answers the same): each job's
last success and its duration, the outbox's depth by status, open tickets by SLA state.

With several backend workers each keeps its own histogram; `serving.serve` then points
PROMETHEUS_MULTIPROC_DIR at a fresh folder before they start, and a scrape adds them up.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime

import sqlalchemy as sa
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlmodel import Session

from complaint_console.db import board, outbox
from complaint_console.jobs import runner
from complaint_console.observability import MULTIPROC_ENV

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

EVENT_SECONDS = Histogram(
    "cc_event_handler_seconds",
    "Time a Reflex event handler took, from the event's start to its last state update.",
    ["handler"],
    buckets=LATENCY_BUCKETS,
)


class DatabaseCollector(Collector):
    """What the database knows, read at scrape time in one short session."""

    def __init__(self, engine: sa.Engine, clock) -> None:
        self.engine, self.clock = engine, clock

    def collect(self) -> Iterator[Metric]:
        now: datetime = self.clock()
        with Session(self.engine) as db:
            jobs = runner.last_ok_runs(db)
            depth = outbox.depth_by_status(db)
            sla = board.open_by_sla_state(db, now)
        success = GaugeMetricFamily(
            "cc_job_last_success_timestamp_seconds", "When the job's last successful run started (Unix time).", labels=["job"]
        )
        duration = GaugeMetricFamily(
            "cc_job_last_success_duration_seconds", "How long the job's last successful run took.", labels=["job"]
        )
        for name, run in sorted(jobs.items()):
            success.add_metric([name], run.started_at.timestamp())
            if run.finished_at is not None:
                duration.add_metric([name], (run.finished_at - run.started_at).total_seconds())
        queued = GaugeMetricFamily("cc_outbox_items", "Notifications in the outbox, by status.", labels=["status"])
        for status, count in sorted(depth.items()):
            queued.add_metric([status], count)
        tickets = GaugeMetricFamily("cc_open_tickets", "Open tickets of the network, by SLA state.", labels=["sla_state"])
        for state, count in sorted(sla.items()):
            tickets.add_metric([state], count)
        yield from (success, duration, queued, tickets)


def exposition(engine: sa.Engine, clock) -> tuple[bytes, str]:
    """The metrics page: this process's (or every worker's) histograms, then the database's gauges."""
    if os.environ.get(MULTIPROC_ENV):
        process = CollectorRegistry()
        MultiProcessCollector(process)
    else:
        process = REGISTRY
    database = CollectorRegistry()
    database.register(DatabaseCollector(engine, clock))
    return generate_latest(process) + generate_latest(database), CONTENT_TYPE_LATEST
