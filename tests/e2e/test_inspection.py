"""Quality inspection in the browser: the analyst draws a sample of last week's closed
tickets, reviews one on the rubric (keyboard for one rating), and sees the result on the
outlet's score page."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import arrow_key, login, screenshot


def test_analyst_draws_last_week_reviews_a_ticket_and_sees_it_on_the_score_page(page, app_server):
    login(page, "analyst")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.click("a[href='/inspection']")
    page.wait_for_url(re.compile(r"/inspection/?$"))
    expect(page.locator("#draw-week")).to_have_text(re.compile(r"\d{4}-\d{2}-\d{2}"))
    week = page.locator("#draw-week").inner_text()
    assert date.fromisoformat(week) == date.today() - timedelta(days=date.today().weekday() + 7)  # last week

    page.fill("#draw-size", "0")
    page.click("#draw-submit")
    expect(page.get_by_text("Enter a number from 1 to 50.")).to_be_visible()
    page.fill("#draw-size", "3")
    page.click("#draw-submit")
    expect(page.get_by_text(re.compile(r"Sample drawn\. Tickets: \d+"))).to_be_visible()
    rows = page.locator("#items-table tbody tr.inspection-item")
    expect(rows.first).to_be_visible()
    drawn = int(page.locator("#items-count").inner_text())
    assert rows.count() == min(drawn, 50) and drawn <= 3 * 60  # 3 per outlet at most, 50 a page
    outlets = [rows.nth(i).get_attribute("data-outlet") for i in range(rows.count())]
    assert max(outlets.count(o) for o in outlets) <= 3 and len(set(outlets)) >= 10  # drawn per outlet
    screenshot(page, "inspection-sample.png")
    page.click("#draw-submit")  # the same week again: a top-up, nothing closed since
    expect(page.get_by_text("Sample topped up. Tickets added: 0")).to_be_visible()
    expect(page.locator("#items-count")).to_have_text(str(drawn))

    outlet = rows.first.get_attribute("data-outlet")
    rows.first.locator(".item-review").click()
    page.wait_for_url(re.compile(r"/inspection/item/\d+"))
    expect(page.locator("#review-timeline")).to_be_visible()
    assert re.search(r"\d{3}\*{4}\d{4}", page.locator("#review-customer").inner_text())  # masked

    page.click("#review-save")
    expect(page.get_by_text("Choose a rating from 1 to 5.").first).to_be_visible()
    assert page.get_by_text("Choose a rating from 1 to 5.").count() == 5
    expect(page.get_by_text("Write a comment for the outlet.")).to_be_visible()

    # keyboard: focus the first rating of reply speed, then arrow right to 4
    page.locator("#rate-reply_speed-1").focus()
    page.keyboard.press("Space")
    expect(page.locator("#rate-reply_speed-1")).to_have_attribute("aria-checked", "true")
    for _ in range(3):
        arrow_key(page, "ArrowRight")
    expect(page.locator("#rate-reply_speed-4")).to_have_attribute("aria-checked", "true")
    for dim, value in (("remedy_accuracy", 5), ("empathy", 4), ("policy_compliance", 5), ("record_completeness", 2)):
        page.click(f"#rate-{dim}-{value}")
    page.fill("#review-comment", "Quick and polite; the record lacks the root cause.")
    page.click("#review-save")
    expect(page.get_by_text("Review saved.")).to_be_visible()
    expect(page.locator("#review-status")).to_contain_text("Reviewed by")
    expect(page.get_by_text("Choose a rating from 1 to 5.")).to_have_count(0)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "inspection-review.png")

    page.goto(f"/scores/{outlet}")
    card = page.locator("#inspection-results")
    expect(card).to_be_visible()
    expect(page.locator("#inspection-reviewed")).to_contain_text("1")
    expect(card).to_contain_text("4.0")  # overall (4+5+4+5+2)/5
    card.scroll_into_view_if_needed()
    screenshot(page, "inspection-score.png")
