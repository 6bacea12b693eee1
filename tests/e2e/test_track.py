"""A customer tracks a complaint on /track, in plain language."""

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import insert_ticket, screenshot


def test_customer_tracks_a_complaint(page, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 960_001, customer_phone="13955554321")
    engine = sa.create_engine(app_server.db_url)
    with engine.begin() as conn:
        ticket_id = conn.execute(sa.text("SELECT id FROM ticket WHERE number = :n"), {"n": number}).scalar_one()
        conn.execute(
            sa.text("INSERT INTO ticket_event (ticket_id, at, kind, to_stage) VALUES (:t, CURRENT_TIMESTAMP, 'created', 'new')"),
            {"t": ticket_id},
        )
    engine.dispose()
    page.goto("/track")
    page.fill("#track-number-input", number)
    page.fill("#track-phone", "0000")
    page.click("#track-submit")
    expect(page.locator("#track-message")).to_contain_text("could not find")
    page.fill("#track-phone", "4321")
    page.click("#track-submit")
    expect(page.locator("#track-stage")).to_have_text("We received your complaint")
    expect(page.get_by_text(re.compile("Expected to be resolved by"))).to_be_visible()
    expect(page.get_by_text("13955554321")).to_have_count(0)
    screenshot(page, "track.png")
