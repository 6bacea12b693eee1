"""The workflow issue's whole journey in one run, as the people involved do it.

A customer files on /complain with a photo; the ticket appears in `new` on EAST-001's board;
manager1 drags it through the stages to `resolved` with compensation above the outlet's
limit: the form offers to ask HQ, the card says "awaiting approval", the analyst approves it
on /approvals, and the manager resolves; /track then shows every stage.
"""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot
from tests.e2e.test_board import card, column, drag
from tests.e2e.test_complain import tiny_png

RESOLUTION = "Bowl broken in transit: apology made and compensation paid."


def fill_resolution(page, amount: str):
    dialog = page.locator("#move-dialog")
    expect(dialog).to_be_visible()
    page.fill("#resolution_summary", RESOLUTION)
    dialog.get_by_role("combobox").click()
    page.get_by_role("option", name="Outlet").click()
    page.fill("#compensation", amount)
    page.click("#move-submit")
    return dialog


def board_with_only(page, number):
    page.goto("/board")
    expect(page.locator(".kanban-column").first).to_be_visible()  # loaded (its address applied) before typing
    page.wait_for_load_state("networkidle")
    page.fill("#board-search", number)
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".kanban-card")).to_have_count(1)  # the search has answered: the board re-rendered
    expect(card(page, number)).to_be_visible()


def test_complaint_from_customer_to_resolution_and_tracking(browser, app_server, tmp_path):
    photo = tmp_path / "bowl.png"
    photo.write_bytes(tiny_png())
    contexts = {
        name: browser.new_context(viewport={"width": 1600, "height": 1000}, base_url=app_server.url)
        for name in ("customer", "manager", "analyst")
    }
    customer, manager, analyst = (contexts[n].new_page() for n in ("customer", "manager", "analyst"))

    customer.goto("/complain")
    customer.fill("#waybill_no", "EAST0017777777777")
    customer.fill("#customer_name", "孙女士")
    customer.fill("#customer_phone", "13611112468")
    customer.fill("#what", "收到的瓷碗碎了，外箱有明显压痕。")
    customer.locator("#evidence input[type=file]").set_input_files(str(photo))
    customer.click("#complain-submit")
    expect(customer.locator("#filed-number")).to_have_text(re.compile(r"^CP-\d{8}-\d{6}$"))
    number = customer.locator("#filed-number").inner_text()

    login(manager, "manager1")
    manager.wait_for_url(re.compile(r"/board/?$"))
    board_with_only(manager, number)
    expect(column(manager, "new").locator(f".kanban-card[data-number='{number}']")).to_be_visible()
    manager.goto(f"/tickets/{number}")
    photo_preview = manager.locator("#evidence img")
    expect(photo_preview).to_be_visible()
    manager.wait_for_function(
        "() => { const i = document.querySelector('#evidence img'); return i && i.complete && i.naturalWidth > 0; }"
    )
    board_with_only(manager, number)
    for stage in ("investigating", "proposing", "awaiting_customer", "executing"):
        drag(manager, number, stage)
        expect(column(manager, stage).locator(f".kanban-card[data-number='{number}']")).to_be_visible()

    drag(manager, number, "resolved")
    dialog = fill_resolution(manager, "800")
    expect(dialog.get_by_text("Compensation above the outlet's limit needs HQ approval of this amount first.")).to_be_visible()
    manager.click("#ask-approval")
    expect(manager.get_by_text("Sent to HQ for approval.")).to_be_visible()
    waiting = column(manager, "executing").locator(f".kanban-card[data-number='{number}']")
    expect(waiting.locator(".card-marker", has_text="Awaiting approval")).to_be_visible()

    login(analyst, "analyst")
    analyst.wait_for_url(re.compile(r"/scores/?$"))
    analyst.get_by_role("link", name="Approvals").click()
    row = analyst.locator("#approvals-table tr", has_text=number)
    expect(row).to_contain_text("¥800.00")
    screenshot(analyst, "approvals.png")
    row.locator(".approve-button").click()
    expect(analyst.locator("#approvals-table tr", has_text=number)).to_have_count(0)

    board_with_only(manager, number)  # the approval changed the ticket: load its new version
    drag(manager, number, "resolved")
    expect(fill_resolution(manager, "800")).to_be_hidden()
    expect(column(manager, "resolved").locator(f".kanban-card[data-number='{number}']")).to_be_visible()

    customer.goto("/track")
    customer.fill("#track-number-input", number)
    customer.fill("#track-phone", "2468")
    customer.click("#track-submit")
    expect(customer.locator("#track-stage")).to_have_text("Resolved")
    steps = customer.locator("#track-steps")
    for text in (
        "We received your complaint",
        "We are looking into it",
        "We are preparing a remedy",
        "Waiting for your reply",
        "The remedy is being carried out",
        "Resolved",
    ):
        expect(steps.get_by_text(text, exact=True)).to_be_visible()
    for context in contexts.values():
        context.close()
