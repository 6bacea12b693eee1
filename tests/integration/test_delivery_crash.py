"""A delivery worker killed in the middle of a batch and restarted: every e-mail reaches the
SMTP server exactly once, and every item ends `sent` (none lost, none delivered twice).

The worker is the operator's command (`python -m complaint_console worker --once`) in a
subprocess against a file database. The SMTP server holds the 4th message in RCPT, before
it is accepted, and the worker is SIGKILLed right then: that item is left claimed
(`sending`) with its lock running, the rest still pending. Short JOBS_LEASE_SECONDS and
OUTBOX_LOCK_SECONDS let the restarted worker take the lease and the item over quickly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.engine import make_engine
from complaint_console.db.migrate import upgrade
from complaint_console.db.models import Notification
from complaint_console.db.types import utcnow
from complaint_console.services.channels import message_id
from tests.conftest import POSTGRES_URL, _drop_postgres_schema, _postgres_engine
from tests.delivery_support import SmtpServer

ROOT = Path(__file__).resolve().parents[2]
ITEMS = 10


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """(engine for the test, DATABASE_URL for the worker) on a migrated, empty database."""
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("TEST_POSTGRES_URL is not set: PostgreSQL variant skipped")
        schema = f"cc_crash_{uuid.uuid4().hex[:10]}"
        engine = _postgres_engine(schema)
        url = f"{POSTGRES_URL}{'&' if '?' in POSTGRES_URL else '?'}options=-csearch_path%3D{schema}"
        upgrade(engine)
        yield engine, url
        engine.dispose()
        _drop_postgres_schema(schema)
        return
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    engine = make_engine(url)
    upgrade(engine)
    yield engine, url
    engine.dispose()


def _worker(db_url: str, smtp_url: str) -> subprocess.Popen:
    env = {
        **os.environ, "DATABASE_URL": db_url, "SMTP_URL": smtp_url, "SCHEDULER": "off", "SECRET_KEY": "crash-test",
        "JOBS_LEASE_SECONDS": "2", "OUTBOX_LOCK_SECONDS": "3",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "complaint_console", "worker", "--once"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def test_a_killed_worker_loses_nothing_and_sends_nothing_twice(database):
    engine, db_url = database
    now = utcnow() - timedelta(seconds=1)
    with Session(engine) as db:
        for i in range(ITEMS):
            db.add(Notification(
                channel="email", recipient=f"manager{i}@example.com", kind="reminder_at_risk",
                dedupe_key=f"reminder:{i}", subject=f"Reminder {i}", body="75 % used", payload={"language": "en"},
                created_at=now + timedelta(milliseconds=i), next_attempt_at=now + timedelta(milliseconds=i),
            ))  # fmt: skip
        db.commit()

    with SmtpServer() as smtp:
        smtp.recorder.rcpt_delay = 0.05
        smtp.recorder.hold_at = 4
        first = _worker(db_url, smtp.url)
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
            again = _worker(db_url, smtp.url)
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
