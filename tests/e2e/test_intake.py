"""An agent records a hotline complaint: wrong fields are named, nothing typed is lost."""

import re

from playwright.sync_api import expect

from complaint_console.i18n.en import MESSAGES
from tests.e2e.conftest import login, screenshot


def test_agent_records_a_hotline_complaint_that_lands_on_the_board(page):
    login(page, "agent1")
    page.wait_for_url(re.compile(r"/board/?$"))
    page.goto("/intake")
    page.fill("#waybill_no", "CC5566778899")
    page.fill("#customer_name", "赵女士")
    page.fill("#customer_phone", "1381234")
    page.fill("#description", "late")
    page.click("#intake-submit")
    expect(page.get_by_text(MESSAGES["intake.phone_invalid"])).to_be_visible()
    expect(page.get_by_text("Describe what happened (at least 10 characters).")).to_be_visible()
    expect(page.locator("#waybill_no")).to_have_value("CC5566778899")
    screenshot(page, "intake-errors.png")

    page.fill("#customer_phone", "13812345678")
    page.fill("#description", "快件显示已签收，但本人没有收到，电话联系快递员无人接听。")
    page.click("#intake-submit")
    number = page.locator("#recorded-number")
    expect(number).to_have_text(re.compile(r"^CP-\d{8}-\d{6}$"))
    recorded = number.inner_text()

    page.goto("/board")
    page.fill("#board-search", recorded)
    page.get_by_role("button", name="Search").click()
    expect(page.locator(f".kanban-column[data-stage='new'] .kanban-card[data-number='{recorded}']")).to_be_visible()


def _outlet_of(db_url: str, number: str) -> str | None:
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        code = conn.execute(
            sa.text("SELECT o.code FROM ticket t LEFT JOIN outlet o ON o.id = t.outlet_id WHERE t.number = :n"), {"n": number}
        ).scalar()
    engine.dispose()
    return code


def test_an_agents_intake_is_routed_and_says_where_it_went(page, app_server):
    """An EAST-001 agent records a complaint about a SOUTH-001 waybill: it goes to SOUTH-001 and the
    form says so; one no rule matches stays with the agent's own outlet, and says that too."""
    login(page, "agent1")
    page.wait_for_url(re.compile(r"/board/?$"))
    page.goto("/intake")
    page.fill("#waybill_no", "SOUTH0019876543")
    page.fill("#customer_name", "钱先生")
    page.fill("#customer_phone", "13912345678")
    page.fill("#description", "包裹在广州转运中心停留三天没有更新。")
    page.click("#intake-submit")
    number = page.locator("#recorded-number")
    expect(number).to_have_text(re.compile(r"^CP-\d{8}-\d{6}$"))
    expect(page.locator("#recorded-routing")).to_contain_text("SOUTH-001")
    expect(page.locator("#recorded-routing")).to_contain_text(MESSAGES["intake.routed_waybill"])
    assert _outlet_of(app_server.db_url, number.inner_text()) == "SOUTH-001"
    expect(page.get_by_role("link", name=MESSAGES["intake.open_ticket"])).to_have_count(0)  # another outlet's ticket
    screenshot(page, "intake-routed.png")

    page.get_by_role("button", name=MESSAGES["intake.another"]).click()
    page.fill("#waybill_no", "ZZ5566778800")
    page.fill("#customer_name", "孙女士")
    page.fill("#customer_phone", "13912345679")
    page.fill("#description", "柜台寄件时多收了保价费，要求退还。")
    page.click("#intake-submit")
    expect(number).to_have_text(re.compile(r"^CP-\d{8}-\d{6}$"))
    expect(page.locator("#recorded-routing")).to_contain_text("EAST-001")
    expect(page.locator("#recorded-routing")).to_contain_text(MESSAGES["intake.routed_recorder"])
    assert _outlet_of(app_server.db_url, number.inner_text()) == "EAST-001"
    expect(page.get_by_role("link", name=MESSAGES["intake.open_ticket"])).to_be_visible()
