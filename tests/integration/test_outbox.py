"""Delivering the outbox to real receivers: an SMTP server (aiosmtpd) and a local HTTP
receiver for webhooks, asserting on what they received. Also back-off, dead items, retry,
two workers racing over the same items, and the bell's per-user scope."""

from __future__ import annotations

import json
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from complaint_console.db.models import Notification
from complaint_console.db.types import utcnow
from complaint_console.domain.vocabulary import Role
from complaint_console.jobs import runner
from complaint_console.jobs.schedule import JOBS
from complaint_console.services import channels, inbox, job_admin, outbox
from complaint_console.settings import get_settings
from tests import factories
from tests.delivery_support import SmtpServer, WebhookReceiver, free_port

SECRET = "hook-secret-123"


@pytest.fixture
def configure(monkeypatch):
    """Set delivery settings for one test (settings are cached per process)."""

    def apply(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    for name in ("SMTP_URL", "WEBHOOK_URL", "WEBHOOK_SECRET", "SMS_PROVIDER"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield apply
    get_settings.cache_clear()


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


def queue(db: Session, channel: str, recipient: str, key: str, now: datetime, **fields) -> Notification:
    row = Notification(
        channel=channel,
        recipient=recipient,
        kind=fields.pop("kind", "reminder_at_risk"),
        dedupe_key=key,
        subject=fields.pop("subject", "Ticket CP-20261120-000001 is at risk"),
        body=fields.pop("body", "75 % of the resolution time is used."),
        created_at=now,
        next_attempt_at=now,
        **fields,
    )
    db.add(row)
    db.commit()
    return row


def reload(db: Session, row: Notification) -> Notification:
    db.expire_all()
    return db.get(Notification, row.id)


def test_email_goes_to_the_smtp_server_in_the_recipients_language(db, smtp, configure):
    configure(SMTP_URL=smtp.url, SMTP_FROM="Complaints <cc@example.com>")
    now = utcnow()
    region = factories.region(db)
    shop = factories.outlet(db, "EAST-001", region.code)
    ticket = factories.ticket(db, "CP-20261120-000001", shop.id)
    manager = factories.user(db, "zhang", Role.OUTLET_MANAGER, shop.id)
    manager.email, manager.language = "zhang@example.com", "zh"
    db.add(manager)
    db.commit()
    zh_item = queue(
        db,
        "email",
        "zhang@example.com",
        "reminder:1:zh",
        now,
        ticket_id=ticket.id,
        subject="工单即将超时",
        body="请尽快处理 <script>alert(1)</script>\n第二行",
    )
    en_item = queue(db, "email", "li@example.com", "reminder:1:en", now, payload={"language": "en"})

    counts = outbox.deliver_due(db.get_bind(), now)

    assert counts == {"sent": 2, "held": 0, "failed": 0, "dead": 0}
    by_id = {m["Message-ID"]: m for m in smtp.recorder.messages}
    assert set(by_id) == {channels.message_id("reminder:1:zh"), channels.message_id("reminder:1:en")}
    zh = by_id[channels.message_id("reminder:1:zh")]
    assert zh["Subject"] == "工单即将超时"
    assert zh["To"] == "zhang@example.com" and zh["From"] == "Complaints <cc@example.com>"
    assert zh["Content-Language"] == "zh-CN" and zh["X-CC-Ticket"] == "CP-20261120-000001"
    text = zh.get_body(preferencelist=("plain",)).get_content()
    html = zh.get_body(preferencelist=("html",)).get_content()
    assert "请尽快处理 <script>" in text and "CP-20261120-000001" in text
    assert "请勿直接回复" in text and "请勿直接回复" in html  # the footer in Chinese
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "第二行" in html
    en = by_id[channels.message_id("reminder:1:en")]
    assert "Please do not reply" in en.get_body(preferencelist=("plain",)).get_content()
    assert en["Content-Language"] == "en"
    assert sorted(rcpts for _, (rcpts,) in [(f, tuple(r)) for f, r in smtp.recorder.envelopes]) == [
        "li@example.com",
        "zhang@example.com",
    ]
    for item in (zh_item, en_item):
        row = reload(db, item)
        assert (row.status, row.attempts, row.locked_until, row.last_error) == ("sent", 1, None, None)
        assert row.sent_at is not None


def test_webhook_is_posted_as_signed_json(db, configure):
    with WebhookReceiver() as hook:
        configure(WEBHOOK_URL=hook.url, WEBHOOK_SECRET=SECRET)
        now = utcnow()
        shop = factories.outlet(db, "EAST-001", factories.region(db).code)
        ticket = factories.ticket(db, "CP-20261120-000007", shop.id)
        item = queue(
            db,
            "webhook",
            "webhook",
            "hook:1",
            now,
            ticket_id=ticket.id,
            kind="reminder_breached",
            subject="超时 breached",
            body="Ticket is past due",
            payload={"language": "zh"},
        )

        assert outbox.deliver_due(db.get_bind(), now)["sent"] == 1

    assert len(hook.calls) == 1
    headers, raw = hook.calls[0]
    document = json.loads(raw)
    assert document["kind"] == "reminder_breached" and document["ticket_number"] == "CP-20261120-000007"
    assert document["subject"] == "超时 breached" and document["body"] == "Ticket is past due"
    assert document["msgtype"] == "text" and "Ticket is past due" in document["text"]["content"]
    assert document["language"] == "zh" and document["dedupe_key"] == "hook:1"
    assert headers["content-type"].startswith("application/json")
    assert headers["x-cc-timestamp"].isdigit()
    assert headers["x-cc-signature"].startswith("sha256=")
    assert channels.verify(raw, SECRET, headers["x-cc-signature"])
    assert not channels.verify(raw.replace(b"past due", b"all fine"), SECRET, headers["x-cc-signature"])
    assert not channels.verify(raw, "another-secret", headers["x-cc-signature"])
    assert reload(db, item).status == "sent"


def test_a_webhook_refusal_is_a_failure(db, configure):
    now = utcnow()
    with WebhookReceiver(status=500, answer=b"boom") as hook:
        configure(WEBHOOK_URL=hook.url, WEBHOOK_SECRET=SECRET)
        failing = queue(db, "webhook", "webhook", "hook:500", now)
        assert outbox.deliver_due(db.get_bind(), now)["failed"] == 1
    row = reload(db, failing)
    assert row.status == "failed" and "HTTP 500" in row.last_error
    with WebhookReceiver(status=200, answer=b'{"errcode":93000,"errmsg":"invalid webhook url"}') as bot:
        configure(WEBHOOK_URL=bot.url)
        refused = queue(db, "webhook", "webhook", "hook:errcode", now)
        outbox.deliver_due(db.get_bind(), now)
    assert "errcode 93000" in reload(db, refused).last_error


def test_unconfigured_channels_fail_visibly_and_sms_waits_for_a_provider(db, configure):
    now = utcnow()
    mail = queue(db, "email", "a@example.com", "mail:none", now)
    hook = queue(db, "webhook", "webhook", "hook:none", now)
    sms = queue(db, "sms", "13812345678", "sms:1", now, payload={"language": "zh"})
    bell = queue(db, "in_app", "user:1", "bell:1", now)

    counts = outbox.deliver_due(db.get_bind(), now)

    assert counts == {"sent": 1, "held": 1, "failed": 2, "dead": 0}
    assert reload(db, mail).last_error == "SMTP_URL is not set: e-mail cannot be sent"
    assert reload(db, hook).last_error.startswith("WEBHOOK_URL is not set")
    held = reload(db, sms)
    assert (held.status, held.attempts, held.sent_at) == ("pending", 0, None)
    assert held.last_error.startswith("no SMS provider: SMS_PROVIDER is not set")
    assert reload(db, bell).status == "sent"


def test_back_off_doubles_and_the_eighth_failure_is_dead_then_admin_retry_sends_it(db, configure):
    configure(SMTP_URL=f"smtp://127.0.0.1:{free_port()}")  # nothing listens there
    engine, t0 = db.get_bind(), datetime.now(UTC) + timedelta(minutes=1)
    item = queue(db, "email", "wang@example.com", "mail:retry", t0)
    now, waits = t0, []
    for attempt in range(1, 9):
        assert outbox.deliver_due(engine, now)["failed" if attempt < 8 else "dead"] == 1
        row = reload(db, item)
        assert row.attempts == attempt and "SMTP" in row.last_error
        if attempt == 8:
            assert row.status == "dead" and row.next_attempt_at is None
            break
        assert row.status == "failed"
        waits.append(row.next_attempt_at - now)
        assert outbox.deliver_due(engine, row.next_attempt_at - timedelta(seconds=1)) == dict.fromkeys(
            ("sent", "held", "failed", "dead"), 0
        )  # not due a second early
        now = row.next_attempt_at
    assert [int(w.total_seconds() // 60) for w in waits] == [1, 2, 4, 8, 16, 32, 60]
    assert outbox.deliver_due(engine, now + timedelta(days=1))["dead"] == 0  # dead stays dead
    assert outbox.status_counts(db)["dead"] == 1
    page = outbox.problem_items(db, 0)
    assert page.total == 1 and page.rows[0].id == item.id

    assert outbox.retry(db, item.id, now)
    db.commit()
    row = reload(db, item)
    assert (row.status, row.attempts) == ("pending", 0)
    assert not outbox.retry(db, item.id, now)  # only failed or dead items
    db.commit()
    with SmtpServer() as smtp:
        configure(SMTP_URL=smtp.url)
        assert outbox.deliver_due(engine, now)["sent"] == 1
        assert smtp.recorder.message_ids() == [channels.message_id("mail:retry")]
    assert reload(db, item).status == "sent"


def test_a_refusing_smtp_server_is_a_failure(db, smtp, configure):
    configure(SMTP_URL=smtp.url)
    smtp.recorder.refuse = True
    item = queue(db, "email", "nobody@example.com", "mail:refused", utcnow())
    outbox.deliver_due(db.get_bind(), utcnow())
    row = reload(db, item)
    assert row.status == "failed" and "550" in row.last_error and smtp.recorder.messages == []


def test_an_item_claimed_by_a_dead_worker_is_due_again_once_its_lock_runs_out(db, smtp, configure):
    configure(SMTP_URL=smtp.url)
    now = utcnow()
    stuck = queue(
        db, "email", "a@example.com", "mail:stuck", now, status="sending", attempts=1, locked_until=now + timedelta(seconds=30)
    )
    assert outbox.deliver_due(db.get_bind(), now)["sent"] == 0  # still locked by its worker
    assert outbox.deliver_due(db.get_bind(), now + timedelta(seconds=31))["sent"] == 1
    row = reload(db, stuck)
    assert (row.status, row.attempts) == ("sent", 2)
    assert smtp.recorder.message_ids() == [channels.message_id("mail:stuck")]


def test_a_claim_is_exclusive_and_a_late_record_does_not_overwrite_a_newer_claim(db):
    engine, now = db.get_bind(), utcnow()
    item = queue(db, "in_app", "user:1", "bell:claim", now)
    first = outbox.claim(engine, item.id, now)
    assert first is not None and first[1] == 1
    assert outbox.claim(engine, item.id, now) is None
    later = now + timedelta(seconds=get_settings().outbox_lock_seconds + 1)
    second = outbox.claim(engine, item.id, later)
    assert second is not None and second[1] == 2
    assert not outbox._record(engine, item.id, 1, {"status": "sent"})  # the first worker's claim is gone
    assert outbox._record(engine, item.id, 2, {"status": "sent"})


def test_two_workers_in_parallel_send_every_item_exactly_once(db, smtp, configure):
    configure(SMTP_URL=smtp.url)
    engine, now = db.get_bind(), utcnow()
    for i in range(30):
        queue(db, "email", f"user{i}@example.com", f"mail:race:{i}", now)
    results, start = [], threading.Barrier(2)

    def worker() -> None:
        start.wait()
        results.append(outbox.deliver_due(engine, now, batch=7))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sum(r["sent"] for r in results) == 30
    assert all(r["sent"] > 0 for r in results), results  # both really took part
    seen = Counter(smtp.recorder.message_ids())
    assert len(seen) == 30 and set(seen.values()) == {1}
    statuses = db.exec(select(Notification.status, Notification.attempts)).all()
    assert set(statuses) == {("sent", 1)}


def test_the_deliver_job_is_scheduled_and_records_its_counts(db, configure):
    now = utcnow()
    queue(db, "in_app", "user:1", "bell:job", now)
    queue(db, "sms", "13812345678", "sms:job", now)
    assert JOBS["deliver"].every == timedelta(seconds=30)
    run = runner.run(db.get_bind(), "deliver", "manual", "manual:admin", now)
    assert run.outcome == "ok" and run.counts == {"sent": 1, "held": 1, "failed": 0, "dead": 0}
    (view,) = [v for v in job_admin.overview(db.get_bind(), now) if v.name == "deliver"]
    assert view.last.id == run.id and view.next_run == max(run.started_at + timedelta(seconds=30), now)
    assert view.schedule == "every 30 s"


def test_the_bell_shows_a_user_only_their_own_delivered_items(db):
    engine, now = db.get_bind(), utcnow()
    shop = factories.outlet(db, "EAST-001", factories.region(db).code)
    ticket = factories.ticket(db, "CP-20261120-000003", shop.id)
    mine = factories.user(db, "mine", Role.AGENT, shop.id)
    other = factories.user(db, "other", Role.AGENT, shop.id)
    db.commit()
    for i in range(25):
        queue(db, "in_app", inbox.recipient(mine.id), f"bell:mine:{i}", now, ticket_id=ticket.id, subject=f"s{i}")
    queue(db, "in_app", inbox.recipient(other.id), "bell:other", now)
    queue(db, "in_app", inbox.recipient(mine.id), "bell:later", now + timedelta(hours=1))  # not delivered yet
    assert inbox.unread_count(db, mine.id) == 0  # pending items are not in the bell
    outbox.deliver_due(engine, now)

    assert inbox.unread_count(db, mine.id) == 25 and inbox.unread_count(db, other.id) == 1
    latest = inbox.latest(db, mine.id)
    assert len(latest) == 20 and latest[0].subject == "s24" and latest[0].ticket_number == "CP-20261120-000003"
    assert inbox.mark_all_read(db, mine.id, now) == 25
    db.commit()
    assert inbox.unread_count(db, mine.id) == 0 and inbox.unread_count(db, other.id) == 1
    assert all(item.read for item in inbox.latest(db, mine.id))
