"""`/metrics`: the database's gauges (open tickets by SLA state, outbox depth, jobs' last success)
and the handler histogram, in Prometheus text format, as a scraper reads them."""

import random
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from complaint_console.api import api_app
from complaint_console.api import metrics as metrics_route
from complaint_console.db.models import JobRun, Notification, Ticket
from complaint_console.domain.vocabulary import OPEN_STAGES
from complaint_console.observability.metrics import EVENT_SECONDS, exposition
from tests import factories

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def samples(body: bytes) -> dict[tuple[str, tuple], float]:
    found = {}
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def expected_state(t: Ticket) -> str:
    """DESIGN's reading, written out here on purpose: late on an unpaused resolution clock, or no
    first response after its due time, is breached; else paused if paused; else running."""
    late_resolution = t.paused_since is None and t.resolution_due_at < NOW
    late_response = t.first_response_at is None and t.response_due_at < NOW
    return "breached" if late_resolution or late_response else "paused" if t.paused_since else "running"


def test_the_gauges_count_what_the_database_holds(db, migrated_engine):
    rnd = random.Random(7)
    factories.region(db, "EAST")
    outlet = factories.outlet(db, "EAST-001")
    tickets = []
    for i in range(60):
        t = factories.ticket(db, f"CP-20261120-{i:06d}", outlet.id)
        t.stage = rnd.choice([s.value for s in OPEN_STAGES] + ["resolved", "closed"])
        t.created_at = NOW - timedelta(hours=rnd.randint(1, 80))
        t.response_due_at = t.created_at + timedelta(minutes=rnd.choice([30, 600, 6000]))
        t.resolution_due_at = t.created_at + timedelta(hours=rnd.choice([4, 24, 72, 200]))
        t.first_response_at = t.created_at + timedelta(minutes=5) if rnd.random() < 0.5 else None
        t.paused_since = NOW - timedelta(hours=1) if rnd.random() < 0.2 else None
        tickets.append(t)
    for status, n in (("pending", 3), ("sent", 5), ("dead", 1)):
        for i in range(n):
            db.add(
                Notification(
                    channel="sms",
                    recipient="13800000000",
                    kind="survey",
                    dedupe_key=f"{status}{i}",
                    subject="",
                    body="b",
                    status=status,
                    created_at=NOW,
                )
            )
    ok_start = NOW - timedelta(minutes=5)
    db.add(JobRun(job="reminders", started_at=ok_start, finished_at=ok_start + timedelta(seconds=2), outcome="ok"))
    db.add(JobRun(job="reminders", started_at=NOW - timedelta(minutes=1), outcome="error"))  # the last success is the earlier one
    db.commit()

    found = samples(exposition(migrated_engine, lambda: NOW)[0])

    open_tickets = [t for t in tickets if t.stage in {s.value for s in OPEN_STAGES}]
    for state in ("breached", "paused", "running"):
        want = sum(expected_state(t) == state for t in open_tickets)
        assert found[("cc_open_tickets", (("sla_state", state),))] == want, state
    assert sum(found[("cc_open_tickets", (("sla_state", s),))] for s in ("breached", "paused", "running")) == len(open_tickets)
    assert found[("cc_outbox_items", (("status", "pending"),))] == 3
    assert found[("cc_outbox_items", (("status", "sent"),))] == 5
    assert found[("cc_outbox_items", (("status", "dead"),))] == 1
    assert found[("cc_job_last_success_timestamp_seconds", (("job", "reminders"),))] == (NOW - timedelta(minutes=5)).timestamp()
    assert found[("cc_job_last_success_duration_seconds", (("job", "reminders"),))] == 2.0


def test_the_endpoint_serves_prometheus_text_with_the_handler_histogram(migrated_engine, monkeypatch):
    monkeypatch.setattr(metrics_route, "get_engine", lambda: migrated_engine)  # the test's database, not data/
    EVENT_SECONDS.labels(handler="test_state.probe").observe(0.03)
    answer = TestClient(api_app).get("/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    found = samples(answer.content)
    assert found[("cc_event_handler_seconds_count", (("handler", "test_state.probe"),))] >= 1
    assert found[("cc_event_handler_seconds_bucket", (("handler", "test_state.probe"), ("le", "0.05")))] >= 1
    assert ("cc_open_tickets", (("sla_state", "breached"),)) in found
