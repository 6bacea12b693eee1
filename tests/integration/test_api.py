"""POST /api/v1/complaints over HTTP against real databases: auth, messages, idempotency."""

import threading

import pytest
from sqlmodel import Session, func, select

from complaint_console.db.models import IdempotencyRecord, Ticket
from complaint_console.domain.vocabulary import Role
from complaint_console.i18n.en import MESSAGES
from complaint_console.services import api_intake, api_keys, knowledge
from complaint_console.services import auth as auth_service
from tests import factories as f
from tests.api_support import APP_KEY, WECHAT_KEY, auth, client_on, complaint, seed

URL = "/api/v1/complaints"


@pytest.fixture
def client(db, migrated_engine):
    seed(db)
    with client_on(migrated_engine) as client:
        yield client


def tickets(db) -> list[Ticket]:
    db.expire_all()
    return db.exec(select(Ticket).order_by(Ticket.id)).all()


def test_a_complaint_is_recorded_with_the_channel_of_the_key(client, db):
    answer = client.post(URL, json=complaint(), headers=auth())
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["number"].startswith("CP-") and body["tracking_url"] == f"/track?number={body['number']}"
    assert body["stage"] == "new" and body["severity"] == "general" and body["outlet_code"] == "EAST-001"
    assert body["response_due_at"] < body["resolution_due_at"]
    assert "Idempotent-Replayed" not in answer.headers
    wechat = client.post(URL, json=complaint(waybill_no="YT0000000001"), headers=auth(WECHAT_KEY)).json()
    assert wechat["outlet_code"] is None  # no routing rule: HQ triage
    assert [(t.number, t.channel) for t in tickets(db)] == [(body["number"], "app"), (wechat["number"], "wechat")]


def test_the_body_cannot_choose_the_channel(client, db):
    answer = client.post(URL, json=complaint(channel="regulator"), headers=auth())
    assert answer.status_code == 422
    assert "channel comes from the API key" in answer.json()["errors"]["channel"]
    assert tickets(db) == []


@pytest.mark.parametrize("headers", [{}, auth("wrong-key"), {"Authorization": APP_KEY}, {"X-Api-Key": APP_KEY}])
def test_no_or_a_wrong_key_is_refused(client, db, headers):
    answer = client.post(URL, json=complaint(), headers=headers)
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"] == "Bearer"
    assert answer.json() == {"errors": {"Authorization": "Send a valid API key: Authorization: Bearer <key>."}}
    assert tickets(db) == []


def test_a_revoked_key_is_refused(client, db):
    assert client.post(URL, json=complaint(), headers=auth()).status_code == 201
    api_keys.revoke(db, APP_KEY[:8])
    db.commit()
    answer = client.post(URL, json=complaint(waybill_no="EAST0010000999"), headers=auth())
    assert answer.status_code == 401 and len(tickets(db)) == 1


def test_auth_is_checked_before_the_body(client):
    assert client.post(URL, json={"nonsense": 1}).status_code == 401


def test_validation_messages_are_the_forms_messages_in_english_and_chinese(client, db):
    bad = complaint(customer_phone="12345", description="late", category="weather")
    del bad["customer_name"]
    english = client.post(URL, json=bad, headers=auth())
    assert english.status_code == 422
    assert english.json() == {
        "errors": {
            "customer_name": "Enter the customer's name.",
            "customer_phone": MESSAGES["intake.phone_invalid"],
            "category": "Choose the category.",
            "description": "Describe what happened (at least 10 characters).",
        }
    }
    chinese = client.post(URL, json=complaint(customer_phone="12345"), headers=auth(**{"Accept-Language": "zh-CN,zh;q=0.9"}))
    assert chinese.status_code == 422 and set(chinese.json()["errors"]) == {"customer_phone"}
    assert "手机" in chinese.json()["errors"]["customer_phone"]
    wrong_type = client.post(URL, json=complaint(waybill_no=12345678), headers=auth())
    assert wrong_type.json()["errors"] == {"waybill_no": "Enter the waybill number: 8 to 30 letters and digits."}
    not_json = client.post(URL, content=b"{not json", headers=auth(**{"Content-Type": "application/json"}))
    assert not_json.status_code == 422 and set(not_json.json()["errors"]) == {"body"}
    assert tickets(db) == []


def test_nul_characters_and_lone_surrogates_are_no_server_error(client, db):
    raw = (
        '{"waybill_no": "EAST0010000123", "customer_name": "\\ud800x", "customer_phone": "13812345678",'
        '"category": "delay", "description": "NUL \\u0000 inside a long text", "district": "\\u0000"}'
    )
    answer = client.post(URL, content=raw, headers=auth(**{"Content-Type": "application/json", "Idempotency-Key": "odd"}))
    assert answer.status_code == 201, answer.text
    ticket = tickets(db)[0]
    assert ticket.customer_name == "?x" and "\x00" not in ticket.description


def test_domain_messages_for_every_field_at_once(client):
    answer = client.post(URL, json=complaint(customer_name=" ", customer_phone="1", description="short"), headers=auth())
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"customer_name", "customer_phone", "description"}


def test_a_retry_with_the_same_key_replays_the_answer_and_makes_no_second_ticket(client, db):
    headers = auth(**{"Idempotency-Key": "order-42-complaint-1"})
    first = client.post(URL, json=complaint(), headers=headers)
    # Same body with another key order and spacing: still the same request.
    again = client.post(
        URL,
        content='{"description": "The parcel is three days late.", "category": "delay",'
        '"customer_phone": "13812345678", "customer_name": "王小明", "waybill_no": "EAST0010000123"}',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert len(tickets(db)) == 1
    record = db.exec(select(IdempotencyRecord)).one()
    assert record.ticket_id == tickets(db)[0].id and record.status_code == 201


def test_the_same_key_with_another_body_is_a_conflict(client, db):
    headers = auth(**{"Idempotency-Key": "k-1"})
    assert client.post(URL, json=complaint(), headers=headers).status_code == 201
    other = client.post(URL, json=complaint(description="Another story, quite different."), headers=headers)
    assert other.status_code == 409 and "different body" in other.json()["errors"]["Idempotency-Key"]
    assert len(tickets(db)) == 1


def test_idempotency_keys_are_scoped_per_api_key(client, db):
    assert client.post(URL, json=complaint(), headers=auth(**{"Idempotency-Key": "same"})).status_code == 201
    other = client.post(URL, json=complaint(), headers=auth(WECHAT_KEY, **{"Idempotency-Key": "same"}))
    assert other.status_code == 201 and "Idempotent-Replayed" not in other.headers
    assert len(tickets(db)) == 2


def test_refused_requests_are_not_stored_and_a_corrected_retry_is_recorded(client, db):
    headers = auth(**{"Idempotency-Key": "fix-and-retry"})
    assert client.post(URL, json=complaint(customer_phone="1"), headers=headers).status_code == 422
    assert client.post(URL, json=complaint(), headers=headers).status_code == 201
    assert len(tickets(db)) == 1


def test_an_idempotency_key_over_200_characters_is_refused(client, db):
    answer = client.post(URL, json=complaint(), headers=auth(**{"Idempotency-Key": "x" * 201}))
    assert answer.status_code == 422 and set(answer.json()["errors"]) == {"Idempotency-Key"}
    assert client.post(URL, json=complaint(), headers=auth(**{"Idempotency-Key": "x" * 200})).status_code == 201


def test_two_concurrent_requests_with_the_same_key_make_one_ticket(db, migrated_engine, monkeypatch):
    """Both requests pass the look-up for an earlier answer before either commits; the
    unique constraint decides, and the loser replays the winner's answer."""
    seed(db)
    key = api_keys.authenticate(db, APP_KEY)
    both_looked = threading.Barrier(2, timeout=30)
    looked_up = api_intake._stored

    def stored_then_wait(session, api_key_id, idem):
        found = looked_up(session, api_key_id, idem)
        if threading.current_thread().name.startswith("racer") and not getattr(threading.current_thread(), "waited", False):
            threading.current_thread().waited = True
            both_looked.wait()
        return found

    monkeypatch.setattr(api_intake, "_stored", stored_then_wait)
    answers: list[api_intake.Answer] = []

    def post() -> None:
        with Session(migrated_engine, expire_on_commit=False) as session:
            answers.append(api_intake.submit(session, key, complaint(), "race-1"))

    racers = [threading.Thread(target=post, name=f"racer-{i}") for i in range(2)]
    for thread in racers:
        thread.start()
    for thread in racers:
        thread.join(timeout=60)
    assert sorted(a.status for a in answers) == [201, 201]
    assert sorted(a.replayed for a in answers) == [False, True]
    assert answers[0].body == answers[1].body
    assert db.exec(select(func.count()).select_from(Ticket)).one() == 1
    assert db.exec(select(func.count()).select_from(IdempotencyRecord)).one() == 1


def test_an_inquiry_gets_the_knowledge_base_answer_in_the_response(client, db):
    admin = auth_service.actor_of(f.user(db, "admin", Role.HQ_ADMIN))
    assert (
        knowledge.save_article(
            db, admin, None, "Where is my parcel", "where is my parcel", "请在App查件。", "Track it in the app."
        )
        == {}
    )
    body = dict(complaint(category="inquiry", description="Where is my parcel? It has not come."), customer_language="en")
    answer = client.post(URL, json=body, headers=auth()).json()
    assert answer["answer"] == "Track it in the app."
    assert client.post(URL, json=complaint(waybill_no="EAST0010000999"), headers=auth()).json()["answer"] is None


def test_an_over_long_district_and_an_unknown_language_are_refused(client, db):
    """Found by schemathesis: the document promised both limits; the domain now keeps them."""
    answer = client.post(URL, json={**complaint(), "district": "区" * 101, "customer_language": "fr"}, headers=auth())
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"district", "customer_language"}
    assert tickets(db) == []
