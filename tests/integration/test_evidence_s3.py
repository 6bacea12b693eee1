"""With FILE_STORAGE=s3, a customer's evidence goes to the bucket and staff read it back through
the evidence route, with the same scope check as on local disk. The bucket is a real S3 server
(moto in server mode, over HTTP)."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from complaint_console.db.models import Attachment, Outlet, Ticket
from complaint_console.domain.intake import ComplaintInput
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, public_intake
from complaint_console.services.file_store import file_store
from complaint_console.settings import get_settings
from tests import factories as f
from tests.api_support import client_on, seed
from tests.s3_support import REGION, aws_environment, new_bucket, object_keys, s3_server

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 400  # 100 KiB: streamed in more than one piece


@pytest.fixture(scope="module")
def endpoint():
    with s3_server() as url:
        yield url


@pytest.fixture
def bucket(endpoint, monkeypatch, tmp_path):
    """The settings point at a new bucket; UPLOAD_DIR at a folder that must stay empty."""
    aws_environment(monkeypatch)
    name = new_bucket(endpoint)
    for variable, value in {
        "FILE_STORAGE": "s3",
        "S3_BUCKET": name,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": REGION,
        "S3_PREFIX": "evidence",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }.items():
        monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    yield name
    get_settings.cache_clear()


def complaint(**fields) -> ComplaintInput:
    base = dict(
        waybill_no="EAST0010000123",
        customer_name="王小明",
        customer_phone="13812345678",
        channel="web",
        category="damage",
        description="The box was crushed and the bowl broke.",
    )
    return ComplaintInput(**{**base, **fields})


def session_of(db, username: str) -> dict[str, str]:
    return {"cc_session": auth.login(db, username, f.PASSWORD).token}


def test_public_evidence_in_s3_is_served_to_the_outlets_manager_only(db, migrated_engine, endpoint, bucket, tmp_path):
    seed(db)  # waybills EAST001… go to EAST-001
    f.user(db, "manager1", Role.OUTLET_MANAGER, db.exec(select(Outlet.id).where(Outlet.code == "EAST-001")).one())
    south = f.outlet(db, "SOUTH-001")
    f.user(db, "manager2", Role.OUTLET_MANAGER, south.id)
    db.commit()
    filed = public_intake.file_complaint(db, "1.1.1.1", complaint(), [("破损 bowl.png", PNG)], now=NOW)
    assert filed.errors == {} and filed.number
    attachment = db.exec(select(Attachment)).one()
    assert object_keys(endpoint, bucket) == [f"evidence/{attachment.stored_name}"]
    assert not (tmp_path / "uploads").exists()  # nothing on local disk
    with client_on(migrated_engine) as client:
        answer = client.get(f"/api/evidence/{attachment.id}", cookies=session_of(db, "manager1"))
        assert answer.status_code == 200 and answer.content == PNG
        assert answer.headers["content-type"] == "image/png" and answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["content-disposition"] == "inline; filename*=UTF-8''%E7%A0%B4%E6%8D%9F%20bowl.png"
        other = client.get(f"/api/evidence/{attachment.id}", cookies=session_of(db, "manager2"))
        assert other.status_code == 404 and other.content != PNG
        nobody = client.get(f"/api/evidence/{attachment.id}")
        assert nobody.status_code == 404


def test_evidence_missing_from_the_bucket_is_not_found(db, migrated_engine, endpoint, bucket):
    seed(db)
    f.user(db, "hq", Role.HQ_ADMIN)
    db.commit()
    public_intake.file_complaint(db, "1.1.1.1", complaint(), [("bowl.png", PNG)], now=NOW)
    attachment = db.exec(select(Attachment)).one()
    file_store().delete(attachment.stored_name)
    with client_on(migrated_engine) as client:
        answer = client.get(f"/api/evidence/{attachment.id}", cookies=session_of(db, "hq"))
    assert answer.status_code == 404 and answer.json() == {"errors": {"file": "not found"}}


def test_a_refused_complaint_leaves_nothing_in_the_bucket(db, endpoint, bucket):
    seed(db)
    refused = public_intake.file_complaint(db, "1.1.1.1", complaint(customer_phone="1"), [("bowl.png", PNG)], now=NOW)
    assert refused.errors == {"customer_phone": "intake.phone_invalid"}
    assert object_keys(endpoint, bucket) == [] and db.exec(select(Ticket)).all() == []
