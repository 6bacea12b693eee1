"""SLA badges: every state on the board, and a live countdown with no websocket traffic."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SHOTS, insert_ticket, login

STATES = {"on_track", "at_risk", "breached", "paused", "met", "missed"}


@pytest.fixture(scope="module")
def tickets_in_every_state(app_server):
    """One ticket per clock state at EAST-001, with due times from the SLA service."""
    now = datetime.now(UTC).replace(microsecond=0)
    plan = [
        # severity, minutes ago, stage, first response after (min), resolved after (min), paused for (min)
        ("general", 2, "new", None, None, None),  # response pending: on track
        ("urgent", 95, "investigating", 5, None, None),  # 95 of 120 minutes: at risk
        ("general", 30 * 60, "executing", 10, None, None),  # past 24 h: breached
        ("general", 60, "awaiting_customer", 10, None, 20),  # waiting for the customer: paused
        ("general", 10 * 60, "resolved", 10, 5 * 60, None),  # resolved in time: met
        ("urgent", 10 * 60, "resolved", 5, 4 * 60, None),  # resolved after 2 h: missed
    ]
    numbers = []
    for i, (severity, ago, stage, responded, resolved, paused) in enumerate(plan):
        created = now - timedelta(minutes=ago)
        numbers.append(
            insert_ticket(
                app_server.db_url,
                "EAST-001",
                990_000 + i,
                severity=severity,
                stage=stage,
                created_at=created,
                first_response_at=created + timedelta(minutes=responded) if responded is not None else None,
                resolved_at=created + timedelta(minutes=resolved) if resolved is not None else None,
                paused_since=now - timedelta(minutes=paused) if paused else None,
            )
        )
    return numbers


def test_board_shows_badges_in_every_state(page, tickets_in_every_state):
    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    expect(page.locator(".sla-badge").first).to_be_visible()
    page.wait_for_timeout(1200)
    states = set(page.locator(".sla-badge").evaluate_all("els => els.map(e => e.dataset.state)"))
    assert states >= STATES
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "sla-badges.png"), full_page=True)  # every state in one picture
    tooltip = page.locator(".sla-badge[data-state='at_risk']").first.get_attribute("title")
    assert "Asia/Shanghai" in tooltip and "/" in tooltip


def test_badge_counts_down_without_websocket_messages(page, tickets_in_every_state):
    events: list[str] = []

    def watch(ws):
        ws.on("framesent", lambda payload: events.append(f"sent {payload}"))
        ws.on("framereceived", lambda payload: events.append(f"received {payload}"))

    page.on("websocket", watch)
    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    badge = page.locator(".sla-badge[data-kind='response'][data-state='on_track']").first
    expect(badge).to_be_visible()
    page.wait_for_timeout(1500)  # let the page's own load events finish
    before_text, seen = badge.inner_text(), len(events)
    page.wait_for_timeout(3000)
    after_text = badge.inner_text()
    during = events[seen:]
    # Socket.IO event messages start with "42"; engine.io keep-alive pings ("2"/"3") carry no data.
    app_messages = [e for e in during if e.split(" ", 1)[1].startswith("4")]
    assert before_text != after_text, (before_text, after_text)
    assert re.search(r"Respond in \d+m \d\ds", after_text)
    assert app_messages == []
