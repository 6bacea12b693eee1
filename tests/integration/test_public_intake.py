"""The public form's service: evidence by content, all-or-nothing storage, throttling."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import select

from complaint_console.db.models import Attachment, RateLimitHit, Ticket
from complaint_console.domain.intake import ComplaintInput
from complaint_console.services import public_intake
from complaint_console.services.file_store import LocalStore
from complaint_console.settings import get_settings
from tests import factories as f

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def complaint(**kw):
    base = dict(
        waybill_no="ZT123456789012",
        customer_name="王小明",
        customer_phone="13812345678",
        channel="web",
        category="damage",
        description="The box was crushed and the bowl broke.",
    )
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


def _customer(i: int) -> ComplaintInput:
    return complaint(waybill_no=f"ZT00000000{i:04d}", customer_phone=f"1391234{i:04d}")


def test_one_connection_is_limited_generously_and_others_are_not(db, tmp_path):
    """A counter kiosk or a carrier-grade NAT: many customers, one address."""
    f.region(db)
    db.commit()
    store, limit = LocalStore(tmp_path), get_settings().public_limits.per_client_hour
    for i in range(limit):
        assert public_intake.file_complaint(db, "2.2.2.2", _customer(i), [], NOW, store).number, i
    assert public_intake.file_complaint(db, "2.2.2.2", _customer(limit), [], NOW, store).errors == {"*": "complain.throttled"}
    assert public_intake.file_complaint(db, "3.3.3.3", _customer(limit), [], NOW, store).number
    assert public_intake.file_complaint(db, "2.2.2.2", _customer(limit + 1), [], NOW + timedelta(minutes=61), store).number


def test_one_phone_number_and_one_parcel_are_limited_a_day_whatever_the_connection(db, tmp_path):
    f.region(db)
    db.commit()
    store, limits = LocalStore(tmp_path), get_settings().public_limits

    def file(client: str, phone: str, waybill: str, when=NOW):
        return public_intake.file_complaint(db, client, complaint(customer_phone=phone, waybill_no=waybill), [], when, store)

    for i in range(limits.per_phone_day):  # the same customer from ever new addresses, with new parcels, in any format
        assert file(f"10.0.0.{i}", ("139-1234-0001", "+86 139 1234 0001", "13912340001")[i % 3], f"ZT9{i:011d}").number
    assert file("10.0.1.1", "13912340001", "ZT900000000099").errors == {"*": "complain.throttled"}
    for i in range(limits.per_waybill_day):  # one parcel, different callers
        assert file(f"10.0.2.{i}", f"1371234{i:04d}", "ZT 5555 6666 77").number
    assert file("10.0.3.1", "13700009999", "zt555566667 7").errors == {"*": "complain.throttled"}
    assert file("10.0.1.1", "13912340001", "ZT900000000099", NOW + timedelta(days=1)).number


def test_refused_uploads_are_counted_and_then_refused_unread(db, tmp_path):
    f.region(db)
    db.commit()
    limit = get_settings().public_limits.refused_uploads_per_client_hour
    for _ in range(limit):
        assert not public_intake.upload_refused_too_often(db, "4.4.4.4", NOW)
        assert public_intake.refuse_upload(db, "4.4.4.4", "evidence.too_big", NOW).errors == {"evidence": "evidence.too_big"}
    assert public_intake.upload_refused_too_often(db, "4.4.4.4", NOW)
    assert not public_intake.upload_refused_too_often(db, "5.5.5.5", NOW)
    assert not public_intake.upload_refused_too_often(db, "4.4.4.4", NOW + timedelta(minutes=61))
    wrong = public_intake.file_complaint(db, "6.6.6.6", complaint(), [("x.jpg", b"MZ...")], NOW, LocalStore(tmp_path))
    assert wrong.errors == {"evidence": "evidence.wrong_type"}  # a refusal after reading counts too
    assert (
        db.exec(select(sa.func.count()).select_from(RateLimitHit).where(RateLimitHit.key == "complain:refused:6.6.6.6")).one()
        == 1
    )
