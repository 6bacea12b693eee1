"""hq_admin keeps the network's outlets in the browser: search, edit with messages next to the
fields, the audit trail, deactivation, and the file import's row-by-row report."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot, set_outlets_active

HEADER = "code,name,region,city,timezone,business_hours,holiday_calendar,authority_limit\n"


def test_admin_searches_edits_and_imports_outlets(page, app_server, tmp_path):
    try:
        _admin_keeps_outlets(page, tmp_path)
    finally:
        set_outlets_active(app_server.db_url, ["SH-101", "NX-001"], False)
        set_outlets_active(app_server.db_url, ["EAST-012"], True)


def _admin_keeps_outlets(page, tmp_path):
    login(page, "admin")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.goto("/admin")
    page.click("#admin-outlets-link")
    page.wait_for_url(re.compile(r"/admin/outlets/?$"))
    expect(page.locator("#outlets-total")).to_contain_text("60")
    page.fill("#outlets-query", "east-01")
    page.keyboard.press("Enter")
    expect(page.locator("#outlets-total")).to_contain_text("10")  # EAST-010 … EAST-019
    expect(page.locator("#outlets-table tbody tr").first).to_contain_text("EAST-010")
    screenshot(page, "admin-outlets.png")

    page.click("#outlets-table >> text=EAST-012")
    page.wait_for_url(re.compile(r"/admin/outlets/EAST-012/?$"))
    expect(page.locator("#outlet-code")).to_have_value("EAST-012")
    page.fill("#outlet-timezone", "Mars/Base")
    page.fill("#outlet-limit", "650")
    page.fill("#outlet-mon-open", "09:00")
    page.fill("#outlet-mon-close", "08:00")
    page.click("#outlet-save")
    expect(page.get_by_text("Not a known time zone (for example Asia/Shanghai).")).to_be_visible()
    expect(page.locator("#outlet-timezone")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("each day closing after it opens")).to_be_visible()
    expect(page.locator("#outlet-limit")).to_have_value("650")  # what was typed stays
    page.fill("#outlet-timezone", "Asia/Shanghai")
    page.fill("#outlet-mon-close", "17:30")
    page.click("#outlet-save")
    expect(page.get_by_text("Outlet saved.")).to_be_visible()
    history = page.locator("#outlet-history tbody tr").first
    expect(history).to_contain_text("admin")
    expect(history).to_contain_text("authority_limit: 500.00 → 650.00")
    expect(history).to_contain_text("mon 09:00-17:30")
    screenshot(page, "admin-outlet-form.png")

    page.click("#outlet-deactivate")
    expect(page.get_by_text("Outlet deactivated: its history and scores stay.")).to_be_visible()
    expect(page.locator("#outlet-history tbody tr").first).to_contain_text("deactivated")
    expect(page.locator("#outlet-reactivate")).to_be_visible()

    file = tmp_path / "network.csv"
    file.write_text(
        HEADER + "SH-101,上海 嘉定区网点,EAST,上海,,mon-fri 09:00-18:00; sat 09:00-12:00,CN,800\n"
        "bad code!,上海 青浦区网点,EAST,上海,,,,\n"
        "NX-001,银川 兴庆区网点,NORTHWEST,银川,,,,\n",
        encoding="gbk",
    )
    page.goto("/admin/outlets")
    page.click("#outlets-tab-import")
    page.locator("#outlets-file input[type=file]").set_input_files(str(file))
    expect(page.locator(".selected-file")).to_have_text("network.csv")
    page.click("#outlets-start")
    expect(page.locator("#import-progress-text")).to_contain_text("3 / 3", timeout=60_000)
    expect(page.locator("#import-imported")).to_have_text("2")
    expect(page.locator("#import-rejected")).to_have_text("1")
    problem = page.locator("#import-problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("3")
    expect(problem).to_contain_text("code")
    expect(problem).to_contain_text("2 to 32 letters, digits, - or _")
    screenshot(page, "admin-outlets-import.png")
    page.click("#outlets-tab-list")
    page.fill("#outlets-query", "NX-001")
    page.keyboard.press("Enter")
    expect(page.locator("#outlets-table tbody tr")).to_have_count(1)
    expect(page.locator("#outlets-table tbody tr")).to_contain_text("NORTHWEST")


def test_an_outlet_manager_cannot_open_outlet_administration(page):
    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    page.goto("/admin/outlets/EAST-001")
    page.wait_for_url(re.compile(r"/board/?$"))
    expect(page.locator("#outlet-code")).to_have_count(0)
