"""Without an SMS provider (the browser tests' server has none), hq_admin is told plainly
that customers receive nothing by SMS: a banner on every staff page and a notice on
/admin/jobs. An outlet manager sees no such banner."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot


def test_admin_is_told_customers_receive_no_sms_and_a_manager_is_not(page, app_server, browser):
    admin = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=app_server.url).new_page()
    login(admin, "admin")
    admin.wait_for_url(re.compile(r"/scores/?$"))
    banner = admin.locator("#sms-banner")
    expect(banner).to_contain_text("Customers receive nothing by SMS: no SMS provider is configured.")
    admin.goto("/admin")
    expect(admin.locator("#sms-banner")).to_be_visible()  # on every staff page
    admin.locator("#sms-banner a").click()
    admin.wait_for_url(re.compile(r"/admin/jobs/?$"))
    notice = admin.locator("#sms-notice")
    expect(notice).to_contain_text("No SMS provider is configured, so customers receive nothing by SMS.")
    expect(notice).to_contain_text("SMS_PROVIDER is not set (aliyun or tencent)")
    expect(admin.locator("#job-deliver")).to_contain_text("every 30 s")  # the rest of the page is there
    expect(admin.locator("#outbox-counts")).to_be_visible()
    screenshot(admin, "admin-jobs-no-sms-provider.png")

    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    expect(page.locator("#board-search")).to_be_visible()
    expect(page.locator("#sms-banner")).to_have_count(0)
