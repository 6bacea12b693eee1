"""Two inspectors review the same sampled ticket: both reviews are kept, the calibration view
(read by the training lead) shows them side by side with their agreement, and the outlet's
manager reads the comments on the score page of that week, with a link to the ticket (#14 point 7)."""

import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ROOT, insert_ticket, login, screenshot

TWO_WEEKS_AGO = date.today() - timedelta(days=date.today().weekday() + 14)  # a finished week other tests leave alone


@pytest.fixture
def week_frozen(app_server):
    """The sampled week frozen, as its Monday roll-up leaves it (the score page shows frozen weeks);
    afterwards put back as the demo had it (its scores, report and queued report mails), so later
    tests see the network unfrozen as they expect. A week frozen already is left alone."""
    engine = sa.create_engine(app_server.db_url)
    with engine.connect() as conn:
        last_mail = conn.execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM notification")).scalar_one()
    env = {**os.environ, "DATABASE_URL": app_server.db_url, "SCHEDULER": "off"}
    run = subprocess.run(
        [sys.executable, "-m", "complaint_console", "rollup", "--week", TWO_WEEKS_AGO.isoformat()],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    yield TWO_WEEKS_AGO
    if run.stdout.strip().endswith(": frozen"):
        with engine.begin() as conn:
            week = {"w": TWO_WEEKS_AGO.isoformat()}
            conn.execute(sa.text("DELETE FROM notification WHERE id > :n"), {"n": last_mail})
            conn.execute(sa.text("DELETE FROM weekly_outlet_score WHERE week_start = :w"), week)
            conn.execute(sa.text("DELETE FROM weekly_report WHERE week_start = :w"), week)
    engine.dispose()


def _as(browser, app_server, username: str) -> Page:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=app_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, username)
    page.wait_for_url(re.compile(r"/(scores|board|cases)"))
    return page


def _review(page: Page, scores: dict[str, int], comment: str) -> None:
    for dim, value in scores.items():
        page.click(f"#rate-{dim}-{value}")
    page.fill("#review-comment", comment)
    page.click("#review-save")
    expect(page.get_by_text("Review saved.")).to_be_visible()


def test_two_inspectors_are_kept_the_lead_reads_their_agreement_and_the_outlet_reads_the_comments(
    browser, app_server, week_frozen
):
    closed = datetime.combine(TWO_WEEKS_AGO + timedelta(days=2), time(3, 0), tzinfo=UTC)
    number = insert_ticket(
        app_server.db_url,
        "EAST-001",
        9371,
        stage="closed",
        created_at=closed - timedelta(hours=6),
        first_response_at=closed - timedelta(hours=5),
        resolved_at=closed - timedelta(hours=2),
        closed_at=closed,
    )

    analyst = _as(browser, app_server, "analyst")
    analyst.goto("/inspection")
    analyst.click("#draw-week")
    analyst.get_by_role("option", name=TWO_WEEKS_AGO.isoformat()).click()
    analyst.click("#draw-region")
    analyst.get_by_role("option", name="East China").click()
    analyst.fill("#draw-size", "1")
    analyst.click("#draw-submit")
    expect(analyst.get_by_text(re.compile(r"Sample drawn\. Tickets: \d+"))).to_be_visible()
    rows = analyst.locator("#items-table tbody tr.inspection-item")
    expect(rows.first).to_be_visible()
    outlets = [rows.nth(i).get_attribute("data-outlet") for i in range(rows.count())]
    assert outlets.count("EAST-001") == 1 and len(outlets) == len(set(outlets))  # one per outlet
    analyst.click("#draw-submit")  # the same week and region again: a top-up, nothing new closed since
    expect(analyst.get_by_text("Sample topped up. Tickets added: 0")).to_be_visible()
    assert rows.count() == len(outlets)

    row = analyst.locator("tr.inspection-item[data-outlet='EAST-001']")
    sampled = row.get_attribute("data-number")
    row.locator(".item-review").click()
    analyst.wait_for_url(re.compile(r"/inspection/item/\d+"))
    item_url = analyst.url
    scores_a = {"reply_speed": 4, "remedy_accuracy": 5, "empathy": 4, "policy_compliance": 5, "record_completeness": 2}
    _review(analyst, scores_a, "Analyst: polite and quick, but the root cause is missing.")

    admin = _as(browser, app_server, "admin")
    admin.goto(item_url)
    expect(admin.locator("#review-others")).to_contain_text("1")  # the analyst's review is kept beside
    expect(admin.locator("#review-comment")).to_have_value("")  # the admin's own form, not the analyst's
    scores_b = {"reply_speed": 3, "remedy_accuracy": 5, "empathy": 4, "policy_compliance": 4, "record_completeness": 4}
    _review(admin, scores_b, "Admin: the record is complete enough; the reply could be faster.")

    trainer = _as(browser, app_server, "trainer")
    trainer.click("a[href='/inspection-results']")
    trainer.wait_for_url(re.compile(r"/inspection-results"))
    trainer.click("#calibration-week")
    trainer.get_by_role("option", name=TWO_WEEKS_AGO.isoformat()).click()
    table = trainer.locator("#calibration-table")
    reviews = table.locator(f"tr.calibration-review[data-number='{sampled}']")
    expect(reviews).to_have_count(2)
    expect(reviews.nth(0)).to_contain_text("Analyst")
    expect(reviews.nth(1)).to_contain_text("Admin")
    diff = table.locator(f"tr.calibration-diff[data-number='{sampled}']")
    for dim, value in {d: abs(scores_a[d] - scores_b[d]) for d in scores_a}.items():
        expect(diff.locator(f".score-{dim}")).to_have_text(str(value))
    # differences 1, 0, 0, 1, 2: four of five dimensions within one point
    expect(trainer.locator("#agreement-overall")).to_have_text("80.0%")
    expect(trainer.locator("#calibration-doubled")).to_have_text("1")
    expect(trainer.locator("#agreement-record_completeness")).to_contain_text("0.0%")
    screenshot(trainer, "inspection-calibration.png")

    manager = _as(browser, app_server, "manager1")
    manager.goto(f"/scores/EAST-001?week={week_frozen.isoformat()}")
    expect(manager.locator("#outlet-week")).to_contain_text(week_frozen.isoformat())
    comments = manager.locator("#inspection-comments")
    expect(comments).to_contain_text("Analyst: polite and quick")
    expect(comments).to_contain_text("Admin: the record is complete enough")
    link = comments.locator(f"a.inspection-comment-ticket[href='/tickets/{sampled}']").first
    comments.scroll_into_view_if_needed()
    screenshot(manager, "inspection-comments.png")
    link.click()
    manager.wait_for_url(re.compile(rf"/tickets/{sampled}"))
    expect(manager.get_by_text(sampled).first).to_be_visible()
    assert number  # the inserted ticket made sure EAST-001 closed one that week
    for p in (analyst, admin, trainer, manager):
        p.context.close()
