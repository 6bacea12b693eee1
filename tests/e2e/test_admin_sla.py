"""hq_admin edits the SLA policy in the browser; other roles cannot reach the page."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot


def test_policy_validation_save_and_calendar_day(page):
    login(page, "admin")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.goto("/admin/sla")
    expect(page.locator("#holiday-warning")).to_contain_text("2027")

    urgent_response = page.locator("input[name='d.urgent.response']")
    urgent_response.fill("500")  # longer than the 120-minute resolution
    page.click("#save-policy")
    expect(page.get_by_text("First response must be shorter than resolution.")).to_be_visible()
    expect(urgent_response).to_have_value("500")  # nothing typed is lost
    expect(page.locator("#policy-versions tbody tr")).to_have_count(1)

    urgent_response.fill("15")
    page.click("#add-override")
    override_response = page.locator("input[name^='o.'][name$='.response']")
    expect(override_response).to_have_count(1)  # the new row is there before typing into it
    override_response.fill("20")
    page.locator("input[name^='o.'][name$='.resolution']").fill("720")
    page.click("#save-policy")
    expect(page.locator("#policy-saved")).to_be_visible()
    expect(page.locator("#policy-versions tbody tr")).to_have_count(2)
    expect(page.locator("#policy-versions tbody tr").first).to_contain_text("Admin")
    expect(page.locator("input[name='d.urgent.response']")).to_have_value("15")

    page.fill("input[name='day']", "2027-02-08")
    page.fill("input[name='note']", "Spring Festival 2027 (published schedule)")
    page.get_by_role("button", name="Add day").click()
    expect(page.get_by_text("Spring Festival 2027 (published schedule)")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "admin-sla.png")


def test_hq_admin_sees_the_holiday_data_warning_on_every_page(page):
    login(page, "admin")
    page.wait_for_url(re.compile(r"/scores/?$"))
    expect(page.locator("#holiday-banner")).to_contain_text("2027")
    page.locator("#holiday-banner a").click()
    page.wait_for_url(re.compile(r"/admin/sla/?$"))


def test_manager_cannot_open_the_policy_page(page):
    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    expect(page.locator("#holiday-banner")).to_have_count(0)
    page.goto("/admin/sla")
    page.wait_for_url(re.compile(r"/board/?$"))
