"""The demo generator, without a database: deterministic, realistic, self-consistent."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from seeds import demo

NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def rows():
    return demo.build(NOW)


def share(tickets, key, value):
    return sum(1 for t in tickets if t[key] == value) / len(tickets)


def test_same_now_gives_same_data(rows):
    again = demo.build(NOW)
    assert again["ticket"] == rows["ticket"]
    assert again["ticket_event"] == rows["ticket_event"]


def test_sizes(rows):
    assert len(rows["region"]) == 3
    assert len(rows["outlet"]) == 60
    assert len(rows["ticket"]) > 5000
    roles = Counter(u["role"] for u in rows["app_user"])
    assert set(roles) == {"hq_admin", "hq_analyst", "training_lead", "outlet_manager", "agent"}
    usernames = {u["username"] for u in rows["app_user"]}
    assert {"admin", "analyst", "trainer", "manager1", "manager2", "agent1"} <= usernames


def test_demo_managers_run_different_outlets_and_agent1_works_for_manager1(rows):
    users = {u["username"]: u for u in rows["app_user"]}
    assert users["manager1"]["outlet_id"] != users["manager2"]["outlet_id"]
    assert users["agent1"]["outlet_id"] == users["manager1"]["outlet_id"]


def test_calendars_mix(rows):
    hours = [o for o in rows["outlet"] if o["business_hours"]]
    assert 0 < len(hours) < 30
    assert any(o["holiday_calendar"] == "CN" for o in rows["outlet"])


def test_category_severity_and_channel_mix(rows):
    tickets = rows["ticket"]
    assert share(tickets, "category", "delay") == pytest.approx(0.40, abs=0.03)
    assert share(tickets, "category", "damage") == pytest.approx(0.30, abs=0.03)
    assert share(tickets, "category", "attitude") == pytest.approx(0.20, abs=0.03)
    assert share(tickets, "severity", "general") == pytest.approx(0.80, abs=0.04)
    assert share(tickets, "severity", "serious") == pytest.approx(0.17, abs=0.04)
    assert share(tickets, "severity", "urgent") == pytest.approx(0.03, abs=0.015)
    assert {t["channel"] for t in tickets} == {"app", "wechat", "hotline", "web", "outlet_counter", "social_media", "regulator"}
    assert all(t["severity"] != "general" for t in tickets if t["channel"] == "regulator")


def test_every_stage_occurs(rows):
    stages = {t["stage"] for t in rows["ticket"]}
    assert stages == {"new", "investigating", "proposing", "awaiting_customer", "executing", "resolved", "closed"}


def test_repeats_follow_the_design_rule(rows):
    by_id = {t["id"]: t for t in rows["ticket"]}
    repeats = [t for t in rows["ticket"] if t["repeat_of_id"]]
    assert len(repeats) / len(rows["ticket"]) == pytest.approx(0.15, abs=0.03)
    for t in repeats:
        earlier = by_id[t["repeat_of_id"]]
        same = t["waybill_no"] == earlier["waybill_no"] or (
            t["customer_phone"] == earlier["customer_phone"] and t["category"] == earlier["category"]
        )
        assert same
        assert timedelta(0) <= t["created_at"] - earlier["created_at"] <= timedelta(days=30)


def test_timelines_agree_with_tickets(rows):
    events = {}
    for e in rows["ticket_event"]:
        events.setdefault(e["ticket_id"], []).append(e)
    for t in rows["ticket"]:
        timeline = events[t["id"]]
        assert timeline[0]["kind"] == "created"
        assert [e["at"] for e in timeline] == sorted(e["at"] for e in timeline)
        assert all(e["at"] <= NOW for e in timeline)
        moves = [e for e in timeline if e["to_stage"]]
        assert moves[-1]["to_stage"] == t["stage"]
        assert (t["resolved_at"] is not None) == (t["stage"] in ("resolved", "closed"))
        assert (t["first_response_at"] is None) == (t["stage"] == "new")
        assert t["response_due_at"] > t["created_at"]
        if t["stage"] == "awaiting_customer":
            assert t["paused_since"] is not None


def test_surveys_answered_for_most_resolved_tickets(rows):
    answered = [s for s in rows["survey"] if s["rating"] is not None]
    assert len(answered) / len(rows["survey"]) > 0.7
    assert all(1 <= s["rating"] <= 5 and s["answered_at"] <= NOW for s in answered)


def test_some_outlets_clearly_better_than_others(rows):
    on_time = Counter()
    total = Counter()
    for t in rows["ticket"]:
        if t["resolved_at"]:
            total[t["outlet_id"]] += 1
            on_time[t["outlet_id"]] += t["resolved_at"] <= t["resolution_due_at"]
    rates = sorted(on_time[o] / total[o] for o in total if total[o] >= 20)
    assert rates[-1] - rates[0] > 0.25


def test_demo_api_keys_are_fixed_and_only_hashed(rows):
    from complaint_console.services.api_keys import key_hash

    keys = {k["channel"]: k for k in rows["api_key"]}
    assert set(keys) == {"app", "wechat"}
    assert keys["app"]["key_hash"] == key_hash("demo-app-key-0001") and keys["app"]["key_prefix"] == "demo-app-key"
    assert all("demo-" not in k["key_hash"] for k in keys.values())
