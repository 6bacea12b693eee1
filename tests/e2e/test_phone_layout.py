"""Staff pages on a phone (390 x 844, #17 point 4): the navigation in a drawer, a header that fits,
the ticket page in one column, the board as a stage switcher, and no page wider than the screen."""

import re

from playwright.sync_api import expect

from complaint_console.i18n.en import MESSAGES
from tests.e2e.conftest import login, screenshot

PHONE = {"width": 390, "height": 844}


def _page_width(page) -> int:
    page.wait_for_timeout(300)  # late layout (charts, tables) has settled
    return page.evaluate("document.scrollingElement.scrollWidth")


def test_a_manager_works_the_floor_from_a_phone(browser, app_server):
    context = browser.new_context(viewport=PHONE, base_url=app_server.url, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    expect(page.locator(".kanban-column").first).to_be_visible()

    expect(page.locator("#sign-out")).to_be_in_viewport()  # the header's buttons are on the screen
    expect(page.locator("#bell")).to_be_in_viewport()
    expect(page.locator("#nav-board")).to_be_hidden()  # no sidebar taking half the screen
    assert _page_width(page) <= PHONE["width"]

    # the board: one stage at a time, chosen from the switcher
    tabs = page.locator(".stage-switcher .stage-tab")
    expect(tabs.first).to_be_visible()
    expect(page.locator(".kanban-column")).to_have_count(1)
    shown = page.locator(".kanban-column").get_attribute("data-stage")
    other = page.locator(f".stage-switcher .stage-tab:not([data-stage='{shown}'])").first
    other_stage = other.get_attribute("data-stage")
    other.click()
    expect(page.locator(".kanban-column")).to_have_attribute("data-stage", other_stage)
    expect(page.locator(f".stage-tab[data-stage='{other_stage}']")).to_have_attribute("aria-selected", "true")
    column = page.locator(".kanban-column").bounding_box()
    assert column["width"] >= 0.8 * PHONE["width"]  # the cards take the screen's width
    assert _page_width(page) <= PHONE["width"]
    page.locator(f".stage-switcher .stage-tab[data-stage='{shown}']").click()  # the first stage with tickets
    card = page.locator(f".kanban-column[data-stage='{shown}'] .kanban-card").first
    expect(card).to_be_visible()
    screenshot(page, "phone-board.png")

    # a ticket, in one column
    number = card.get_attribute("data-number")
    page.goto(f"/tickets/{number}")
    expect(page.locator("#ticket-number")).to_have_text(number)
    what = page.get_by_role("heading", name=MESSAGES["ticket.description"]).locator("xpath=..")
    assert what.bounding_box()["width"] >= 300  # "What happened" is readable, not a letter per line
    assert _page_width(page) <= PHONE["width"]
    screenshot(page, "phone-ticket.png")

    # the navigation: a menu that opens a drawer, and closes on the way to another page
    page.click("#menu")
    expect(page.locator("#menu-drawer")).to_be_visible()
    screenshot(page, "phone-menu.png")
    page.click("#menu-nav-scores")
    page.wait_for_url(re.compile(r"/scores"))
    expect(page.locator("#menu-drawer")).to_have_count(0)
    for path in ("/scores", "/intake", "/account", "/board"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert _page_width(page) <= PHONE["width"], path
    context.close()


def test_the_board_never_scrolls_the_page_sideways_at_1440(page):
    page.set_viewport_size({"width": 1440, "height": 900})
    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    expect(page.locator(".kanban-column").first).to_be_visible()
    expect(page.locator(".stage-switcher")).to_have_count(0)  # the whole board on a wide screen
    assert _page_width(page) <= 1440
