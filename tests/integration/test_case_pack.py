"""The weekly case pack: every exported format is scanned for the underlying tickets'
unmasked customer names, phone numbers and waybill numbers, and none is found."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from complaint_console.db import cases
from complaint_console.db.models import TypicalCase
from complaint_console.domain.cases import validate_case
from complaint_console.domain.masking import mask_name, mask_phone, mask_waybill
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, case_pack
from complaint_console.services import cases as case_writes
from tests import factories as f
from tests.pdf_text import pdf_text

WEEK = date(2026, 11, 16)
DAY = datetime(2026, 11, 17, 2, 0, tzinfo=UTC)
CUSTOMERS = [  # name, phone, waybill, a second phone the customer wrote into the description
    ("欧阳娜娜", "13611112468", "YT9876543210123", "15900001111"),
    ("王芳", "18822223333", "SF1234567890", "010-87654321"),
    ("Li Wei", "13744445555", "EMS0011223344", "13000009999"),
]


@pytest.fixture
def pack_world(db):
    f.region(db)
    outlet = f.outlet(db, "EAST-001")
    trainer = auth.actor_of(f.user(db, "trainer", Role.TRAINING_LEAD))
    for i, (name, phone, waybill, other) in enumerate(CUSTOMERS, 1):
        t = f.ticket(db, f"CP-20261117-00000{i}", outlet.id, phone=phone, name=name)
        t.waybill_no, t.created_at = waybill, DAY + timedelta(hours=i)
        t.description = f"我是{name}，电话{phone}，备用{other}，运单{waybill}一直没到。"
        t.resolution_summary = f"已致电{name}（{phone}），运单 {waybill} 已补发。"
        db.add(t)
        db.flush()
        values = {
            "title": f"{name}的包裹",
            "tags": f"延误, {phone}",
            "practice": "bad",
            "lesson": f"给{name}回电 {phone} 太晚",
            "why_1": f"为什么{name}投诉？",
            "because_1": f"运单{waybill}滞留",
            "why_2": "为什么滞留？",
            "because_2": f"{name}的地址不全，{other}无人接听",
            "root_cause": "地址校验缺失",
            "corrective_action": f"回访 {phone}",
            "action_owner": name,
            "action_due": "2026-12-01",
        }
        draft, errors = validate_case(values, WEEK)
        assert errors == {}
        case_writes.save_case(db, trainer, t.id, WEEK, draft)
    return trainer


def exports(db, actor) -> dict[str, str]:
    pack = case_pack.build(db, actor, WEEK)
    assert len(pack.cases) == len(CUSTOMERS)
    return {
        f"{fmt}-{lang}": case_pack.markdown(pack, lang) if fmt == "md" else pdf_text(case_pack.pdf(pack, lang))
        for fmt in ("md", "pdf")
        for lang in ("en", "zh")
    }


def test_no_export_format_contains_a_customers_name_phone_or_waybill(db, pack_world):
    analyst = auth.actor_of(f.user(db, "analyst", Role.HQ_ANALYST))  # HQ may see contacts elsewhere: not in packs
    for actor in (pack_world, analyst):
        for name, text in exports(db, actor).items():
            flat = re.sub(r"\s", "", text.replace("\\", ""))  # lines broken anywhere, Markdown escapes undone
            digits = re.sub(r"\D", "", text)
            for customer, phone, waybill, other in CUSTOMERS:
                for secret in (customer.replace(" ", ""), phone, waybill, other.replace("-", "")):
                    assert secret not in flat and secret not in flat.replace("-", ""), f"{secret} found in {name}"
                for number in (phone, other.replace("-", "")):
                    assert number not in digits, f"{number} found in {name}"
                # the scan can see text: the masked forms are there
                for masked in (mask_name(customer), mask_phone(phone), mask_waybill(waybill)):
                    assert masked.replace(" ", "") in flat, f"{masked} missing from {name}"


def test_markdown_and_pdf_carry_the_whole_case(db, pack_world):
    pack = case_pack.build(db, pack_world, WEEK)
    md = case_pack.markdown(pack, "en")
    assert md.startswith("# Weekly case pack: 2026-11-16 – 2026-11-22")
    assert md.count("\n## ") == 3 and "### 5-Why chain" in md and "**Root cause:** 地址校验缺失" in md
    pdf = case_pack.pdf(pack, "zh")
    assert pdf.startswith(b"%PDF") and "每周典型案例包" in pdf_text(pdf) and "地址校验缺失" in pdf_text(pdf)
    assert case_pack.filename(WEEK, "pdf") == "case-pack-2026-11-16.pdf"
    empty = case_pack.build(db, pack_world, WEEK - timedelta(days=7))
    assert "No cases were picked" in case_pack.markdown(empty) and pdf_text(case_pack.pdf(empty)).startswith("Weekly")


def test_what_the_training_lead_types_is_stored_masked(db, pack_world):
    stored = cases.library(db, pack_world, cases.LibraryQuery())
    assert {r.title for r in stored} == {f"{mask_name(c[0])}的包裹" for c in CUSTOMERS}
    assert all(mask_phone(c[1]) in r.tags for r in stored for c in CUSTOMERS if r.title.startswith(c[0][0]))


def test_markdown_pack_escapes_html_that_a_trainer_typed(db, pack_world):
    case = db.exec(select(TypicalCase)).first()
    case.lesson = '<img src=x onerror="alert(1)"> and <script>alert(2)</script>'
    db.add(case)
    db.commit()
    md = case_pack.markdown(case_pack.build(db, pack_world, WEEK), "en")
    assert "<img" not in md and "<script" not in md
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in md
