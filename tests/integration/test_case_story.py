"""The story of a typical case (#14) and the pack in every format (Markdown, PDF, slides).

Tickets carry their customers' details written as people write them (dashed, spaced, +86 and
full-width phones, landlines in brackets, split waybills, e-mail, ID cards, street addresses,
spaced-out names, a courier named) in the description, the resolution, event notes, the
survey comment and every field the training lead types; no format holds any of them."""

import io
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Pt
from pypdf import PdfReader
from sqlmodel import select

from complaint_console.db import cases
from complaint_console.db.models import Outlet, Survey, TicketEvent, TypicalCase
from complaint_console.domain.cases import validate_case
from complaint_console.domain.masking import mask_name, mask_phone, mask_waybill
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, case_pack, case_story
from complaint_console.services import cases as case_writes
from complaint_console.views import case_slides
from complaint_console.views.pdf_fonts import FILE as FONT_FILE
from tests import factories as f
from tests.pdf_text import pdf_text
from tests.pptx_render import render_slide, slides_text

WEEK = date(2026, 11, 16)
CREATED = datetime(2026, 11, 17, 2, 0, tzinfo=UTC)
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# name, phone, waybill, e-mail, ID card, how each is written, a second landline, the address, a third person
CUSTOMERS = [
    {
        "name": "欧阳娜娜",
        "phone": "13611112468",
        "waybill": "EAST0019876543",
        "email": "nana.oy@example.com",
        "id": "11010119900307123X",
        "landline": "87654321",
        "text": "我是欧 阳 娜 娜，电话136-1111-2468，也可打+86 136 1111 2468或０１０－８７６５４３２１，运单 EAST 0019 8765 43，"
        "邮箱 nana.oy@example.com，身份证 110101 19900307 123X，"
        "地址上海市徐汇区长乐路88弄5号402室。快递员张伟说没人在家。",
        "secrets": [
            "欧阳娜娜",
            "13611112468",
            "87654321",
            "EAST0019876543",
            "nana.oy@example.com",
            "19900307",
            "88弄",
            "402室",
            "张伟",
        ],
    },
    {
        "name": "Li Wei",
        "phone": "13744445555",
        "waybill": "SF1234567890",
        "email": "li.wei@mail.com",
        "id": "110101900307123",
        "landline": "65432109",
        "text": "Li  Wei here. Call 137.4444.5555 or (021) 6543 2109, waybill SF-1234-5678-90, mail LI.WEI@mail.com, "
        "old ID 110101900307123, deliver to Room 1203, 12 Nanjing Road. Mr. Zhang Qiang refused it. wei li again.",
        "secrets": [
            "LiWei",
            "liwei",
            "weili",
            "13744445555",
            "65432109",
            "SF1234567890",
            "li.wei@mail.com",
            "110101900307123",
            "1203",
            "12NanjingRoad",
            "ZhangQiang",
        ],
    },
]


def _event(db, ticket, minutes, kind, note=None, from_stage=None, to_stage=None):
    db.add(
        TicketEvent(
            ticket_id=ticket.id,
            at=CREATED + timedelta(minutes=minutes),
            kind=kind,
            note=note,
            from_stage=from_stage,
            to_stage=to_stage,
        )
    )


@pytest.fixture
def story_world(db):
    f.region(db)
    outlet = f.outlet(db, "EAST-001")
    trainer = auth.actor_of(f.user(db, "trainer", Role.TRAINING_LEAD))
    earlier = f.ticket(db, "CP-20261101-000009", outlet.id, phone=CUSTOMERS[0]["phone"], name=CUSTOMERS[0]["name"])
    earlier.created_at = CREATED - timedelta(days=12)
    for i, c in enumerate(CUSTOMERS, 1):
        t = f.ticket(db, f"CP-20261117-00000{i}", outlet.id, phone=c["phone"], name=c["name"])
        t.waybill_no, t.customer_email, t.created_at = c["waybill"], c["email"], CREATED
        t.response_due_at, t.resolution_due_at = CREATED + timedelta(minutes=30), CREATED + timedelta(hours=24)
        t.description = c["text"]
        t.resolution_summary = f"已回电，补发并赔偿。{c['text']}"
        t.first_response_at = CREATED + timedelta(minutes=75)  # due after 30: 45 min late
        t.resolved_at = t.closed_at = CREATED + timedelta(hours=26)  # due after 24 h: 2 h late
        t.stage, t.responsibility, t.root_cause = "closed", "outlet", "courier_attitude"
        t.compensation_amount = Decimal("50.00")
        if i == 1:
            t.repeat_of_id, t.repeat_seq = earlier.id, 2
        db.add(t)
        db.flush()
        _event(db, t, 0, "created")
        _event(db, t, 75, "contact", f"打了电话。{c['text']}")
        _event(db, t, 80, "stage_change", None, "new", "investigating")
        _event(db, t, 26 * 60, "stage_change", f"resolved: {c['text']}", "investigating", "resolved")
        db.add(Survey(ticket_id=t.id, answered_at=CREATED + timedelta(hours=30), rating=2, comment=f"太慢了。{c['text']}"))
        typed = re.split(r"(?<=[，。,])", c["text"])[1]  # the training lead pastes the phone clause into short fields
        values = {
            "title": f"回访慢 {typed}",
            "tags": "延误, 回访",
            "practice": "bad",
            "lesson": f"先回电。{c['text']}",
            "why_1": f"为什么？{c['text']}",
            "because_1": "无人跟进",
            "root_cause": f"没有值班表 {typed}",
            "corrective_action": f"排班 {typed}",
            "action_owner": "区域运营",
            "action_due": "2026-12-01",
        }
        draft, errors = validate_case(values, WEEK)
        assert errors == {}
        case_writes.save_case(db, trainer, t.id, WEEK, draft)
    db.commit()
    return trainer


def test_the_story_tells_timeline_survey_lateness_cause_remedy_and_repeats(db, story_world):
    ticket = cases.case_ticket(db, story_world, "CP-20261117-000001")
    story = case_story.read(db, story_world, ticket.ticket_id, now=CREATED + timedelta(days=3))
    en = {s.key: s for s in case_story.sections(story, "en", "Asia/Shanghai")}
    assert list(en) == ["customer", "clocks", "timeline", "cause", "remedy", "repeats"]
    assert en["clocks"].lines == ("First response: late by 45 min", "Resolution: late by 2 h 0 min")
    assert en["customer"].lines[1] == "Survey: ★★☆☆☆ (2/5)" and en["customer"].lines[2].startswith("“太慢了。")
    timeline = en["timeline"].lines
    assert [line[:22] for line in timeline] == [
        "2026-11-17 10:00 · Cre",
        "2026-11-17 11:15 · Cus",
        "2026-11-17 11:20 · Sta",
        "2026-11-18 12:00 · Sta",
    ]
    assert "Stage changed: New → Investigating" in timeline[2]
    assert en["cause"].lines[0] == "Responsibility: Outlet"
    assert en["cause"].lines[1] == "Root cause at closing: Courier attitude"
    assert en["cause"].lines[2].startswith("Root cause (5-Why): 没有值班表")
    assert en["remedy"].lines[-1] == "Compensation: ¥50.00"
    assert en["repeats"].lines == ("Earlier: CP-20261101-000009 · 2026-11-05 · Delay · New",)
    zh = {s.key: s for s in case_story.sections(story, "zh", "Asia/Shanghai")}
    assert zh["clocks"].lines == ("首次响应：超时 45 分钟", "解决：超时 2 小时 0 分钟")
    assert zh["timeline"].title == "时间线" and "阶段变更：待受理 → 调查核实" in zh["timeline"].lines[2]
    other = cases.case_ticket(db, story_world, "CP-20261117-000002")
    lone = case_story.sections(case_story.read(db, story_world, other.ticket_id), "en", "Asia/Shanghai")
    assert lone[-1].lines == ("No earlier or later complaint about this waybill or phone.",)


def test_what_the_training_lead_typed_is_stored_masked(db, story_world):
    for case in db.exec(select(TypicalCase)).all():
        stored = " ".join([case.title, case.lesson, case.root_cause, case.corrective_action, str(case.five_whys)])
        digits = re.sub(r"\D", "", stored)
        for c in CUSTOMERS:
            assert c["phone"] not in digits and c["landline"] not in digits
            assert all(secret.lower() not in re.sub(r"\s", "", stored).lower() for secret in c["secrets"])


def test_outlet_roles_get_no_story(db, story_world):
    outlet_id = db.exec(select(Outlet.id).where(Outlet.code == "EAST-001")).one()
    agent = auth.actor_of(f.user(db, "agent1", Role.AGENT, outlet_id=outlet_id))
    ticket = cases.case_ticket(db, story_world, "CP-20261117-000001")
    assert case_story.read(db, agent, ticket.ticket_id) is None


def exports(db, actor) -> dict[str, str]:
    pack = case_pack.build(db, actor, WEEK)
    assert len(pack.cases) == len(CUSTOMERS)
    out = {}
    for lang in ("en", "zh"):
        out[f"md-{lang}"] = case_pack.markdown(pack, lang)
        out[f"pdf-{lang}"] = pdf_text(case_pack.pdf(pack, lang))
        out[f"pptx-{lang}"] = "\n".join(slides_text(case_slides.pptx(pack, lang)))
    return out


def test_no_pack_format_holds_any_personal_detail(db, story_world):
    analyst = auth.actor_of(f.user(db, "analyst", Role.HQ_ANALYST))
    for actor in (story_world, analyst):
        for fmt, text in exports(db, actor).items():
            flat = re.sub(r"\s", "", text.replace("\\", ""))  # lines broken anywhere, Markdown escapes undone
            digits = re.sub(r"\D", "", text)
            for c in CUSTOMERS:
                for secret in c["secrets"]:
                    assert secret.lower() not in flat.lower(), f"{secret} found in {fmt}"
                for number in (c["phone"], c["landline"], re.sub(r"\D", "", c["id"])):
                    assert number not in digits, f"{number} found in {fmt}"
                assert mask_phone(c["phone"]) in flat, f"the masked phone is missing from {fmt}"
                if not fmt.startswith("pptx"):  # the slides list the case's facts, not its whole text
                    assert mask_waybill(c["waybill"]) in flat and mask_name(c["name"]).replace(" ", "") in flat, fmt


def test_the_slides_are_16_9_with_a_summary_and_a_slide_per_case_in_large_type(db, story_world):
    pack = case_pack.build(db, story_world, WEEK)
    for lang in ("en", "zh"):
        data = case_slides.pptx(pack, lang)
        prs = Presentation(io.BytesIO(data))
        assert len(prs.slides) == len(pack.cases) + 1
        assert round(prs.slide_width / prs.slide_height, 2) == round(16 / 9, 2)
        texts = slides_text(data)
        assert ("Weekly case pack" if lang == "en" else "每周典型案例包") in texts[0]
        assert all(c.number in texts[0] for c in pack.cases)
        heading = "How late each clock was" if lang == "en" else "各项时限"
        assert all(heading in t and c.number in t for t, c in zip(texts[1:], pack.cases, strict=True))
        late = "First response: late by 45 min" if lang == "en" else "首次响应：超时 45 分钟"
        assert late in texts[1] and "★★☆☆☆" in texts[1]
        for slide in prs.slides:
            runs = [r for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs]
            body = [r for r in runs if r.font.size < Pt(20)]
            assert all(r.text.startswith(("Case ", "案例 ", "For training", "仅供培训")) for r in body), [r.text for r in body]
            for r in runs:  # an East Asian font is named, so Chinese never falls back to boxes
                assert r._r.rPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}ea").get("typeface")
        render_slide(data, 1, SHOTS / f"case-pack-slide-{lang}.png")
        render_slide(data, 0, SHOTS / f"case-pack-summary-{lang}.png")
    assert case_pack.filename(WEEK, "pptx") == "case-pack-2026-11-16.pptx"


def test_the_pdf_embeds_its_font_and_has_every_glyph_it_prints(db, story_world):
    from fontTools.ttLib import TTCollection

    cmap = TTCollection(str(FONT_FILE)).fonts[0].getBestCmap()
    pack = case_pack.build(db, story_world, WEEK)
    for lang in ("en", "zh"):
        data = case_pack.pdf(pack, lang)
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / f"case-pack-{lang}.pdf").write_bytes(data)  # kept for a look (pdftoppm, pdffonts)
        reader = PdfReader(io.BytesIO(data))
        fonts = {}
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                fonts[font["/BaseFont"]] = font
        assert fonts, "no font in the PDF"
        for name, font in fonts.items():
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{name} is not embedded"
            assert "WenQuanYi" in str(name)
        text = pdf_text(data)
        assert "⇒" in text and "★" in text and "→" in text
        missing = {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}
        assert missing == set(), f"printed as boxes: {missing}"
