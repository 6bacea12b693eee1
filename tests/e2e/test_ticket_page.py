"""Staff work a ticket on its page: contact log, assignment, HQ approval, resolve."""

import re
from datetime import UTC, datetime

from playwright.sync_api import expect

from tests.e2e.conftest import insert_ticket, login, screenshot


def open_ticket(page, user, number, home):
    login(page, user)
    page.wait_for_url(re.compile(f"{home}/?$"))
    page.goto(f"/tickets/{number}")
    expect(page.locator("#ticket-number")).to_have_text(number)


def test_first_contact_and_assignment(page, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 970_001)
    open_ticket(page, "manager1", number, "/board")
    expect(page.locator(".sla-badge[data-kind='response']")).to_have_attribute("data-state", "on_track")
    page.fill("#contact-form input[name='contact']", "Called the customer: parcel is at the hub, delivery tomorrow.")
    page.click("#contact-form-submit")
    expect(page.locator(".sla-badge[data-kind='response']")).to_have_attribute("data-state", "met")
    expect(page.get_by_text("Called the customer: parcel is at the hub")).to_be_visible()

    page.locator("#action-assignee").click()
    page.get_by_role("option", name="Agent One 客服一").click()
    page.click("#assign-form-submit")
    expect(page.get_by_text("Assigned", exact=True)).to_be_visible()
    expect(page.locator("#action-assignee")).to_have_text("Agent One 客服一")


def test_compensation_above_the_limit_needs_the_analyst(browser, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 970_002, stage="executing", first_response_at=datetime.now(UTC))
    pages = {}
    for user, home in (("manager1", "/board"), ("analyst", "/scores")):
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=app_server.url)
        pages[user] = context.new_page()
        open_ticket(pages[user], user, number, home)
    manager, analyst = pages["manager1"], pages["analyst"]

    manager.locator(".move-button", has_text="Resolved").click()
    dialog = manager.locator("#move-dialog")
    manager.fill("#resolution_summary", "The vase was broken in transit; compensation paid.")
    dialog.get_by_role("combobox").click()
    manager.get_by_role("option", name="Outlet").click()
    manager.fill("#compensation", "800")
    manager.click("#move-submit")
    expect(dialog.get_by_text("Compensation above the outlet's limit needs HQ approval of this amount first.")).to_be_visible()
    manager.get_by_role("button", name="Cancel").click()

    expect(analyst.locator("#approve-form")).to_be_visible()
    analyst.fill("#approve-form input[name='amount']", "800")
    analyst.click("#approve-form-submit")
    expect(analyst.get_by_text("Compensation approved")).to_be_visible()

    manager.reload()
    manager.locator(".move-button", has_text="Resolved").click()
    manager.fill("#resolution_summary", "The vase was broken in transit; compensation paid.")
    dialog.get_by_role("combobox").click()
    manager.get_by_role("option", name="Outlet").click()
    manager.fill("#compensation", "800")
    manager.click("#move-submit")
    expect(dialog).to_be_hidden()
    expect(manager.locator(".sla-badge[data-kind='resolution']")).to_have_attribute("data-state", re.compile("met|missed"))
    expect(manager.get_by_text("Resolved").first).to_be_visible()
    screenshot(manager, "ticket-resolved.png")
    for page in pages.values():
        page.context.close()


def _ticket_row(app_server, number):
    import sqlalchemy as sa

    engine = sa.create_engine(app_server.db_url)
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT id, category, version FROM ticket WHERE number = :n"), {"n": number}).one()
        events = conn.execute(sa.text("SELECT count(*) FROM ticket_event WHERE ticket_id = :i"), {"i": row.id}).scalar_one()
    engine.dispose()
    return row.id, row.category, row.version, events


def test_the_forms_always_belong_to_the_ticket_shown(page, app_server):
    """The stale-form reproduction: a damage ticket, then its "Repeat of" link to a delay ticket;
    "Change" there keeps delay (the form was drawn anew), and changing nothing writes nothing.
    A form still carrying the first ticket is refused, and nothing changes."""
    earlier = insert_ticket(app_server.db_url, "EAST-001", 970_101, category="delay")
    earlier_id, *_ = _ticket_row(app_server, earlier)
    later = insert_ticket(app_server.db_url, "EAST-001", 970_102, category="damage", repeat_of_id=earlier_id)
    open_ticket(page, "manager1", later, "/board")
    expect(page.locator("#action-category")).to_have_text("Damage")
    page.get_by_role("link", name=earlier).click()
    expect(page.locator("#ticket-number")).to_have_text(earlier)
    expect(page.locator("#action-category")).to_have_text("Delay")
    before = _ticket_row(app_server, earlier)
    page.click("#reclassify-form-submit")
    expect(page.locator("#reclassify-form").get_by_text("Nothing changed: this is what the ticket already has.")).to_be_visible()
    assert _ticket_row(app_server, earlier) == before  # no new version, no event

    page.evaluate(f"document.querySelector(\"#reclassify-form input[name='ticket']\").value = '{later}'")  # as a stale form
    page.locator("#action-severity").click()
    page.get_by_role("option", name="Serious").click()
    page.click("#reclassify-form-submit")
    expect(page.get_by_text("This form belonged to the ticket shown before: nothing was changed.")).to_be_visible()
    assert _ticket_row(app_server, earlier) == before
    assert _ticket_row(app_server, later)[1:3] == ("damage", 1)
