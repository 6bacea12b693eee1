"""Moving cards as a keyboard user, a mouse user and a busy floor do (issue 17): the "Move to…"
menu moves only on an explicit choice, every column takes a drop over its whole height, a drop
the rules refuse says why, the page never scrolls sideways, and a move shows at once and goes
back with the server's message when the server refuses it."""

import re
from datetime import UTC, datetime

import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import insert_ticket, login, screenshot
from tests.e2e.test_board import card, column, open_board, stage_in_db

MENU = ".move-menu"


def only(page, number):
    """The board searched down to one ticket: every other column is empty."""
    page.fill("#board-search", number)
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".kanban-card")).to_have_count(1)
    expect(card(page, number)).to_be_visible()


def pick_up(page, number):
    """Press on the card's drag handle and start dragging (dnd-kit starts after 5 px)."""
    handle = card(page, number).locator(".drag-handle")
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 20, box["y"] + 20, steps=5)


def hover_low_in(page, stage, fraction=0.8):
    """Move the dragged card well below the column's header (where an empty column used to end); a
    column beyond the board's right edge comes into view as the pointer nears that edge (auto-scroll)."""
    for _ in range(4):
        target = column(page, stage).bounding_box()
        x = min(target["x"] + target["width"] / 2, page.viewport_size["width"] - 8)
        page.mouse.move(x, target["y"] + target["height"] * fraction, steps=15)
        page.wait_for_timeout(300)
    return column(page, stage).bounding_box()


class HeldReplies:
    """The websocket between the page and the server, with the server's messages held back while
    `on` and delivered, in order, by `release()`: the page's own requests go out at once."""

    def __init__(self):
        self.on, self.queue, self.ws = False, [], None

    def route(self, ws):
        server = ws.connect_to_server()
        ws.on_message(server.send)
        server.on_message(lambda message: self.queue.append(message) if self.on else ws.send(message))
        self.ws = ws

    def release(self):
        self.on = False
        while self.queue:
            self.ws.send(self.queue.pop(0))


def user_id(app_server, username):
    engine = sa.create_engine(app_server.db_url)
    with engine.connect() as conn:
        found = conn.execute(sa.text("SELECT id FROM app_user WHERE username = :u"), {"u": username}).scalar_one()
    engine.dispose()
    return found


def test_keyboard_only_move_to_the_second_option_of_the_menu(page, app_server):
    now = datetime.now(UTC)
    number = insert_ticket(
        app_server.db_url, "EAST-001", 982_001, stage="awaiting_customer", first_response_at=now, paused_since=now
    )
    open_board(page)
    only(page, number)
    button = card(page, number).locator(".move-menu-button")
    button.focus()
    # ArrowDown alone opens the menu and moves nothing; Escape closes it, unmoved, back on the button.
    page.keyboard.press("ArrowDown")
    menu = card(page, number).locator(MENU)
    expect(menu).to_be_visible()
    expect(menu.get_by_role("menuitem")).to_have_text(["Proposing remedy", "Executing"])
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)
    expect(button).to_be_focused()
    page.wait_for_timeout(1_000)  # a move would have been sent by now
    assert stage_in_db(app_server, number) == ("awaiting_customer", 1, 0)
    expect(column(page, "awaiting_customer").locator(f".kanban-card[data-number='{number}']")).to_be_visible()

    page.keyboard.press("Enter")  # opens, nothing highlighted yet
    expect(menu).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(menu.locator("[data-stage='executing']")).to_be_focused()
    page.wait_for_timeout(500)
    assert stage_in_db(app_server, number) == ("awaiting_customer", 1, 0)  # highlighting is not choosing
    screenshot(page, "board-move-menu-open.png")
    page.keyboard.press("Enter")
    expect(column(page, "executing").locator(f".kanban-card[data-number='{number}']")).to_be_visible()
    expect(page.locator("#move-announcement")).to_have_text(f"{number} moved to Executing.")
    stage, version, events = stage_in_db(app_server, number)
    assert (stage, version, events) == ("executing", 2, 1)  # exactly one move, audited once
    expect(card(page, number).locator(".move-menu-button")).to_be_focused()  # the focus went with the card


def test_a_drop_into_an_empty_column_lands_anywhere_in_its_height(page, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 982_002)
    open_board(page)
    only(page, number)
    expect(column(page, "investigating").locator(".kanban-card")).to_have_count(0)
    pick_up(page, number)
    target = hover_low_in(page, "investigating", 0.85)
    assert target["height"] >= 300, f"an empty column is only {target['height']} px tall"
    expect(column(page, "investigating")).to_have_attribute("data-drop", "allowed")
    expect(column(page, "investigating").locator(".drop-here")).to_have_text("Drop here")
    expect(page.locator("[id^='DndLiveRegion']")).to_have_text(f"{number} is over Investigating.")  # screen readers
    screenshot(page, "board-drop-here.png")
    page.mouse.up()
    expect(column(page, "investigating").locator(f".kanban-card[data-number='{number}']")).to_be_visible()
    assert stage_in_db(app_server, number)[0] == "investigating"


def test_a_refused_drop_says_why(page, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 982_003)
    open_board(page)
    only(page, number)
    pick_up(page, number)
    hover_low_in(page, "closed")
    expect(column(page, "closed")).to_have_attribute("data-drop", "refused")
    expect(column(page, "closed").locator(".drop-refused")).to_have_text("Closed is not reachable from New.")
    expect(page.locator("[id^='DndLiveRegion']")).to_have_text("Closed is not reachable from New.")
    page.mouse.up()
    toasts = page.locator("section[aria-live='polite']")  # the toaster: screen readers hear it too
    expect(toasts.get_by_text("Closed is not reachable from New.")).to_be_visible()
    expect(toasts.get_by_text("This move is not allowed from the ticket's stage.")).to_be_visible()
    expect(column(page, "new").locator(f".kanban-card[data-number='{number}']")).to_be_visible()
    assert stage_in_db(app_server, number) == ("new", 1, 0)


def test_the_page_never_scrolls_sideways_at_1440_and_a_drag_scrolls_the_board(browser, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 982_004)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=app_server.url, locale="en-US")
    page = context.new_page()
    open_board(page)
    expect(card(page, number)).to_be_visible()
    page.wait_for_timeout(500)
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways at 1440 px: {widths}"
    screenshot(page, "board-moves-1440.png")
    board = page.locator(".kanban")
    assert board.evaluate("b => b.scrollWidth > b.clientWidth"), "the board has nothing to scroll at 1440 px"
    pick_up(page, number)
    edge = board.bounding_box()
    page.mouse.move(edge["x"] + edge["width"] - 15, edge["y"] + 200, steps=15)
    page.wait_for_timeout(1_500)  # held near the board's right edge
    scrolled = page.evaluate(
        "[document.querySelector('.kanban').scrollLeft, window.scrollX, document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    page.keyboard.press("Escape")  # cancel the drag
    page.mouse.up()
    assert scrolled[0] > 0 and scrolled[1] == 0 and scrolled[2] <= scrolled[3], scrolled
    assert stage_in_db(app_server, number) == ("new", 1, 0)
    context.close()


def test_a_move_shows_at_once_and_a_refused_one_goes_back_with_the_message(browser, app_server):
    mine = insert_ticket(app_server.db_url, "EAST-001", 982_005)
    theirs = insert_ticket(app_server.db_url, "EAST-001", 982_006, assignee_id=user_id(app_server, "manager1"))
    held = HeldReplies()
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, base_url=app_server.url, locale="en-US")
    page = context.new_page()
    page.route_web_socket(re.compile(r"/_event"), held.route)
    login(page, "agent1")
    page.wait_for_url(re.compile(r"/board/?$"))
    for number in (mine, theirs):
        expect(card(page, number)).to_be_visible()

    # Accepted: the card is in its new column before the server's answer arrives, then settled there.
    held.on = True
    card(page, mine).locator(".move-menu-button").click()
    card(page, mine).locator(f"{MENU} [data-stage='investigating']").click()
    placed = column(page, "investigating").locator(f".kanban-card-pending[data-number='{mine}']")
    expect(placed).to_be_visible()
    expect(placed.locator(".move-menu-button")).to_have_text(re.compile("Moving"))
    expect(column(page, "new").locator(f"[data-number='{mine}']")).to_have_count(0)
    page.wait_for_timeout(1_000)
    assert held.queue, "the server's answer was not held back"
    expect(placed).to_be_visible()  # still waiting for the answer
    held.release()
    expect(column(page, "investigating").locator(f".kanban-card[data-number='{mine}']")).to_be_visible()
    assert stage_in_db(app_server, mine)[:2] == ("investigating", 2)

    # Refused (an agent may not move a colleague's ticket): placed at once, back with the reason.
    held.on = True
    card(page, theirs).locator(".move-menu-button").click()
    card(page, theirs).locator(f"{MENU} [data-stage='investigating']").click()
    expect(column(page, "investigating").locator(f".kanban-card-pending[data-number='{theirs}']")).to_be_visible()
    page.wait_for_timeout(1_000)
    held.release()
    expect(column(page, "new").locator(f".kanban-card[data-number='{theirs}']")).to_be_visible()
    expect(column(page, "investigating").locator(f"[data-number='{theirs}']")).to_have_count(0)
    expect(page.locator("section[aria-live='polite']").get_by_text("This ticket is assigned to someone else.")).to_be_visible()
    assert stage_in_db(app_server, theirs) == ("new", 1, 0)
    context.close()


def test_card_ages_and_the_waybill_in_the_users_language(page, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 982_007)
    open_board(page)
    only(page, number)
    shown = card(page, number)
    expect(shown.locator(".card-waybill")).to_have_text("Waybill CC********2007")  # masked, as the customer is
    expect(shown.locator(".card-age")).to_have_text(re.compile(r"^\d+m$"))
    page.click("#language-switch")
    expect(shown.locator(".card-waybill")).to_have_text("运单号 CC********2007")
    expect(shown.locator(".card-age")).to_have_text(re.compile(r"^\d+分钟$"))
    screenshot(page, "board-card-zh.png")
    page.click("#language-switch")
