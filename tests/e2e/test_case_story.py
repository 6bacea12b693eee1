"""The story on a case page (#14): the training lead opens a case and reads its timeline, what
the customer said in the survey and how late each clock was, with the phone the customer wrote
with dashes, spaces and dots masked; in English and in Chinese."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect
from sqlmodel import Session, select

from complaint_console.db.engine import make_engine
from complaint_console.db.models import Survey, Ticket, TicketEvent
from complaint_console.db.scores import monday_of, week_bounds
from complaint_console.settings import get_settings
from tests.e2e.conftest import insert_ticket, login, screenshot

DESCRIPTION = "包裹三天没到。请打139-1234-5678或139 1234 5678联系我，运单 EAST 0019 8765 43，地址南京路123号1203室。"


def _story_ticket(db_url: str) -> str:
    now, tz = datetime.now(UTC).replace(microsecond=0), get_settings().business_tz
    # this week, so last week's candidates (tests/e2e/test_cases.py) never see it, even early on a Monday
    created = max(now - timedelta(hours=3), week_bounds(monday_of(now, tz), tz)[0] + timedelta(minutes=1))
    number = insert_ticket(
        db_url,
        "EAST-001",
        983_501,
        customer_name="赵丽娟",
        customer_phone="13912345678",
        waybill_no="EAST0019876543",
        description=DESCRIPTION,
        created_at=created,
        stage="investigating",
    )
    engine = make_engine(db_url)
    with Session(engine) as db:
        ticket = db.exec(select(Ticket).where(Ticket.number == number)).one()
        ticket.first_response_at = created + timedelta(minutes=50)  # general: 30 minutes, so 20 late
        db.add(ticket)
        db.add(TicketEvent(ticket_id=ticket.id, at=created, kind="created"))
        db.add(
            TicketEvent(
                ticket_id=ticket.id,
                at=created + timedelta(minutes=50),
                kind="contact",
                note="回电 139.1234.5678，客户说快递员张伟态度差",
            )
        )
        db.add(
            TicketEvent(
                ticket_id=ticket.id,
                at=created + timedelta(minutes=55),
                kind="stage_change",
                from_stage="new",
                to_stage="investigating",
            )
        )
        db.add(
            Survey(
                ticket_id=ticket.id,
                answered_at=created + timedelta(hours=2),
                rating=2,
                comment="太慢了，打 +86 139 1234 5678 都没人接",
            )
        )
        db.commit()
    engine.dispose()
    return number


def test_training_lead_reads_the_story_of_a_case_in_both_languages(page, app_server):
    number = _story_ticket(app_server.db_url)
    login(page, "trainer")
    page.wait_for_url(re.compile(r"/cases/?$"))
    page.goto(f"/cases/ticket/{number}")
    story = page.locator("#case-story")
    expect(story).to_be_visible()
    customer = story.locator("[data-section=customer]")
    expect(customer).to_contain_text("包裹三天没到")
    expect(customer).to_contain_text("Survey: ★★☆☆☆ (2/5)")
    expect(customer).to_contain_text("太慢了")
    expect(story.locator("[data-section=clocks]")).to_contain_text("First response: late by 20 min")
    timeline = story.locator("[data-section=timeline] .story-line")
    expect(timeline).to_have_count(3)
    expect(timeline.nth(0)).to_contain_text("Created")
    expect(timeline.nth(1)).to_contain_text("Customer contacted")
    expect(timeline.nth(2)).to_contain_text("Stage changed: New → Investigating")
    text = story.inner_text()
    assert "139****5678" in text and "EA********6543" in text
    for secret in ("139-1234-5678", "139 1234 5678", "139.1234.5678", "1234", "赵丽娟", "张伟", "EAST 0019", "123号", "1203"):
        assert secret not in text, secret
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "case-story-en.png")

    page.click("#language-switch")
    expect(story.locator("[data-section=clocks]")).to_contain_text("首次响应：超时 20 分钟")
    expect(story.locator("[data-section=customer]")).to_contain_text("满意度回访：★★☆☆☆")
    expect(timeline.nth(2)).to_contain_text("阶段变更：待受理 → 调查核实")
    assert "139****5678" in story.inner_text() and "赵丽娟" not in story.inner_text()
    screenshot(page, "case-story-zh.png")
    page.click("#language-switch")


def test_the_slides_download_beside_the_other_packs(page, app_server, tmp_path):
    """The story ticket's case, picked this week, comes out of "Case pack (slides)" as a 16:9 PPTX."""
    from pptx import Presentation

    from complaint_console.db.models import TypicalCase
    from tests.pptx_render import slides_text

    week = monday_of(datetime.now(UTC), get_settings().business_tz)
    engine = make_engine(app_server.db_url)
    with Session(engine) as db:
        ticket = db.exec(select(Ticket).where(Ticket.customer_phone == "13912345678", Ticket.customer_name == "赵丽娟")).first()
        number = ticket.number if ticket else _story_ticket(app_server.db_url)
        ticket_id = db.exec(select(Ticket.id).where(Ticket.number == number)).one()
        db.add(
            TypicalCase(
                ticket_id=ticket_id,
                week_start=week,
                title="回访太慢 139-1234-5678",
                practice="bad",
                lesson="当天回电",
                corrective_action="排班",
                action_owner="区域运营",
            )
        )
        db.commit()
        picked = len(db.exec(select(TypicalCase.id).where(TypicalCase.week_start == week)).all())  # earlier tests pick too
    engine.dispose()
    login(page, "trainer")
    page.wait_for_url(re.compile(r"/cases/?$"))
    page.click("#cases-week")
    page.get_by_role("option", name=week.isoformat()).click()
    expect(page.locator("#cases-picked-count")).to_have_text(str(picked))
    expect(page.locator("#export-pptx")).to_be_enabled()
    with page.expect_download() as download:
        page.click("#export-pptx")
    assert download.value.suggested_filename == f"case-pack-{week.isoformat()}.pptx"
    path = tmp_path / "pack.pptx"
    download.value.save_as(path)
    data = path.read_bytes()
    prs = Presentation(str(path))
    assert len(prs.slides) == 1 + picked and round(prs.slide_width / prs.slide_height, 2) == round(16 / 9, 2)
    summary, *cases = slides_text(data)
    case = next(text for text in cases if number in text)  # this ticket's slide
    assert number in summary
    assert "First response: late by 20 min" in case and "★★☆☆☆" in case
    for secret in ("139-1234-5678", "139 1234 5678", "13912345678", "赵丽娟", "EAST 0019"):
        assert secret not in "\n".join([summary, *cases]), secret
