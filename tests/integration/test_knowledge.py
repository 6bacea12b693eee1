"""Inquiries get an instant answer at intake and are answered and resolved in one step."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from complaint_console.db.models import KnowledgeArticle, Notification, Ticket, TicketEvent
from complaint_console.domain.intake import ComplaintInput
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, intake, knowledge, workflow
from tests import factories as f

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


@pytest.fixture
def world(db):
    f.region(db)
    outlet = f.outlet(db, "EAST-001")
    users = {
        "admin": f.user(db, "admin", Role.HQ_ADMIN),
        "agent": f.user(db, "agent1", Role.AGENT, outlet.id),
    }
    db.commit()
    actors = {name: auth.actor_of(user) for name, user in users.items()}
    assert (
        knowledge.save_article(
            db,
            actors["admin"],
            None,
            "Where is my parcel",
            "查件, 没收到, where is my parcel",
            "请在App输入运单号查件。",
            "Enter the waybill number in the app.",
        )
        == {}
    )
    return actors


def inquiry(**changes) -> ComplaintInput:
    values = dict(
        waybill_no="YT1234567890",
        customer_name="李雷",
        customer_phone="13800001234",
        channel="hotline",
        category="inquiry",
        description="快递三天了还没收到，想查件",
    )
    return ComplaintInput(**{**values, **changes})


def test_only_hq_admin_edits_and_bad_articles_are_refused(db, world):
    assert knowledge.save_article(db, world["agent"], None, "t", "k", "a", "b") == {"*": "move.forbidden"}
    assert knowledge.save_article(db, world["admin"], None, "", "k", "a", "b") == {"title": "knowledge.title_required"}
    assert len(db.exec(select(KnowledgeArticle)).all()) == 1


def test_a_matching_inquiry_gets_the_answer_in_its_language_and_it_is_queued(db, world):
    result = intake.record(db, world["agent"], inquiry(customer_language="en"), now=NOW)
    assert result.answer == "Enter the waybill number in the app."
    ticket = db.exec(select(Ticket).where(Ticket.number == result.number)).one()
    body = db.exec(select(Notification.body).where(Notification.kind == "customer_answer")).one()
    assert body == f"About your inquiry {ticket.number}: Enter the waybill number in the app."
    assert "instant_answer" in db.exec(select(TicketEvent.kind).where(TicketEvent.ticket_id == ticket.id)).all()
    other = intake.record(db, world["agent"], inquiry(waybill_no="YT1234567891", category="delay"), now=NOW)
    assert other.answer == ""  # only inquiries are answered from the knowledge base


def test_answer_and_resolve_in_one_step(db, world):
    agent = world["agent"]
    number = intake.record(db, agent, inquiry(), now=NOW).number
    assert workflow.answer_inquiry(db, agent, number, " ", "outlet", 1).problems == {"answer": "knowledge.answer_required"}
    assert workflow.answer_inquiry(db, agent, number, "请在App查件。", "", 1).problems == {
        "responsibility": "move.responsibility_required"
    }
    done = workflow.answer_inquiry(db, agent, number, "已为您查询：包裹在派送中。", "outlet", 1)
    assert done.ok
    ticket = db.exec(select(Ticket).where(Ticket.number == number)).one()
    assert (ticket.stage, ticket.resolution_summary, ticket.compensation_amount) == ("resolved", "已为您查询：包裹在派送中。", 0)
    bodies = db.exec(select(Notification.body).where(Notification.kind == "customer_answer").order_by(Notification.id)).all()
    assert bodies[-1] == f"关于您的咨询 {number}：已为您查询：包裹在派送中。"


def test_one_step_answers_are_for_inquiries_only(db, world):
    number = intake.record(db, world["agent"], inquiry(category="delay"), now=NOW).number
    assert workflow.answer_inquiry(db, world["agent"], number, "x", "outlet", 1).problems == {"answer": "knowledge.not_inquiry"}


def test_the_instant_answer_is_the_first_response_and_is_not_sent_twice(db, world):
    agent = world["agent"]
    result = intake.record(db, agent, inquiry(), now=NOW)
    ticket = db.exec(select(Ticket).where(Ticket.number == result.number)).one()
    assert ticket.first_response_at == NOW  # met: no "response overdue", no escalation
    assert workflow.answer_inquiry(
        db, agent, result.number, result.answer, "outlet", 1
    ).ok  # the same text: resolved, not re-sent
    answers = db.exec(
        select(Notification.body).where(Notification.kind == "customer_answer", Notification.channel == "sms")
    ).all()
    assert answers == [f"关于您的咨询 {result.number}：{result.answer}"]


def test_an_inquiry_without_an_instant_answer_waits_for_staff(db, world):
    result = intake.record(db, world["agent"], inquiry(description="我想问一下你们周末上班吗"), now=NOW)
    ticket = db.exec(select(Ticket).where(Ticket.number == result.number)).one()
    assert result.answer == "" and ticket.first_response_at is None
