"""Public pages speak 简体中文 unless the browser prefers English, and <html lang> follows; a
complaint given with a landline is accepted and tracked by the landline's last four digits."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot


def test_a_chinese_browser_files_a_landline_complaint_in_chinese_and_tracks_it(browser, app_server):
    page = browser.new_context(viewport={"width": 1280, "height": 1000}, base_url=app_server.url, locale="zh-CN").new_page()
    page.goto("/complain")
    expect(page.get_by_role("heading", name="提交投诉")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.fill("#waybill_no", "EAST0019977001122")
    page.fill("#customer_name", "周女士")
    page.fill("#customer_phone", "12345")
    page.fill("#what", "快递员没有打电话就把包裹放在门口，包裹不见了。")
    page.click("#complain-submit")
    expect(page.get_by_text("请输入手机号，或带区号的固定电话（中国大陆，或 +852、+853、+886）。")).to_be_visible(timeout=30_000)
    page.fill("#customer_phone", "0571-8765 4321")
    page.fill("#customer_email", "zhou@example.com")
    page.click("#complain-submit")
    number = page.locator("#filed-number")
    expect(number).to_have_text(re.compile(r"^CP-\d{8}-\d{6}$"), timeout=30_000)
    filed = number.inner_text()
    screenshot(page, "complain-zh.png")

    page.goto("/track")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.fill("#track-number-input", filed)
    page.fill("#track-phone", "4321")
    page.click("#track-submit")
    expect(page.locator("#track-number")).to_have_text(filed)
    expect(page.get_by_text("0571-87654321")).to_have_count(0)  # the number itself is never shown
    screenshot(page, "track-zh.png")

    page.click("#language-switch")  # the visitor's own choice wins, and stays
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/complain")
    expect(page.get_by_role("heading", name="File a complaint")).to_be_visible()


def test_an_english_browser_gets_english(browser, app_server):
    page = browser.new_context(base_url=app_server.url, locale="en-GB").new_page()
    page.goto("/complain")
    expect(page.get_by_role("heading", name="File a complaint")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
