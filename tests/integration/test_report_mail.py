"""The roll-up e-mails the weekly report with its PDF to who acts on it (DESIGN "Who hears"): HQ's
users (the whole report), a region's director set by hq_admin (their region's section), each
outlet manager (their outlet's page), in their language, once; an outlet entering tier D alerts
its manager and region once. Sent over a real SMTP server (aiosmtpd)."""

from datetime import UTC, date, datetime, timedelta

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


def test_freezing_a_week_queues_one_mail_per_subscriber_once(db, settings):
    people(db)
    assert freeze_week(db, WEEK, NOW)
    queued = mails(db)
    assert set(queued) == {"boss@example.com", "analyst@example.com", "manager@example.com"}
    assert queued["manager@example.com"].payload["attachment"] == {"week": "2026-11-09", "outlet": "EAST-001"}
    assert queued["boss@example.com"].payload["attachment"] == {"week": "2026-11-09"}  # the whole report
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
    assert len(mails(db)) == 3


def test_the_deliver_job_sends_the_report_mail_over_smtp(db, settings):
    people(db)
    assert freeze_week(db, WEEK, NOW)
    with SmtpServer() as smtp:
        settings(SMTP_URL=smtp.url)
        assert outbox.deliver_due(db.get_bind(), NOW)["sent"] == 3
        messages = {m["To"]: m for m in smtp.recorder.messages}
    assert set(messages) == {"boss@example.com", "analyst@example.com", "manager@example.com"}
    text = messages["analyst@example.com"].get_body(preferencelist=("plain",)).get_content()
    assert messages["analyst@example.com"]["Subject"] == "Weekly review report, week of 2026-11-09"
    assert "https://cc.example.com/reports/2026-11-09" in text and "Tickets received: " in text
    assert messages["boss@example.com"]["Subject"] == "周度复盘报告（2026-11-09 当周）"


def attached_pdf(message) -> tuple[str, str]:
    """(file name, text) of the message's one PDF attachment."""
    from tests.pdf_text import pdf_text

    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    return part.get_filename(), pdf_text(part.get_content())


def test_a_region_director_gets_their_section_and_a_tier_d_manager_one_alert(db, settings):
    from complaint_console.db.models import ReportRecipient
    from complaint_console.domain.access import Actor
    from complaint_console.services import report_mail
    from tests.integration.test_scores import cohort_ticket

    f.region(db, "EAST")
    f.region(db, "SOUTH")
    weak, other = f.outlet(db, "EAST-009"), f.outlet(db, "SOUTH-001", region_code="SOUTH")
    for k in range(6):  # six tickets due in the week, none resolved: score 0, tier D
        cohort_ticket(db, f"CP-20261110-{k + 1:06d}", weak.id)
        cohort_ticket(db, f"CP-20261110-{k + 11:06d}", other.id, resolved_at=NOW - timedelta(days=6))
    admin = f.user(db, "admin", Role.HQ_ADMIN)
    director = f.user(db, "eastdir", Role.TRAINING_LEAD, email="East.Director@example.com")  # also signs in
    manager = f.user(db, "weakmgr", Role.OUTLET_MANAGER, outlet_id=weak.id, email="weak@example.com", language="zh")
    db.commit()
    actor = Actor(admin.id, "admin", "Admin", Role.HQ_ADMIN, None)
    refused = report_mail.add_recipient(db, actor, {"scope": "region", "region": "WEST", "email": "no-at-sign"})
    assert refused == {"region": "recipients.error.region", "email": "recipients.error.email"}
    assert (
        report_mail.add_recipient(
            db,
            actor,
            {
                "scope": "region",
                "region": "east",
                "email": "east.director@example.com",
                "name": "East Director",
                "language": "en",
            },
        )
        == {}
    )
    again = report_mail.add_recipient(db, actor, {"scope": "region", "region": "EAST", "email": "EAST.director@example.com"})
    assert again == {"email": "recipients.error.duplicate"}
    assert db.exec(select(ReportRecipient)).one().region == "EAST"

    assert freeze_week(db, WEEK, NOW)
    alerts = db.exec(select(Notification).where(Notification.kind == "score_alert")).all()
    assert sorted((n.channel, n.recipient) for n in alerts) == sorted(
        [
            ("email", "east.director@example.com"),
            ("email", "weak@example.com"),
            ("in_app", f"user:{manager.id}"),
            ("in_app", f"user:{director.id}"),
        ]
    )  # (the director signs in too: the bell as well)
    in_app = next(n for n in alerts if n.channel == "in_app")
    assert in_app.subject == "EAST-009：降入 D 级（2026-11-09 当周）"
    summary = db.exec(select(WeeklyReport.summary).where(WeeklyReport.week_start == WEEK)).one()
    assert queue_report_emails(db, WEEK, summary, NOW) == 0  # the roll-up again: nobody hears twice
    db.commit()

    with SmtpServer() as smtp:
        settings(SMTP_URL=smtp.url)
        assert outbox.deliver_due(db.get_bind(), NOW)["sent"] == 6  # 2 reports, 2 alert mails, 2 in the app
        received = smtp.recorder.messages
    reports_to = {m["To"]: m for m in received if "Weekly review report" in m["Subject"] or "周度复盘报告" in m["Subject"]}
    name, text = attached_pdf(reports_to["east.director@example.com"])
    assert name == "weekly-report-2026-11-09-EAST.pdf"
    assert "EAST-009" in text and "SOUTH-001" not in text  # their region's section only
    name, text = attached_pdf(reports_to["weak@example.com"])
    assert name == "weekly-report-2026-11-09-EAST-009.pdf" and "CP-20261110-000001" in text  # the outlet's missed tickets
    alert_mails = [m for m in received if m["To"] == "east.director@example.com" and "entered tier D" in m["Subject"]]
    assert len(alert_mails) == 1
