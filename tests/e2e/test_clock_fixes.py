"""#17 points 5 and 6 in a browser: a reopen gives an old ticket a fresh resolution target (no
instant reminders), and an inquiry answered at once from the knowledge base has met its first
response, and answering it with that same text sends the customer nothing twice."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from complaint_console.i18n.en import MESSAGES
from tests.e2e.conftest import insert_ticket, login, screenshot
from tests.e2e.test_survey import query, run_worker, survey_path


def test_a_reopened_old_ticket_gets_a_fresh_target_and_no_instant_reminders(browser, app_server):
    now = datetime.now(UTC).replace(microsecond=0)
    number = insert_ticket(
        app_server.db_url,
        "EAST-001",
        950_001,
        stage="resolved",
        customer_language="en",
        created_at=now - timedelta(days=10),
        first_response_at=now - timedelta(days=10) + timedelta(minutes=20),
        resolved_at=now - timedelta(days=2),
        resolution_summary="Parcel re-delivered.",
        responsibility="outlet",
        compensation_amount=0,
    )
    run_worker(app_server.db_url)  # sends the survey link (resolved more than 24 h ago)
    customer = browser.new_context(viewport={"width": 1000, "height": 1000}, base_url=app_server.url).new_page()
    customer.goto(survey_path(app_server.db_url, number))
    customer.click("#survey-star-1")
    customer.fill("#survey-comment", "Still broken.")
    customer.click("#survey-submit")
    expect(customer.locator("#survey-thanks")).to_contain_text("We have reopened your complaint")
    customer.context.close()

    run_worker(app_server.db_url)  # the reminder job looks at every open ticket
    reminders = query(
        app_server.db_url,
        "SELECT n.kind FROM notification n JOIN ticket t ON t.id = n.ticket_id WHERE t.number = :n AND n.kind LIKE 'reminder%'",
        n=number,
    )
    assert reminders == []  # the old due time (9 days ago) no longer counts: no 75, 100 or 150 % at once
    stage, level, due = query(
        app_server.db_url, "SELECT stage, escalation_level, resolution_due_at FROM ticket WHERE number = :n", n=number
    )[0]
    assert stage == "investigating" and level == "outlet"
    due = due if isinstance(due, datetime) else datetime.fromisoformat(str(due))
    due = due if due.tzinfo else due.replace(tzinfo=UTC)
    assert due > now + timedelta(hours=1)  # a fresh target from the reopen

    manager = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=app_server.url).new_page()
    login(manager, "manager1")
    manager.wait_for_url(re.compile(r"/board/?$"))
    manager.goto(f"/tickets/{number}")
    resolution = manager.locator("#clock-table tbody tr").nth(1)
    expect(resolution).to_contain_text("On track")
    expect(manager.locator("#clock-table")).not_to_contain_text(MESSAGES["sla.state.breached"])
    screenshot(manager, "ticket-reopened-fresh-target.png")
    manager.context.close()


def test_an_instant_answer_is_the_first_response_and_is_not_sent_twice(browser, app_server):
    customer = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=app_server.url).new_page()
    customer.goto("/complain")
    customer.fill("#waybill_no", "EAST0015556660001")
    customer.fill("#customer_name", "吴先生")
    customer.fill("#customer_phone", "13511113333")
    customer.click("#complain-category")
    customer.get_by_role("option", name="Inquiry").click()
    customer.fill("#what", "Where is my parcel? The tracking has not moved for days.")
    customer.click("#complain-submit")
    expect(customer.locator("#instant-answer")).to_contain_text("Enter the waybill number in our app")
    number = customer.locator("#filed-number").inner_text()
    customer.context.close()

    manager = browser.new_context(viewport={"width": 1600, "height": 1000}, base_url=app_server.url).new_page()
    login(manager, "manager1")
    manager.wait_for_url(re.compile(r"/board/?$"))
    manager.goto(f"/tickets/{number}")
    expect(manager.locator("#clock-table tbody tr").first).to_contain_text("Met")  # the instant answer was the response
    expect(manager.get_by_text("Answered from the knowledge base")).to_be_visible()  # on the timeline, automatic
    expect(manager.get_by_text(MESSAGES["sla.response_overdue"])).to_have_count(0)
    screenshot(manager, "ticket-instant-answer-met.png")

    panel = manager.locator("#answer-panel")
    expect(manager.locator("#answer-text")).to_have_value(re.compile("Enter the waybill number in our app"))
    panel.locator("#action-responsibility").click()
    manager.get_by_role("option", name="Transit hub").click()
    manager.click("#answer-submit")  # the same text the customer already has
    expect(manager.get_by_text("Answer sent; the ticket is resolved.")).to_be_visible()
    answers = query(
        app_server.db_url,
        "SELECT count(*) FROM notification n JOIN ticket t ON t.id = n.ticket_id "
        "WHERE t.number = :n AND n.kind = 'customer_answer' AND n.channel = 'sms'",
        n=number,
    )[0][0]
    assert answers == 1  # the instant answer only: resolving with it sends nothing twice
    manager.context.close()
