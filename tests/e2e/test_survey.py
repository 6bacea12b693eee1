"""The satisfaction revisit in a browser: the worker sends the link 24 h after `resolved`,
the customer answers in their language; 2 stars reopen the ticket, 5 close it; a used or
tampered link gets a clear refusal."""

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, arrow_key, insert_ticket, login, screenshot


def resolved_ticket(db_url: str, sequence: int, language: str) -> str:
    now = datetime.now(UTC).replace(microsecond=0)
    return insert_ticket(
        db_url,
        "EAST-001",
        sequence,
        stage="resolved",
        customer_language=language,
        created_at=now - timedelta(hours=30),
        first_response_at=now - timedelta(hours=29),
        resolved_at=now - timedelta(hours=25),
        resolution_summary="Parcel re-delivered with an apology.",
        responsibility="outlet",
        compensation_amount=0,
    )


def run_worker(db_url: str) -> str:
    env = {**os.environ, "DATABASE_URL": db_url, "SECRET_KEY": "e2e-secret"}  # the server's secret (conftest)
    command = [sys.executable, "-m", "complaint_console", "worker", "--once"]
    done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def query(db_url: str, sql: str, **params):
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text(sql), params).all()
    engine.dispose()
    return rows


def survey_path(db_url: str, number: str) -> str:
    rows = query(
        db_url,
        "SELECT n.payload, n.body FROM notification n JOIN ticket t ON t.id = n.ticket_id "
        "WHERE t.number = :n AND n.kind = 'customer_survey'",
        n=number,
    )
    assert len(rows) == 1, rows  # one message, however often the worker ran
    payload = json.loads(rows[0][0]) if isinstance(rows[0][0], str) else rows[0][0]
    assert payload["url"] in rows[0][1]
    return urlparse(payload["url"]).path


def ticket_state(db_url: str, number: str):
    stage = query(db_url, "SELECT stage FROM ticket WHERE number = :n", n=number)[0][0]
    events = query(
        db_url,
        "SELECT e.kind, e.to_stage, e.note FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
        "WHERE t.number = :n ORDER BY e.id",
        n=number,
    )
    return stage, events


def test_survey_journey(browser, app_server):
    low = resolved_ticket(app_server.db_url, 940_001, "en")
    good = resolved_ticket(app_server.db_url, 940_002, "zh")
    assert "surveys: ok" in run_worker(app_server.db_url)
    run_worker(app_server.db_url)  # a second run queues nothing more (checked in survey_path)
    low_path, good_path = survey_path(app_server.db_url, low), survey_path(app_server.db_url, good)

    # an English-speaking customer rates 2 stars: the complaint is reopened
    en = browser.new_context(viewport={"width": 1000, "height": 1100}, base_url=app_server.url).new_page()
    en.set_default_timeout(30_000)
    en.goto(low_path)
    expect(en.locator("#survey-number")).to_have_text(low)
    expect(en.get_by_text("How did we do?", exact=True)).to_be_visible()
    en.fill("#survey-comment", "The parcel came back damaged again.")
    en.click("#survey-submit")
    expect(en.get_by_role("alert")).to_have_text("Choose a rating from 1 to 5 stars.")
    expect(en.locator("#survey-comment")).to_have_value("The parcel came back damaged again.")  # nothing typed is lost
    en.locator("#survey-star-1").focus()
    en.keyboard.press("Space")  # the stars are a radio group: keys pick
    expect(en.locator("#survey-star-1")).to_have_attribute("aria-checked", "true")
    expect(en.get_by_role("alert")).to_have_count(0)  # the field's message goes once a rating is chosen
    en.wait_for_timeout(300)  # the group re-renders with the choice; then the arrow moves it
    en.locator("#survey-star-1").focus()
    arrow_key(en, "ArrowRight")
    expect(en.locator("#survey-star-2")).to_have_attribute("aria-checked", "true")
    screenshot(en, "survey-en.png")
    en.click("#survey-submit")
    expect(en.locator("#survey-thanks")).to_contain_text("We have reopened your complaint and will contact you soon.")
    screenshot(en, "survey-thanks-low.png")
    stage, events = ticket_state(app_server.db_url, low)
    assert stage == "investigating"
    assert events[-1] == ("reopened", "investigating", "survey rating 2/5: The parcel came back damaged again.")

    # the same link again, and a tampered one
    en.goto(low_path)
    used = "This survey has already been answered. Each link can be used once. Thank you!"
    expect(en.locator("#survey-message")).to_have_text(used)
    expect(en.locator("#survey-submit")).to_have_count(0)
    tampered = low_path[:-3] + ("abc" if not low_path.endswith("abc") else "xyz")
    en.goto(tampered)
    expect(en.locator("#survey-message")).to_have_text(
        "This survey link is not valid. Please open the link exactly as we sent it to you."
    )
    expect(en.get_by_text(low)).to_have_count(0)  # nothing about the ticket for a bad link
    screenshot(en, "survey-refused.png")
    en.goto("/survey/1.99999999999.forged")
    expect(en.locator("#survey-message")).to_contain_text("not valid")

    # manager1 sees the reopen on the ticket page
    login(en, "manager1")
    en.wait_for_url(re.compile("/board/?$"))
    en.goto(f"/tickets/{low}")
    expect(en.locator("#ticket-number")).to_have_text(low)
    expect(en.get_by_text("survey rating 2/5: The parcel came back damaged again.")).to_be_visible()
    expect(en.get_by_text("Reopened", exact=True)).to_be_visible()

    # a Chinese-speaking customer: the page opens in Chinese; 5 stars close the complaint
    zh = browser.new_context(viewport={"width": 1000, "height": 1100}, base_url=app_server.url).new_page()
    zh.set_default_timeout(30_000)
    zh.goto(good_path)
    expect(zh.get_by_text("我们做得怎么样？", exact=True)).to_be_visible()
    expect(zh.locator("#survey-number")).to_have_text(good)
    zh.set_viewport_size({"width": 390, "height": 1400})  # a phone: one big target per rating
    screenshot(zh, "survey-zh-phone.png")
    zh.set_viewport_size({"width": 1000, "height": 1100})
    zh.click("#survey-star-5")
    zh.fill("#survey-comment", "处理很及时，谢谢！")
    screenshot(zh, "survey-zh.png")
    zh.click("#language-switch")  # the language switch still works
    expect(zh.get_by_text("How did we do?", exact=True)).to_be_visible()
    zh.click("#language-switch")
    zh.click("#survey-submit")
    expect(zh.locator("#survey-thanks")).to_have_text("感谢您的评价，我们会继续努力为您提供更好的服务。")
    stage, events = ticket_state(app_server.db_url, good)
    assert stage == "closed" and events[-1] == ("stage_change", "closed", "closed: survey answered 5/5: 处理很及时，谢谢！")
    zh.goto(good_path)
    expect(zh.locator("#survey-message")).to_contain_text("此回访已经提交过评价")
