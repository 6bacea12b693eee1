"""Hand-made events over the board's own websocket: a move submitted with no form open and with
a form that is not a form, and a move request with a version that is not a number. Each is
answered (nothing happens, no error), never raised, and the ticket stays as it was."""

import json
import re

from playwright.sync_api import expect

from tests.e2e.conftest import insert_ticket, login
from tests.e2e.test_board import choose

CRAFTED = [
    ("move_state.submit", {"form": "not a form"}),
    ("move_state.submit", {"form": {"resolution_summary": "x"}}),
    ("move_state.request", {"number": None, "version": "abc", "stage": "resolved"}),
]


def test_hand_made_events_are_answered_never_raised(browser, app_server):
    number = insert_ticket(app_server.db_url, "EAST-001", 980_601, stage="investigating")
    crafted = list(CRAFTED)

    def rewrite(ws):
        server = ws.connect_to_server()

        def outgoing(message):
            text = str(message)
            if crafted and text.startswith("42") and "move_state.request" in text:  # 42/_event,["event",{…}]
                name, payload = crafted.pop(0)
                head, body = text.split(",", 1) if text.startswith("42/") else ("42", text[2:])
                kind, event = json.loads(body)
                event["name"] = event["name"].replace("move_state.request", name)
                event["payload"] = payload
                text = f"{head}," + json.dumps([kind, event]) if head != "42" else "42" + json.dumps([kind, event])
            server.send(text)

        ws.on_message(outgoing)
        server.on_message(ws.send)

    context = browser.new_context(viewport={"width": 1600, "height": 1000}, base_url=app_server.url, locale="en-US")
    page = context.new_page()
    page.route_web_socket(re.compile(r"/_event"), rewrite)
    errors_before = app_server.log.read_text().count("Reflex Backend Exception")
    try:
        login(page, "manager1")
        page.wait_for_url(re.compile(r"/board/?$"))
        for _ in CRAFTED:
            # The server answers a hand-made move by putting the card back (or, when the event names
            # no card, the board does so itself after UNANSWERED_MS): only a settled card has a menu.
            choose(page, number, "proposing")
            expect(page.locator(f".kanban-card[data-number='{number}']")).to_have_attribute(
                "data-stage", "investigating", timeout=15_000
            )
        assert crafted == []  # all three went out
        expect(page.get_by_text("An error occurred")).to_have_count(0)
        assert app_server.log.read_text().count("Reflex Backend Exception") == errors_before
        expect(page.locator(f".kanban-card[data-number='{number}']")).to_have_attribute("data-stage", "investigating")
    finally:
        context.close()
