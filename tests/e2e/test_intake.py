"""An agent records a hotline complaint: wrong fields are named, nothing typed is lost."""

import re

from playwright.sync_api import expect

from complaint_console.i18n.en import MESSAGES
from tests.e2e.conftest import login, screenshot


def test_agent_records_a_hotline_complaint_that_lands_on_the_board(page):
    login(page, "agent1")
    page.wait_for_url(re.compile(r"/board/?$"))
    page.goto("/intake")
    page.fill("#waybill_no", "CC5566778899")
    page.fill("#customer_name", "赵女士")
    page.fill("#customer_phone", "1381234")
    page.fill("#description", "late")
    page.click("#intake-submit")
    expect(page.get_by_text(MESSAGES["intake.phone_invalid"])).to_be_visible()
    expect(page.get_by_text("Describe what happened (at least 10 characters).")).to_be_visible()
    expect(page.locator("#waybill_no")).to_have_value("CC5566778899")
    screenshot(page, "intake-errors.png")

    page.fill("#customer_phone", "13812345678")
    page.fill("#description", "快件显示已签收，但本人没有收到，电话联系快递员无人接听。")
    page.click("#intake-submit")
    number = page.locator("#recorded-number")
    expect(number).to_have_text(re.compile(r"^CP-\d{8}-\d{6}$"))
    recorded = number.inner_text()

    page.goto("/board")
    page.fill("#board-search", recorded)
    page.get_by_role("button", name="Search").click()
    expect(page.locator(f".kanban-column[data-stage='new'] .kanban-card[data-number='{recorded}']")).to_be_visible()
