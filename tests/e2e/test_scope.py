"""manager2 cannot open manager1's outlet's ticket by URL, and the server never sends its data."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import insert_ticket, login, screenshot


@pytest.fixture(scope="module")
def east_ticket(app_server):
    engine = sa.create_engine(app_server.db_url)
    with engine.connect() as conn:
        row = conn.execute(
            sa.text(
                "SELECT t.number, t.customer_phone, t.customer_name, t.waybill_no FROM ticket t "
                "JOIN outlet o ON o.id = t.outlet_id WHERE o.code = 'EAST-001' AND t.stage = 'closed' ORDER BY t.id DESC LIMIT 1"
            )
        ).one()
    engine.dispose()
    return row


def open_ticket_recording_frames(page, number):
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    page.goto(f"/tickets/{number}")
    page.wait_for_selector("#ticket-number, #ticket-not-found")
    page.wait_for_timeout(500)
    return "\n".join(frames)


def test_manager1_opens_own_ticket_and_its_data_arrives(page, east_ticket):
    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    received = open_ticket_recording_frames(page, east_ticket.number)
    expect(page.locator("#ticket-number")).to_have_text(east_ticket.number)
    assert east_ticket.customer_phone in received  # the recording does see ticket data
    screenshot(page, "ticket.png")


def test_manager2_gets_not_found_and_no_data(page, east_ticket):
    login(page, "manager2")
    page.wait_for_url(re.compile(r"/board/?$"))
    received = open_ticket_recording_frames(page, east_ticket.number)
    expect(page.locator("#ticket-not-found")).to_be_visible()
    screenshot(page, "not-found.png")
    html = page.content()
    for secret in (east_ticket.customer_phone, east_ticket.customer_name, east_ticket.waybill_no):
        assert secret not in received
        assert secret not in html


def test_a_crafted_move_event_for_another_outlets_ticket_changes_nothing(page, app_server):
    """manager2's browser sends a real "Move to…" event, rewritten on the wire to name
    manager1's ticket: the server refuses it as not found and the ticket stays as it was."""
    own = insert_ticket(app_server.db_url, "SOUTH-001", 980_030)  # manager2's outlet
    victim = insert_ticket(app_server.db_url, "EAST-001", 980_031)
    rewritten: list[str] = []

    def tamper(ws):
        server = ws.connect_to_server()

        def outgoing(message):
            if isinstance(message, str) and own in message and "move_state" in message:
                message = message.replace(own, victim)
                rewritten.append(message)
            server.send(message)

        ws.on_message(outgoing)

    page.route_web_socket(re.compile(r"/_event"), tamper)
    login(page, "manager2")
    page.wait_for_url(re.compile(r"/board/?$"))
    page.fill("#board-search", own)
    page.get_by_role("button", name="Search").click()
    own_card = page.locator(f".kanban-card[data-number='{own}']")
    expect(own_card).to_be_visible()
    own_card.get_by_role("button", name=re.compile("Move to")).click()
    own_card.get_by_role("menuitem", name="Investigating").click()
    expect(page.get_by_text("Ticket not found")).to_be_visible()
    assert any("investigating" in m for m in rewritten)  # the forged event did reach the server
    engine = sa.create_engine(app_server.db_url)
    with engine.connect() as conn:
        stages = dict(
            conn.execute(sa.text("SELECT number, stage FROM ticket WHERE number IN (:a, :b)"), {"a": own, "b": victim}).all()
        )
        events = conn.execute(
            sa.text("SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.number = :n"), {"n": victim}
        ).scalar_one()
    engine.dispose()
    assert stages == {own: "new", victim: "new"} and events == 0
