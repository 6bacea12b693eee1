"""The public form's service: evidence by content, all-or-nothing storage, throttling."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from complaint_console.db.models import Attachment, Ticket
from complaint_console.domain.intake import ComplaintInput
from complaint_console.services import public_intake
from complaint_console.services.file_store import LocalStore
from tests import factories as f

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def complaint(**kw):
    base = dict(waybill_no="ZT123456789012", customer_name="王小明", customer_phone="13812345678", channel="web",
                category="damage", description="The box was crushed and the bowl broke.")  # fmt: skip
    base.update(kw)
    return ComplaintInput(**base)


def test_evidence_is_stored_under_random_names_with_the_ticket(db, tmp_path):
    f.region(db)
    f.outlet(db, "EAST-001")
    db.commit()
    result = public_intake.file_complaint(db, "1.1.1.1", complaint(), [("bowl.png", PNG)], now=NOW, store=LocalStore(tmp_path))
    assert result.errors == {} and result.number
    attachment = db.exec(select(Attachment)).one()
    assert attachment.original_name == "bowl.png" and attachment.content_type == "image/png"
    assert (tmp_path / attachment.stored_name).read_bytes() == PNG and attachment.stored_name.endswith(".png")


def test_a_refused_complaint_leaves_no_file_and_no_ticket(db, tmp_path):
    f.region(db)
    db.commit()
    store = LocalStore(tmp_path)
    bad_phone = public_intake.file_complaint(db, "1.1.1.1", complaint(customer_phone="1"), [("bowl.png", PNG)], NOW, store)
    assert bad_phone.errors == {"customer_phone": "intake.phone_invalid"}
    bad_file = public_intake.file_complaint(db, "1.1.1.1", complaint(), [("x.jpg", b"MZ...")], NOW, store)
    assert bad_file.errors == {"evidence": "evidence.wrong_type"}
    assert list(tmp_path.iterdir()) == [] and db.exec(select(Ticket)).all() == []


def test_submissions_are_limited_per_client(db, tmp_path):
    f.region(db)
    db.commit()
    store = LocalStore(tmp_path)
    for i in range(public_intake.SUBMISSIONS_PER_HOUR):
        assert public_intake.file_complaint(db, "2.2.2.2", complaint(waybill_no=f"ZT00000000{i:04d}"), [], NOW, store).number
    assert public_intake.file_complaint(db, "2.2.2.2", complaint(), [], NOW, store).errors == {"*": "complain.throttled"}
    assert public_intake.file_complaint(db, "3.3.3.3", complaint(), [], NOW, store).number
    assert public_intake.file_complaint(db, "2.2.2.2", complaint(), [], NOW + timedelta(minutes=61), store).number
