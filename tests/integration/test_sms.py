"""Customer SMS against local Alibaba Cloud and Tencent Cloud SMS servers (tests/sms_support.py),
which verify every request's signature by the documented algorithm and answer as the
providers do; customers' e-mail copies against a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from complaint_console.db.models import Notification, Ticket
from complaint_console.db.types import utcnow
from complaint_console.domain.stages import MoveFields
from complaint_console.domain.vocabulary import Role, Stage
from complaint_console.services import auth, customer_notices, outbox, sms, surveys, workflow
from complaint_console.settings import get_settings
from tests import factories as f
from tests.delivery_support import SmtpServer, free_port
from tests.sms_support import KEY_SECRET, SERVERS, SIGN_NAME, TEMPLATES, AliyunServer, TencentServer

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
PHONE = "13812345678"
RESOLVE = MoveFields(resolution_summary="re-delivered", responsibility="outlet", compensation="0")
SEEN_AS = {"aliyun": PHONE, "tencent": "+86" + PHONE}  # the number as each provider receives it
ENV = (
    "SMS_PROVIDER",
    "SMS_ACCESS_KEY_ID",
    "SMS_ACCESS_KEY_SECRET",
    "SMS_SIGN_NAME",
    "SMS_ENDPOINT",
    "SMS_REGION",
    "SMS_SDK_APP_ID",
    "SMTP_URL",
    *(f"SMS_TEMPLATE_{k.upper()}" for k in TEMPLATES),
)


@pytest.fixture
def configure(monkeypatch):
    def apply(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    for name in ENV:
        monkeypatch.setenv(name, "")  # empty wins over a developer's .env (load_dotenv does not override)
    get_settings.cache_clear()
    yield apply
    get_settings.cache_clear()


@pytest.fixture(params=["aliyun", "tencent"])
def provider(request):
    with SERVERS[request.param]() as server:
        yield server


def world(db) -> tuple:
    """An outlet, its manager, and two tickets of a customer who gave an e-mail address:
    a late parcel and an inquiry, both acknowledged and handed to the outlet as intake does."""
    f.region(db)
    outlet = f.outlet(db, "EAST-001")
    manager = auth.actor_of(f.user(db, "manager1", Role.OUTLET_MANAGER, outlet.id))
    tickets = [f.ticket(db, "CP-20261120-000001", outlet.id), f.ticket(db, "CP-20261120-000002", outlet.id)]
    tickets[1].category = "inquiry"
    for ticket in tickets:
        ticket.customer_email, ticket.customer_language = "wang@example.com", "en"
    db.flush()
    for ticket in tickets:
        customer_notices.queue(db, ticket, "accepted", NOW)
        customer_notices.queue(db, ticket, "handed_to_outlet", NOW)
    db.commit()
    return manager, tickets[0].number, tickets[1].number


def ticket_of(db, number: str) -> Ticket:
    return db.exec(select(Ticket).where(Ticket.number == number).execution_options(populate_existing=True)).one()


def rows(db, channel: str | None = None) -> list[Notification]:
    query = select(Notification).order_by(Notification.id).execution_options(populate_existing=True)
    if channel:
        query = query.where(Notification.channel == channel)
    return list(db.exec(query).all())


def one_sms(db, now=NOW, phone=PHONE) -> Notification:
    """A ticket whose only queued notice is its acknowledgement (the factory ticket has no outlet)."""
    f.region(db)
    ticket = f.ticket(db, "CP-20261123-000001", None, phone=phone)
    ticket.customer_language = "zh"
    db.flush()
    customer_notices.queue(db, ticket, "accepted", now)
    db.commit()
    (row,) = rows(db)
    return row


def test_every_notice_of_a_tickets_life_reaches_the_customer_once_by_sms_and_email(db, configure, provider):
    manager, delay, inquiry = world(db)
    with SmtpServer() as smtp:
        configure(**provider.env(), SMTP_URL=smtp.url)
        steps = [
            (Stage.INVESTIGATING, MoveFields()),
            (Stage.PROPOSING, MoveFields()),
            (Stage.AWAITING_CUSTOMER, MoveFields(note="re-delivery offered")),
            (Stage.EXECUTING, MoveFields()),
            (Stage.RESOLVED, RESOLVE),
        ]
        version = ticket_of(db, delay).version
        for i, (stage, fields) in enumerate(steps, start=1):
            outcome = workflow.move(db, manager, delay, stage, version, fields, now=NOW + timedelta(minutes=i))
            assert outcome.ok, outcome
            version = outcome.version
        answered = workflow.answer_inquiry(
            db,
            manager,
            inquiry,
            "It is at the outlet, out for delivery today.",
            "outlet",
            ticket_of(db, inquiry).version,
            NOW + timedelta(minutes=2),
        )
        assert answered.ok, answered
        assert surveys.send_due(db.get_bind(), NOW + timedelta(days=2)) == 2  # both resolved: both asked

        first = outbox.deliver_due(db.get_bind(), utcnow())
        again = outbox.deliver_due(db.get_bind(), utcnow() + timedelta(hours=2))

    sms_rows, mail_rows = rows(db, "sms"), rows(db, "email")
    kinds = sorted(r.kind.removeprefix("customer_") for r in sms_rows)
    assert kinds == sorted(
        ["accepted", "handed_to_outlet", "remedy_proposed", "resolved", "survey"]
        + ["accepted", "handed_to_outlet", "answer", "resolved", "survey"]  # an answer resolves the inquiry
    )
    assert set(TEMPLATES) == set(kinds)  # every customer notice kind went out
    assert {r.status for r in sms_rows + mail_rows} == {"sent"} and {r.attempts for r in sms_rows} == {1}
    assert first["sent"] == len(sms_rows) + len(mail_rows) and again == {"sent": 0, "held": 0, "failed": 0, "dead": 0}
    # the provider verified every request's signature and sent each notice once
    assert provider.requests == provider.verified == len(sms_rows) and provider.bad_signatures == 0
    assert sorted(provider.kinds()) == kinds
    assert {m["phone"] for m in provider.sent} == {SEEN_AS[provider.name]}
    assert {m["sign_name"] for m in provider.sent} == {SIGN_NAME}
    by_kind: dict[str, list[dict]] = {}
    for kind, message in zip(provider.kinds(), provider.sent, strict=True):
        by_kind.setdefault(kind, []).append(message["params"])
    assert {p["number"] for p in by_kind["accepted"]} == {delay, inquiry}
    assert {p["outlet"] for p in by_kind["handed_to_outlet"]} == {"Outlet EAST-001"}
    assert all(p["link"].startswith(get_settings().public_url) for p in by_kind["survey"])
    # e-mail copies: one per notice, in the customer's language, to the customer's address
    assert sorted(r.kind for r in mail_rows) == sorted(r.kind for r in sms_rows)
    assert len(smtp.recorder.messages) == len(mail_rows)
    assert {m["To"] for m in smtp.recorder.messages} == {"wang@example.com"}
    assert {m["Content-Language"] for m in smtp.recorder.messages} == {"en"}
    assert all(m["Subject"].startswith("Your complaint CP-") for m in smtp.recorder.messages)
    assert len(set(smtp.recorder.message_ids())) == len(mail_rows)


@pytest.mark.parametrize(
    ("server_class", "code"),
    [
        (AliyunServer, "isv.BUSINESS_LIMIT_CONTROL"),
        (AliyunServer, "Throttling.User"),
        (TencentServer, "LimitExceeded.PhoneNumberThirtySecondLimit"),
        (TencentServer, "RequestLimitExceeded"),
    ],
)
def test_a_provider_throttle_is_retried_with_back_off_then_delivered_once(db, configure, server_class, code):
    item = one_sms(db)
    with server_class(throttle=2, throttle_code=code) as server:
        configure(**server.env())
        engine, now, waits = db.get_bind(), utcnow(), []
        for attempt in (1, 2):
            assert outbox.deliver_due(engine, now)["failed"] == 1
            row = rows(db)[0]
            assert row.status == "failed" and row.attempts == attempt and code in row.last_error
            waits.append(row.next_attempt_at - now)
            assert outbox.deliver_due(engine, row.next_attempt_at - timedelta(seconds=1))["failed"] == 0  # waits
            now = row.next_attempt_at
        assert outbox.deliver_due(engine, now)["sent"] == 1
        assert outbox.deliver_due(engine, now + timedelta(hours=1))["sent"] == 0
    assert [round(w.total_seconds() / 60) for w in waits] == [1, 2]
    row = rows(db)[0]
    assert row.id == item.id and row.status == "sent" and row.attempts == 3
    assert server.requests == server.verified == 3 and server.throttled == 2 and len(server.sent) == 1


@pytest.mark.parametrize(
    ("name", "phone", "template", "code"),
    [
        ("aliyun", "12345", None, "isv.MOBILE_NUMBER_ILLEGAL"),
        ("aliyun", PHONE, "SMS_999", "isv.SMS_TEMPLATE_ILLEGAL"),
        ("tencent", "12345", None, "InvalidParameterValue.IncorrectPhoneNumber"),
        ("tencent", PHONE, "999", "FailedOperation.TemplateIncorrectOrUnapproved"),
    ],
)
def test_a_permanent_refusal_is_recorded_with_the_providers_code_and_not_retried(db, configure, name, phone, template, code):
    one_sms(db, phone=phone)
    with SERVERS[name]() as server:
        extra = {"SMS_TEMPLATE_ACCEPTED": template} if template else {}
        configure(**server.env(**extra))
        engine, now = db.get_bind(), utcnow()
        assert outbox.deliver_due(engine, now)["dead"] == 1
        for later in (timedelta(minutes=5), timedelta(hours=3), timedelta(days=1)):
            assert outbox.deliver_due(engine, now + later) == {"sent": 0, "held": 0, "failed": 0, "dead": 0}
    row = rows(db)[0]
    assert row.status == "dead" and row.attempts == 1 and code in row.last_error and row.next_attempt_at is None
    assert server.requests == 1 and server.sent == []
    assert outbox.problem_items(db, 0).rows[0].id == row.id  # shown on /admin/jobs, where hq_admin can retry


def test_a_wrong_secret_fails_the_providers_signature_check_and_delivers_once_fixed(db, configure, provider):
    one_sms(db)
    configure(**provider.env(SMS_ACCESS_KEY_SECRET=KEY_SECRET + "x"))
    engine, now = db.get_bind(), utcnow()
    assert outbox.deliver_due(engine, now)["failed"] == 1
    row = rows(db)[0]
    code = {"aliyun": "SignatureDoesNotMatch", "tencent": "AuthFailure.SignatureFailure"}[provider.name]
    assert code in row.last_error and provider.bad_signatures == 1 and provider.sent == []
    configure(**provider.env())
    assert outbox.deliver_due(engine, row.next_attempt_at)["sent"] == 1
    assert provider.verified == 1 and len(provider.sent) == 1


def test_provider_down_then_up_loses_nothing(db, configure, provider):
    engine = db.get_bind()
    f.region(db)
    for i in range(1, 6):
        customer_notices.queue(db, f.ticket(db, f"CP-20261123-00000{i}", None), "accepted", NOW)
    db.commit()
    configure(**provider.env(SMS_ENDPOINT=f"http://127.0.0.1:{free_port()}/"))  # nothing listens: connection refused
    now = utcnow()
    assert outbox.deliver_due(engine, now)["failed"] == 5
    configure(**provider.env())
    provider.down = True  # HTTP 503
    now = max(r.next_attempt_at for r in rows(db))
    assert outbox.deliver_due(engine, now)["failed"] == 5
    assert all("503" in r.last_error for r in rows(db))
    provider.down = False
    now = max(r.next_attempt_at for r in rows(db))
    assert outbox.deliver_due(engine, now)["sent"] == 5
    assert {(r.status, r.attempts) for r in rows(db)} == {("sent", 3)}
    assert len(provider.sent) == 5 and provider.verified == 5


def test_without_a_provider_sms_waits_pending_and_goes_out_once_one_is_configured(db, configure, provider):
    item = one_sms(db)
    assert sms.problem() == "SMS_PROVIDER is not set (aliyun or tencent)"
    engine, now = db.get_bind(), utcnow()
    assert outbox.deliver_due(engine, now) == {"sent": 0, "held": 1, "failed": 0, "dead": 0}
    row = rows(db)[0]
    assert (row.status, row.attempts) == ("pending", 0) and "SMS_PROVIDER is not set" in row.last_error
    assert row.next_attempt_at == pytest.approx(now + outbox.HOLD, abs=timedelta(seconds=5))
    assert outbox.problem_items(db, 0).total == 0
    # a provider without this notice's template: still waiting, the variable named
    configure(**provider.env(SMS_TEMPLATE_ACCEPTED=""))
    assert sms.problem() is None
    assert outbox.deliver_due(engine, row.next_attempt_at)["held"] == 1
    row = rows(db)[0]
    assert row.status == "pending" and row.last_error == "SMS_TEMPLATE_ACCEPTED is not set: no template for this notice"
    configure(**provider.env())
    assert outbox.deliver_due(engine, row.next_attempt_at)["sent"] == 1
    row = rows(db)[0]
    assert row.id == item.id and (row.status, row.attempts) == ("sent", 1) and len(provider.sent) == 1
    assert provider.requests == 1


def test_two_workers_send_each_sms_exactly_once(db, configure, provider):
    f.region(db)
    for i in range(1, 21):
        customer_notices.queue(db, f.ticket(db, f"CP-20261123-{i:06d}", None), "accepted", NOW)
    db.commit()
    configure(**provider.env())
    results: list[dict] = []

    def worker() -> None:
        results.append(outbox.deliver_due(db.get_bind(), utcnow(), batch=5))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(r["sent"] for r in results) == 20
    numbers = [m["params"]["number"] for m in provider.sent]
    assert len(numbers) == 20 and len(set(numbers)) == 20
    assert {(r.status, r.attempts) for r in rows(db)} == {("sent", 1)}


def test_a_landline_gets_no_text_message_but_its_email_copy(db):
    f.region(db)
    ticket = f.ticket(db, "CP-20261123-000002", None, phone="0571-87654321")
    ticket.customer_email = "zhou@example.com"
    db.flush()
    customer_notices.queue(db, ticket, "accepted", NOW)
    db.commit()
    assert [(r.channel, r.recipient) for r in rows(db)] == [("email", "zhou@example.com")]
