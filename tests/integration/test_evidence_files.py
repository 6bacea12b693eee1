"""Evidence files are served only to a signed-in user who may see their ticket."""

import pytest

from complaint_console.db.models import Attachment
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth
from complaint_console.settings import get_settings
from tests import factories as f
from tests.api_support import client_on

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(db, migrated_engine, tmp_path, monkeypatch):
    monkeypatch.setenv("UPLOAD_DIR", str(tmp_path))
    get_settings.cache_clear()
    f.region(db)
    east, south = f.outlet(db, "EAST-001"), f.outlet(db, "SOUTH-001")
    f.user(db, "manager1", Role.OUTLET_MANAGER, east.id)
    f.user(db, "manager2", Role.OUTLET_MANAGER, south.id)
    f.user(db, "trainer", Role.TRAINING_LEAD)  # sees every outlet's tickets, masked
    f.user(db, "analyst", Role.HQ_ANALYST)
    ticket = f.ticket(db, "CP-20261120-000001", east.id)
    (tmp_path / "0f3c9a.png").write_bytes(PNG)
    photo = Attachment(
        ticket_id=ticket.id,
        original_name="破损 photo.png",
        stored_name="0f3c9a.png",
        content_type="image/png",
        size_bytes=len(PNG),
    )
    db.add(photo)
    db.commit()
    with client_on(migrated_engine) as client:
        yield client, photo.id
    get_settings.cache_clear()


def session_of(db, username: str) -> dict[str, str]:
    return {"cc_session": auth.login(db, username, f.PASSWORD).token}


def test_the_outlets_manager_gets_the_file_inline_with_its_type(db, world):
    client, photo = world
    answer = client.get(f"/api/evidence/{photo}", cookies=session_of(db, "manager1"))
    assert answer.status_code == 200 and answer.content == PNG
    assert answer.headers["content-type"] == "image/png" and answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["content-disposition"] == "inline; filename*=UTF-8''%E7%A0%B4%E6%8D%9F%20photo.png"


def test_hq_who_sees_customers_gets_the_file(db, world):
    client, photo = world
    assert client.get(f"/api/evidence/{photo}", cookies=session_of(db, "analyst")).content == PNG


@pytest.mark.parametrize("who", ["manager2", None, "forged", "trainer"])
def test_anyone_else_gets_not_found(db, world, who):
    client, photo = world
    cookies = {"cc_session": "not-a-session"} if who == "forged" else session_of(db, who) if who else {}
    answer = client.get(f"/api/evidence/{photo}", cookies=cookies)
    assert answer.status_code == 404 and answer.content != PNG
