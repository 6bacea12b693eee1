"""The roll-up e-mails the weekly report to HQ subscribers: one per active hq_admin/hq_analyst
with an address, in their language, with the network totals and the report's link; once."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from complaint_console.db.models import Notification, WeeklyReport
from complaint_console.domain.vocabulary import Role
from complaint_console.services import outbox
from complaint_console.services.rollup import freeze_week, queue_report_emails
from complaint_console.settings import get_settings
from tests import factories as f
from tests.delivery_support import SmtpServer

WEEK = date(2026, 11, 9)
NOW = datetime(2026, 11, 16, 0, 0, tzinfo=UTC)


@pytest.fixture
def settings(monkeypatch):
    def apply(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    apply(PUBLIC_URL="https://cc.example.com")
    yield apply
    get_settings.cache_clear()


def people(db):
    f.region(db)
    shop = f.outlet(db, "EAST-001")
    f.ticket(db, "CP-20261110-000001", shop.id)
    f.user(db, "boss", Role.HQ_ADMIN, email="boss@example.com", language="zh")
    f.user(db, "analyst", Role.HQ_ANALYST, email="analyst@example.com")
    f.user(db, "quiet", Role.HQ_ANALYST)  # no address
    gone = f.user(db, "gone", Role.HQ_ADMIN, email="gone@example.com")
    gone.active = False
    f.user(db, "manager", Role.OUTLET_MANAGER, outlet_id=shop.id, email="manager@example.com")
    f.user(db, "trainer", Role.TRAINING_LEAD, email="trainer@example.com")
    db.commit()


def mails(db) -> dict[str, Notification]:
    db.expire_all()
    return {n.recipient: n for n in db.exec(select(Notification).where(Notification.kind == "weekly_report")).all()}


def test_freezing_a_week_queues_one_mail_per_hq_subscriber_once(db, settings):
    people(db)
    assert freeze_week(db, WEEK, NOW)
    queued = mails(db)
    assert set(queued) == {"boss@example.com", "analyst@example.com"}
    zh, en = queued["boss@example.com"], queued["analyst@example.com"]
    assert {zh.channel, en.channel} == {"email"} and zh.dedupe_key.startswith("weekly_report:2026-11-09:")
    assert zh.subject == "周度复盘报告（2026-11-09 当周）" and "全网得分" in zh.body
    assert en.subject == "Weekly review report, week of 2026-11-09"
    assert "https://cc.example.com/reports/2026-11-09" in en.body and "Outlets: 1, ranked: 0" in en.body
    assert zh.created_at == NOW

    assert not freeze_week(db, WEEK, NOW)  # frozen already: nothing new
    summary = db.exec(select(WeeklyReport.summary).where(WeeklyReport.week_start == WEEK)).one()
    assert queue_report_emails(db, WEEK, summary, NOW) == 0  # the same week again: deduplicated
    db.commit()
    assert len(mails(db)) == 2


def test_the_deliver_job_sends_the_report_mail_over_smtp(db, settings):
    people(db)
    assert freeze_week(db, WEEK, NOW)
    with SmtpServer() as smtp:
        settings(SMTP_URL=smtp.url)
        assert outbox.deliver_due(db.get_bind(), NOW)["sent"] == 2
        messages = {m["To"]: m for m in smtp.recorder.messages}
    assert set(messages) == {"boss@example.com", "analyst@example.com"}
    text = messages["analyst@example.com"].get_body(preferencelist=("plain",)).get_content()
    assert messages["analyst@example.com"]["Subject"] == "Weekly review report, week of 2026-11-09"
    assert "https://cc.example.com/reports/2026-11-09" in text and "Tickets received: " in text
    assert messages["boss@example.com"]["Subject"] == "周度复盘报告（2026-11-09 当周）"
