"""hq_admin sets who else receives the weekly report: a region's director, refused with a message
next to the field when the address is wrong, listed once added, removable."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot


def test_admin_adds_a_region_director_as_a_report_recipient(page):
    login(page, "admin")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.goto("/admin/scores")
    expect(page.locator("#report-recipients")).to_be_visible()
    page.click("#recipient-region")
    page.get_by_role("option", name="EAST", exact=True).click()
    page.fill("#recipient-email", "east.director")
    page.fill("#recipient-name", "East Director")
    page.click("#add-recipient")
    expect(page.locator("#report-recipients [role=alert]")).to_contain_text("name@example.com")  # next to the field
    expect(page.locator("#recipient-name")).to_have_value("East Director")  # what was typed is kept
    page.fill("#recipient-email", "east.director@example.com")
    page.click("#add-recipient")
    expect(page.locator("#recipient-added")).to_be_visible()
    row = page.locator(".recipient-row", has_text="east.director@example.com")
    expect(row).to_contain_text("EAST")
    expect(row).to_contain_text("section")
    screenshot(page, "admin-report-recipients.png")
    row.get_by_role("button").click()
    expect(page.locator(".recipient-row", has_text="east.director@example.com")).to_have_count(0)
