"""The kanban as outlet managers use it: drag, keyboard menu, forms, refusals, conflicts, filters."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.conftest import insert_ticket, login, screenshot


def card(page, number):
    return page.locator(f".kanban-card[data-number='{number}']")


def column(page, stage):
    return page.locator(f".kanban-column[data-stage='{stage}']")


def drag(page, number, stage):
    """A real pointer drag: press on the card's handle, move in steps, release on the column."""
    handle = card(page, number).locator(".drag-handle")
    for attempt in range(3):  # the board may re-render (a refresh after the last move) under us
        try:
            handle.scroll_into_view_if_needed()
            break
        except PlaywrightError:
            if attempt == 2:
                raise
            page.wait_for_timeout(300)
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 20, box["y"] + 20, steps=5)
    for _ in range(3):  # the board scrolls sideways under a drag near its edge, as a hand would follow it
        target = column(page, stage).bounding_box()
        drop_y = min(max(target["y"], 0) + 60, target["y"] + target["height"] - 10, page.viewport_size["height"] - 10)
        page.mouse.move(target["x"] + target["width"] / 2, drop_y, steps=15)
        page.wait_for_timeout(150)
    page.mouse.up()


def choose(page, number, stage):
    """Move a card with its "Move to…" menu: open it, click the stage."""
    card(page, number).locator(".move-menu-button").click()
    card(page, number).locator(f".move-menu [role='menuitem'][data-stage='{stage}']").click()


def stage_in_db(app_server, number):
    engine = sa.create_engine(app_server.db_url)
    with engine.connect() as conn:
        stage, version = conn.execute(sa.text("SELECT stage, version FROM ticket WHERE number = :n"), {"n": number}).one()
        events = conn.execute(
            sa.text("SELECT COUNT(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.number = :n"), {"n": number}
        ).scalar_one()
    engine.dispose()
    return stage, version, events


def open_board(page, user="manager1"):
    login(page, user)
    page.wait_for_url(re.compile(r"/board/?$"))
    expect(page.locator(".kanban-column").first).to_be_visible()


def test_drag_to_the_next_column_moves_the_ticket(page, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 980_001)
    open_board(page)
    expect(card(page, number)).to_have_attribute("data-stage", "new")
    drag(page, number, "investigating")
    expect(column(page, "investigating").locator(f".kanban-card[data-number='{number}']")).to_be_visible()
    assert stage_in_db(app_server, number)[0] == "investigating"
    page.set_viewport_size({"width": 1800, "height": 1000})
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "board.png")


def test_a_forbidden_drop_snaps_back_and_says_why(page, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 980_002, stage="investigating", first_response_at=datetime.now(UTC))
    open_board(page)
    drag(page, number, "executing")  # skipping two stages
    expect(page.get_by_text("This move is not allowed from the ticket's stage.")).to_be_visible()
    expect(column(page, "investigating").locator(f".kanban-card[data-number='{number}']")).to_be_visible()
    assert stage_in_db(app_server, number)[:2] == ("investigating", 1)


def test_keyboard_move_menu(page, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 980_003, stage="investigating", first_response_at=datetime.now(UTC))
    open_board(page)
    button = card(page, number).locator(".move-menu-button")
    button.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")  # the first stage it may go to: proposing
    page.keyboard.press("Enter")
    expect(column(page, "proposing").locator(f".kanban-card[data-number='{number}']")).to_be_visible()
    assert stage_in_db(app_server, number)[0] == "proposing"


def test_a_move_that_needs_fields_opens_their_form(page, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 980_004, stage="executing", first_response_at=datetime.now(UTC))
    open_board(page)
    choose(page, number, "resolved")
    dialog = page.locator("#move-dialog")
    expect(dialog).to_be_visible()
    page.fill("#compensation", "abc")
    page.click("#move-submit")
    expect(dialog.get_by_text("Describe the resolution.")).to_be_visible()
    expect(dialog.get_by_text("Choose who was responsible.")).to_be_visible()
    expect(dialog.get_by_text("Enter the compensation in yuan (0 for none), at most two decimals.")).to_be_visible()
    page.fill("#resolution_summary", "Parcel found at the hub and delivered; apology made.")
    dialog.get_by_role("combobox").click()
    page.get_by_role("option", name="Transit hub").click()
    page.fill("#compensation", "800")
    page.click("#move-submit")
    expect(dialog.get_by_text("Compensation above the outlet's limit needs HQ approval of this amount first.")).to_be_visible()
    page.fill("#compensation", "20")
    page.click("#move-submit")
    expect(dialog).to_be_hidden()
    expect(column(page, "resolved").locator(f".kanban-card[data-number='{number}']")).to_be_visible()
    assert stage_in_db(app_server, number)[0] == "resolved"


def dropping_updates(held):
    """A websocket route: what the server sends (its "42" event messages) is dropped while `held["on"]`."""

    def route(ws):
        server = ws.connect_to_server()
        ws.on_message(server.send)
        server.on_message(lambda message: None if held["on"] and str(message).startswith("42") else ws.send(message))

    return route


def test_two_people_move_the_same_card_the_second_sees_a_conflict(browser, app_server):
    """Boards are live, so a conflict needs two moves within the same second: the agent's
    websocket holds back what the server sends while the manager moves, so that the agent's
    board still shows the old version of the card when the agent moves it."""
    number = insert_ticket(app_server.db_url, "EAST-001", 980_005)
    held = {"on": False}
    hold_updates = dropping_updates(held)
    pages = []
    for user in ("manager1", "agent1"):
        context = browser.new_context(viewport={"width": 1600, "height": 1000}, base_url=app_server.url)
        page = context.new_page()
        if user == "agent1":
            page.route_web_socket(re.compile(r"/_event"), hold_updates)
        open_board(page, user)
        expect(card(page, number)).to_be_visible()
        pages.append(page)
    manager_page, agent_page = pages
    held["on"] = True
    choose(manager_page, number, "investigating")
    expect(column(manager_page, "investigating").locator(f".kanban-card[data-number='{number}']")).to_be_visible()
    agent_page.wait_for_timeout(2_500)  # the live update to the agent's board is sent, and held back
    held["on"] = False
    expect(card(agent_page, number)).to_have_attribute("data-stage", "new")
    choose(agent_page, number, "investigating")
    refused = re.compile(r"your change was not saved\. Changed by Manager One .* at \d\d:\d\d — reload")
    expect(agent_page.get_by_text(refused)).to_be_visible()
    expect(column(agent_page, "investigating").locator(f".kanban-card[data-number='{number}']")).to_be_visible()
    assert stage_in_db(app_server, number) == ("investigating", 2, 1)
    for page in pages:
        page.context.close()


def test_filters_and_search(page, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 980_006, customer_phone="13912348765")
    open_board(page)
    page.fill("#board-search", "8765")
    page.get_by_role("button", name="Search").click()
    expect(card(page, number)).to_be_visible()
    expect(page.locator(".kanban-card")).to_have_count(1)
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator(".kanban-card").nth(1)).to_be_visible()


@pytest.mark.parametrize("user", ["manager2"])
def test_another_outlet_sees_none_of_the_cards(page, app_server, user):
    number = insert_ticket(app_server.db_url, "EAST-001", 980_007)
    open_board(page, user)
    expect(card(page, number)).to_have_count(0)
    page.fill("#board-search", number)
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".kanban-card")).to_have_count(0)


def test_hq_network_view_and_an_outlet_board(page, app_server):
    # Older than every demo ticket, so it heads the breached queue (sorted by due time) at any hour.
    overdue = insert_ticket(app_server.db_url, "NORTH-005", 980_008, created_at=datetime.now(UTC) - timedelta(days=30))
    login(page, "admin")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.goto("/board")
    expect(page.locator("#queue-breached")).to_be_visible()
    expect(card(page, overdue)).to_be_visible()
    expect(page.locator(".kanban-column")).to_have_count(5)
    page.fill("#board-outlet", "EAST-001")
    page.get_by_role("button", name="Open board").click()
    expect(page.locator(".kanban-column")).to_have_count(7)
    expect(card(page, overdue)).to_have_count(0)


def test_hq_hands_a_triage_ticket_to_an_outlet(browser, app_server):
    unrouted = insert_ticket(app_server.db_url, None, 980_020, repeat_seq=3)
    admin = browser.new_context(viewport={"width": 1600, "height": 1000}, base_url=app_server.url).new_page()
    login(admin, "admin")
    admin.wait_for_url(re.compile(r"/scores/?$"))
    admin.goto("/board")
    admin.click("#queue-triage")
    triaged = card(admin, unrouted)
    expect(triaged).to_be_visible()
    expect(triaged.locator(".card-marker", has_text="Repeat ×3")).to_be_visible()
    screenshot(admin, "board-triage-queue.png")
    triaged.get_by_role("link", name=unrouted).click()
    expect(admin.locator("#repeat-marker")).to_have_text("Repeat ×3")
    admin.fill("#route-form input[name='outlet']", "EAST-001")
    admin.click("#route-form-submit")
    expect(admin.get_by_text("Handed to outlet")).to_be_visible()
    expect(admin.get_by_text("EAST-001 · ")).to_be_visible()
    admin.goto("/board")
    admin.click("#queue-triage")
    expect(card(admin, unrouted)).to_have_count(0)
    admin.context.close()
