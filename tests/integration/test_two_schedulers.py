"""Two scheduler processes against one database for several ticks, the lease holder killed
half-way: every reminder that fell due was queued once and reached the SMTP server once.

Both are the operator's `worker` command with a 1-second tick. Tickets have 1- and 2-minute
targets and were created so that thresholds fall before and during the run. The holder is
killed while the SMTP server holds one of its e-mails in RCPT (not yet accepted), as in
test_delivery_crash.py. A kill at a random instant could land in the instant between the
server's acceptance and the "sent" record, the one gap in which the outbox allows a single
repeat (services/outbox.py); that gap is not what this test is about."""

from __future__ import annotations

import signal
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from complaint_console.db.models import JobRun, Notification, Ticket
from complaint_console.domain import reminders
from complaint_console.domain.calendar import BusinessCalendar
from complaint_console.domain.vocabulary import Role
from complaint_console.jobs import lease
from complaint_console.services.channels import message_id
from tests import factories as f
from tests.delivery_support import SmtpServer, worker_process

TICKETS = 5


def _world(engine) -> datetime:
    start = datetime.now(UTC).replace(microsecond=0)
    with Session(engine) as db:
        f.region(db)
        east = f.outlet(db, "EAST-001")
        f.user(db, "manager1", Role.OUTLET_MANAGER, east.id, email="manager1@example.com")
        f.user(db, "analyst", Role.HQ_ANALYST, email="analyst@example.com")
        for i in range(TICKETS):
            created = start - timedelta(seconds=38 + 7 * i)  # 75 % of the first response at +7 … -21 s
            t = f.ticket(db, f"CP-20261123-00000{i}", east.id, phone=f"1390000000{i}")
            t.created_at, t.updated_at = created, created
            t.response_target_minutes, t.resolution_target_minutes = 1, 2
            t.response_due_at, t.resolution_due_at = created + timedelta(minutes=1), created + timedelta(minutes=2)
        db.commit()
    return start


def _holder_pid(engine) -> int | None:
    held = lease.current(engine)
    return int(held.holder.rsplit(":", 1)[1]) if held else None


def test_two_workers_send_every_reminder_once(worker_database):
    engine, db_url = worker_database
    _world(engine)
    with SmtpServer() as smtp:
        env = {"JOBS_TICK_SECONDS": "1", "JOBS_LEASE_SECONDS": "3"}
        smtp.recorder.hold_at = 3  # the 3rd e-mail waits in RCPT until the test lets it go
        workers = [worker_process(db_url, smtp.url, **env) for _ in range(2)]
        try:
            assert smtp.recorder.held.wait(60), "no third e-mail was attempted"
            leader = next(w for w in workers if w.pid == _holder_pid(engine))
            leader.send_signal(signal.SIGKILL)  # the holder dies mid-send; the other must take over
            leader.wait(timeout=30)
            smtp.recorder.release.set()
            survivor = next(w for w in workers if w is not leader)
            time.sleep(12)
            survivor.send_signal(signal.SIGTERM)
            output = survivor.communicate(timeout=60)[0]
            end = datetime.now(UTC)
        finally:
            for w in workers:
                if w.poll() is None:
                    w.kill()

        with Session(engine) as db:
            holders = set(db.exec(select(JobRun.holder).where(JobRun.job == "reminders")).all())
            rows = db.exec(select(Notification).where(Notification.channel == "email")).all()
            tickets = db.exec(select(Ticket).order_by(Ticket.id)).all()
        # Every reminder due by the end, and only those, was queued: one e-mail per person.
        expected = {
            r.key(t.id)
            for t in tickets
            for r in reminders.due(reminders.schedule(BusinessCalendar(), t), end - timedelta(seconds=2))
        }
        queued = {n.dedupe_key.rsplit(":", 2)[0] for n in rows}
        assert expected <= queued, "a reminder that fell due was not queued"
        assert len(holders) == 2, f"the second worker never took over: {holders}\n{output}"
        # ...and each queued e-mail reached the SMTP server exactly once.
        pending = [n.dedupe_key for n in rows if n.status != "sent"]
        received = Counter(smtp.recorder.message_ids())
    sent = [n for n in rows if n.status == "sent"]
    assert len(sent) >= len(expected) - len(pending)
    assert all(received[message_id(n.dedupe_key)] == 1 for n in sent), received
    assert max(received.values()) == 1
    assert len(expected) >= 5  # thresholds fell before and during the run (9 when written)
