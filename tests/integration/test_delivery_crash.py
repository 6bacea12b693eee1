"""A delivery worker killed in the middle of a batch and restarted: every e-mail reaches the
SMTP server exactly once, and every item ends `sent` (none lost, none delivered twice).

The worker is the operator's command (`python -m complaint_console worker --once`) in a
subprocess against a file database. The SMTP server holds the 4th message in RCPT, before
it is accepted, and the worker is SIGKILLed right then: that item is left claimed
(`sending`) with its lock running, the rest still pending. Short JOBS_LEASE_SECONDS and
OUTBOX_LOCK_SECONDS let the restarted worker take the lease and the item over quickly."""

from __future__ import annotations

import signal
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import JobRun, Notification
from complaint_console.db.types import utcnow
from complaint_console.services.channels import message_id
from tests.delivery_support import SmtpServer, worker_process

ROOT = Path(__file__).resolve().parents[2]
ITEMS = 10


def test_a_killed_worker_loses_nothing_and_sends_nothing_twice(worker_database):
    engine, db_url = worker_database
    now = utcnow() - timedelta(seconds=1)
    with Session(engine) as db:
        for i in range(ITEMS):
            db.add(
                Notification(
                    channel="email",
                    recipient=f"manager{i}@example.com",
                    kind="reminder_at_risk",
                    dedupe_key=f"reminder:{i}",
                    subject=f"Reminder {i}",
                    body="75 % used",
                    payload={"language": "en"},
                    created_at=now + timedelta(milliseconds=i),
                    next_attempt_at=now + timedelta(milliseconds=i),
                )
            )
        db.commit()

    with SmtpServer() as smtp:
        smtp.recorder.rcpt_delay = 0.05
        smtp.recorder.hold_at = 4
        first = worker_process(db_url, smtp.url, once=True)
        assert smtp.recorder.held.wait(60), first.communicate(timeout=30)[0]
        first.send_signal(signal.SIGKILL)  # mid-batch: the 4th e-mail is in RCPT, not yet accepted
        first.wait(timeout=30)
        smtp.recorder.release.set()
        assert first.returncode == -signal.SIGKILL

        with Session(engine) as db:
            states = Counter(db.exec(select(Notification.status)).all())
        assert states == {"sent": 3, "sending": 1, "pending": ITEMS - 4}
        assert len(smtp.recorder.messages) == 3

        outputs, deadline = [], time.monotonic() + 90
        while time.monotonic() < deadline:
            again = worker_process(db_url, smtp.url, once=True)
            outputs.append(again.communicate(timeout=60)[0])
            assert again.returncode == 0, outputs[-1]
            with Session(engine) as db:
                left = db.exec(select(sa.func.count()).where(Notification.status != "sent")).one()
            if left == 0:
                break
            time.sleep(1)

        ids = Counter(smtp.recorder.message_ids())

    assert left == 0, outputs
    assert ids == Counter({message_id(f"reminder:{i}"): 1 for i in range(ITEMS)})
    with Session(engine) as db:
        rows = db.exec(select(Notification).order_by(Notification.id)).all()
    assert all(r.status == "sent" and r.sent_at is not None for r in rows)
    assert [r.attempts for r in rows] == [1, 1, 1, 2, *[1] * (ITEMS - 4)]  # the one in flight was tried again

    with Session(engine) as db:  # the killed worker's run was closed by the next one, not left "running"
        runs = db.exec(select(JobRun).order_by(JobRun.id)).all()
    assert [r.job for r in runs if r.outcome == "running"] == []
    interrupted = [r for r in runs if (r.error or "").startswith("Interrupted")]
    assert [r.job for r in interrupted] == ["deliver"] and interrupted[0].finished_at is not None
