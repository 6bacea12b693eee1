"""The knowledge base in use: HQ edits an article, a customer's inquiry gets its answer at
once, and the outlet answers and resolves the inquiry in one step."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot


def test_hq_admin_adds_an_article_and_a_bad_one_is_refused_field_by_field(page):
    login(page, "admin")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.goto("/admin")
    page.click("#admin-knowledge-link")
    expect(page.locator("#kb-table")).to_contain_text("Where is my parcel")
    page.click("#kb-new")
    page.fill("#kb-title", "Parcel held at customs")
    page.click("#kb-save")
    form = page.locator("#kb-form")
    expect(form.get_by_text("At least one keyword, separated by commas")).to_be_visible()
    expect(form.get_by_text("An answer is required")).to_have_count(2)
    expect(page.locator("#kb-title")).to_have_value("Parcel held at customs")  # nothing typed is lost
    screenshot(page, "knowledge-errors.png")
    page.fill("#kb-keywords", "海关, 清关, customs")
    page.fill("#kb-answer_zh", "国际件清关一般需要3至7个工作日，请留意海关短信。")
    page.fill("#kb-answer_en", "Customs clearance usually takes 3 to 7 working days; watch for the customs SMS.")
    page.click("#kb-save")
    expect(page.get_by_text("Article saved.")).to_be_visible()
    expect(page.locator("#kb-table")).to_contain_text("Parcel held at customs")
    screenshot(page, "knowledge.png")


def test_an_inquiry_is_answered_at_once_and_resolved_in_one_step(browser, app_server):
    customer = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=app_server.url).new_page()
    customer.goto("/complain")
    customer.fill("#waybill_no", "EAST0015556667778")
    customer.fill("#customer_name", "周女士")
    customer.fill("#customer_phone", "13511112222")
    customer.click("#complain-category")
    customer.get_by_role("option", name="Inquiry").click()
    customer.fill("#what", "Where is my parcel? The tracking has not moved for days.")
    customer.click("#complain-submit")
    expect(customer.locator("#filed-number")).to_have_text(re.compile(r"^CP-\d{8}-\d{6}$"))
    number = customer.locator("#filed-number").inner_text()
    expect(customer.locator("#instant-answer")).to_contain_text("Enter the waybill number in our app")
    screenshot(customer, "complain-instant-answer.png")

    manager = browser.new_context(viewport={"width": 1600, "height": 1000}, base_url=app_server.url).new_page()
    login(manager, "manager1")
    manager.wait_for_url(re.compile(r"/board/?$"))
    manager.goto(f"/tickets/{number}")
    panel = manager.locator("#answer-panel")
    expect(manager.locator("#answer-text")).to_have_value(re.compile("Enter the waybill number in our app"))
    manager.fill("#answer-text", "Your parcel is at our EAST-001 outlet and goes out for delivery today.")
    panel.locator("#action-responsibility").click()
    manager.get_by_role("option", name="Transit hub").click()
    manager.click("#answer-submit")
    expect(manager.get_by_text("Answer sent; the ticket is resolved.")).to_be_visible()
    expect(manager.locator("#answer-panel")).to_have_count(0)
    expect(manager.get_by_text("Your parcel is at our EAST-001 outlet and goes out for delivery today.")).to_be_visible()
    screenshot(manager, "ticket-inquiry-resolved.png")
    manager.context.close()
    customer.context.close()
