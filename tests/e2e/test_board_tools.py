"""The board as a busy outlet floor uses it (issue 17, points 9 and 10): a part of a number finds
the ticket, a filtered board has an address that opens the same board elsewhere, Clear filters
empties the search box too, a card is assigned from the card, several cards at once from the bulk
bar (each ticket decided on its own: a card changed meanwhile is refused and said so), and after HQ
approved an amount the resolve form starts with what was asked and states the outlet's limit."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from playwright.sync_api import expect

from complaint_console.db.engine import make_engine
from complaint_console.services import outbox
from complaint_console.settings import get_settings
from tests.delivery_support import SmtpServer
from tests.e2e.conftest import insert_ticket, login, screenshot
from tests.e2e.test_board import card, dropping_updates, open_board
from tests.e2e.test_board_moves import user_id

WIDE = {"width": 1600, "height": 1000}


def search(page, text):
    page.fill("#board-search", text)
    page.get_by_role("button", name="Search").click()


def row_in_db(app_server, sql, **params):
    """One row of the app's database."""
    engine = sa.create_engine(app_server.db_url)
    with engine.connect() as conn:
        found = conn.execute(sa.text(sql), params).one()
    engine.dispose()
    return found


def assignee_in_db(app_server, number):
    return row_in_db(app_server, "SELECT assignee_id FROM ticket WHERE number = :n", n=number)[0]


def test_a_part_of_the_number_finds_the_ticket(page, app_server):
    first = insert_ticket(app_server.db_url, "EAST-001", 984_101)
    second = insert_ticket(app_server.db_url, "EAST-001", 984_102)
    open_board(page)
    search(page, first[-6:])  # "984101"
    expect(card(page, first)).to_be_visible()
    expect(page.locator(".kanban-card")).to_have_count(1)
    search(page, first[7:16])  # "MMDD-9841": the day and the start of the sequence
    expect(card(page, second)).to_be_visible()
    expect(card(page, first)).to_be_visible()
    expect(page.locator(".kanban-card")).to_have_count(2)
    search(page, "98410%")  # a wildcard is a character like any other: nothing has it
    expect(page.locator(".kanban-card")).to_have_count(0)
    search(page, first[-6:].replace("9", "_", 1))
    expect(page.locator(".kanban-card")).to_have_count(0)
    search(page, "CC770000984102")  # the waybill still works
    expect(card(page, second)).to_be_visible()
    expect(page.locator(".kanban-card")).to_have_count(1)


def test_a_filtered_board_has_an_address_that_opens_the_same_board(browser, page, app_server):
    urgent = insert_ticket(app_server.db_url, "EAST-001", 984_201, severity="urgent")
    general = insert_ticket(app_server.db_url, "EAST-001", 984_202)
    open_board(page)
    page.locator("#filter-severity").click()
    page.get_by_role("option", name="Urgent").click()
    search(page, "98420")
    expect(card(page, urgent)).to_be_visible()
    expect(page.locator(".kanban-card")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/board\?severity=urgent&q=98420$"))
    address = page.url

    fresh = browser.new_context(viewport=WIDE, base_url=app_server.url, locale="en-US").new_page()
    login(fresh, "manager1")
    fresh.wait_for_url(re.compile(r"/board/?$"))
    fresh.goto(address)
    expect(card(fresh, urgent)).to_be_visible()
    expect(fresh.locator(".kanban-card")).to_have_count(1)
    expect(card(fresh, general)).to_have_count(0)
    expect(fresh.locator("#board-search")).to_have_value("98420")
    expect(fresh.locator("#filter-severity")).to_have_text("Urgent")

    fresh.get_by_role("button", name="Clear filters").click()  # the search box empties too, and so does the address
    expect(fresh.locator("#board-search")).to_have_value("")
    expect(fresh.locator("#filter-severity")).to_have_text("All")
    expect(card(fresh, general)).to_be_visible()
    expect(fresh).to_have_url(re.compile(r"/board$"))
    fresh.context.close()


def test_assign_from_the_card(page, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 984_301)
    page.set_viewport_size(WIDE)
    open_board(page)
    search(page, number)
    control = card(page, number).locator(".assign-control")
    control.get_by_role("button", name=f"Assign ({number})").click()
    people = control.get_by_role("group", name=f"Assign {number} to")
    expect(people.get_by_role("button", name="Agent One 客服一")).to_be_visible()
    screenshot(page, "board-card-assign.png")
    people.get_by_role("button", name="Agent One 客服一").click()
    expect(page.get_by_text(f"{number} assigned.")).to_be_visible()
    expect(card(page, number)).to_contain_text("Agent One 客服一")
    assert assignee_in_db(app_server, number) == user_id(app_server, "agent1")


def test_bulk_assign_reports_the_card_changed_meanwhile(browser, app_server):
    """The board is live, so the changed card's news is held back on its way to the browser (as in
    test_board's conflict test): the board still has the old version when the bulk assign goes out."""
    kept = insert_ticket(app_server.db_url, "EAST-001", 984_401)
    changed = insert_ticket(app_server.db_url, "EAST-001", 984_402)
    held = {"on": False}
    page = browser.new_context(viewport=WIDE, base_url=app_server.url, locale="en-US").new_page()
    page.route_web_socket(re.compile(r"/_event"), dropping_updates(held))
    open_board(page)
    search(page, kept[7:11] + "-98440")
    expect(page.locator(".kanban-card")).to_have_count(2)
    for number in (kept, changed):
        card(page, number).get_by_role("checkbox", name=f"Select {number}").check()
    bar = page.locator(".bulk-bar")
    expect(bar.locator(".bulk-count")).to_have_text("2 selected")

    held["on"] = True
    engine = sa.create_engine(app_server.db_url)
    with engine.begin() as conn:  # someone else changes one of the two meanwhile
        conn.execute(
            sa.text("UPDATE ticket SET version = version + 1, severity = 'serious', updated_at = :t WHERE number = :n"),
            {"n": changed, "t": datetime.now(UTC).replace(tzinfo=None)},
        )
    engine.dispose()
    page.wait_for_timeout(2_500)  # the live update is sent, and held back
    held["on"] = False

    bar.locator("#bulk-assignee").select_option(label="Agent One 客服一")
    screenshot(page, "board-bulk-bar.png")
    bar.locator("#bulk-assign").click()
    report = page.locator("#bulk-report")
    expect(report).to_contain_text("1 done, 1 refused.")
    expect(report.locator(".bulk-refused")).to_have_count(1)
    expect(report.locator(".bulk-refused")).to_contain_text(
        f"{changed}: Someone changed this ticket meanwhile: your change was not saved."
    )
    agent = user_id(app_server, "agent1")
    assert assignee_in_db(app_server, kept) == agent
    assert assignee_in_db(app_server, changed) is None
    expect(card(page, kept)).to_contain_text("Agent One 客服一")
    expect(page.locator(".bulk-bar")).to_have_count(0)  # the selection is done with
    page.context.close()


def test_bulk_move_moves_each_card_it_may_and_says_why_not_for_the_others(browser, app_server):
    first = insert_ticket(app_server.db_url, "EAST-001", 984_601)
    second = insert_ticket(app_server.db_url, "EAST-001", 984_602)
    page = browser.new_context(viewport=WIDE, base_url=app_server.url, locale="en-US").new_page()
    open_board(page)
    search(page, first[7:11] + "-98460")
    expect(page.locator(".kanban-card")).to_have_count(2)

    def select_both():
        for number in (first, second):
            card(page, number).get_by_role("checkbox", name=f"Select {number}").check()
        expect(page.locator(".bulk-bar .bulk-count")).to_have_text("2 selected")

    select_both()
    page.locator("#bulk-stage").select_option(label="Investigating")
    page.locator("#bulk-move").click()
    expect(page.locator("#bulk-report")).to_contain_text("2 done, 0 refused.")
    for number in (first, second):
        expect(card(page, number)).to_have_attribute("data-stage", "investigating")
        assert row_in_db(app_server, "SELECT stage FROM ticket WHERE number = :n", n=number)[0] == "investigating"
    expect(page.locator(".bulk-bar")).to_have_count(0)

    select_both()  # closing skips the stages in between: refused for each, each said why, nothing changes
    page.locator("#bulk-stage").select_option(label="Closed")
    page.locator("#bulk-move").click()
    report = page.locator("#bulk-report").last
    expect(report).to_contain_text("0 done, 2 refused.")
    expect(report.locator(".bulk-refused")).to_have_count(2)
    for number in (first, second):
        expect(report).to_contain_text(f"{number}: ")
        assert row_in_db(app_server, "SELECT stage FROM ticket WHERE number = :n", n=number)[0] == "investigating"
        expect(card(page, number)).to_have_attribute("data-stage", "investigating")
    screenshot(page, "board-bulk-move-refused.png")
    page.context.close()


def _deliver_mail(app_server, monkeypatch):
    """What the deliver job does, with a real SMTP server behind SMTP_URL: the mails it accepted."""
    with SmtpServer() as smtp:
        monkeypatch.setenv("SMTP_URL", smtp.url)
        get_settings.cache_clear()
        engine = make_engine(app_server.db_url)
        try:
            outbox.deliver_due(engine)
        finally:
            engine.dispose()
            monkeypatch.delenv("SMTP_URL")
            get_settings.cache_clear()
        return list(zip(smtp.recorder.envelopes, smtp.recorder.messages, strict=True))


def _limit(app_server) -> str:
    value = row_in_db(app_server, "SELECT authority_limit FROM outlet WHERE code = 'EAST-001'")[0]
    return format(Decimal(str(value)).normalize(), "f")


def test_after_approval_the_resolve_form_keeps_what_was_asked_and_states_the_limit(browser, app_server, monkeypatch):
    number = insert_ticket(app_server.db_url, "EAST-001", 984_501, stage="executing", first_response_at=datetime.now(UTC))
    summary, limit = "The vase was broken in transit: paid in full.", _limit(app_server)
    pages = {}
    for user, home in (("manager1", "/board"), ("analyst", "/scores")):
        pages[user] = browser.new_context(viewport=WIDE, base_url=app_server.url, locale="en-US").new_page()
        login(pages[user], user)
        pages[user].wait_for_url(re.compile(f"{home}/?$"))
        pages[user].goto(f"/tickets/{number}")
        expect(pages[user].locator("#ticket-number")).to_have_text(number)
    manager, analyst = pages["manager1"], pages["analyst"]

    manager.locator(".move-button", has_text="Resolved").click()
    dialog = manager.locator("#move-dialog")
    expect(dialog.locator("#compensation-limit")).to_have_text(f"Compensation above ¥{limit} needs HQ approval.")
    manager.fill("#resolution_summary", summary)
    dialog.get_by_role("combobox").click()
    manager.get_by_role("option", name="Outlet").click()
    manager.fill("#compensation", "800")
    manager.click("#move-submit")
    manager.click("#ask-approval")
    expect(manager.get_by_text("Sent to HQ for approval.")).to_be_visible()

    analyst.reload()
    analyst.fill("#approve-form input[name='amount']", "800")
    analyst.click("#approve-form-submit")
    expect(analyst.get_by_text("Compensation approved")).to_be_visible()

    mails = _deliver_mail(app_server, monkeypatch)  # asked: HQ hears; approved: the manager who asked hears
    to_manager = [m for (_, to), m in mails if "manager1@example.com" in to and number in m["Subject"]]
    to_analyst = [m for (_, to), m in mails if "analyst@example.com" in to and number in m["Subject"]]
    assert len(to_manager) == 1 and re.fullmatch(rf"Approved: {number}, compensation ¥800(\.00)?", to_manager[0]["Subject"])
    assert len(to_analyst) == 1 and re.fullmatch(rf"Approval asked: {number}, compensation ¥800(\.00)?", to_analyst[0]["Subject"])
    for page, text in ((manager, f"Approved: {number}"), (analyst, f"Approval asked: {number}")):
        page.reload()
        expect(page.locator("#bell-count")).to_be_visible()
        page.click("#bell")
        expect(page.locator("#bell-list")).to_contain_text(text)
        page.keyboard.press("Escape")

    manager.locator(".move-button", has_text="Resolved").click()
    expect(manager.locator("#compensation")).to_have_value("800.00")
    expect(manager.locator("#resolution_summary")).to_have_value(summary)
    expect(dialog.locator("#compensation-limit")).to_have_text(f"Compensation above ¥{limit} needs HQ approval.")
    screenshot(manager, "resolve-after-approval.png")
    dialog.get_by_role("combobox").click()
    manager.get_by_role("option", name="Outlet").click()
    manager.click("#move-submit")
    expect(dialog).to_be_hidden()
    stage, amount = row_in_db(app_server, "SELECT stage, compensation_amount FROM ticket WHERE number = :n", n=number)
    assert stage == "resolved" and Decimal(str(amount)) == Decimal("800")
    for page in pages.values():
        page.context.close()
