"""Good practice has signals too (#14 point 8): a complaint resolved fast and rated 5 is a
candidate with its badge, and the signal filter keeps only good-practice candidates."""

import re
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import insert_ticket, login, screenshot

LAST_WEEK = date.today() - timedelta(days=date.today().weekday() + 7)


def test_the_training_lead_filters_the_candidates_to_good_practice(page, app_server):
    created = datetime.combine(LAST_WEEK + timedelta(days=2), time(2, 0), tzinfo=UTC)
    number = insert_ticket(
        app_server.db_url,
        "EAST-001",
        9372,
        stage="closed",
        channel="regulator",  # a heavy signal besides: near the top of the first page
        created_at=created,
        first_response_at=created + timedelta(minutes=10),
        resolved_at=created + timedelta(minutes=40),
        closed_at=created + timedelta(hours=2),
    )
    engine = sa.create_engine(app_server.db_url)
    with engine.begin() as conn:
        ticket_id = conn.execute(sa.text("SELECT id FROM ticket WHERE number = :n"), {"n": number}).scalar_one()
        answered = (created + timedelta(hours=3)).replace(tzinfo=None)
        conn.execute(
            sa.text("INSERT INTO survey (ticket_id, sent_at, answered_at, rating, comment) VALUES (:t, :a, :a, 5, 'fast')"),
            {"t": ticket_id, "a": answered},
        )
    engine.dispose()

    login(page, "trainer")
    page.wait_for_url(re.compile(r"/cases/?$"))
    expect(page.locator("#cases-weights")).to_contain_text("Rated 5, fast")
    page.click("#cases-signal")
    page.get_by_role("option", name="Any good practice").click()
    rows = page.locator("#candidates-table tbody tr")
    ours = page.locator(f"#candidates-table tbody tr[data-number='{number}']")
    expect(ours.locator(".signal-badge[data-signal='fast_five']")).to_be_visible()
    for i in range(rows.count()):  # every candidate left shows a good-practice badge
        badges = rows.nth(i).locator(".signal-badge[data-signal='fast_five'], .signal-badge[data-signal='praise']")
        expect(badges.first).to_be_visible()
    screenshot(page, "cases-good-practice.png")
