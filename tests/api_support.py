"""Shared set-up of the API tests: a TestClient on the API app bound to a test database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from complaint_console.api import api_app
from complaint_console.api.deps import get_db
from complaint_console.db.models import RoutingRule
from complaint_console.services import api_keys
from tests import factories as f

APP_KEY = "test-app-key-0001"
WECHAT_KEY = "test-wechat-key-0001"


def seed(db: Session) -> None:
    """An outlet that waybills `EAST001…` are routed to, and one key each for app and WeChat."""
    f.region(db)
    outlet = f.outlet(db, "EAST-001")
    db.add(RoutingRule(kind="waybill_prefix", pattern="EAST001", outlet_id=outlet.id))
    api_keys.add_key(db, "app", "Test app", APP_KEY)
    api_keys.add_key(db, "wechat", "Test WeChat", WECHAT_KEY)
    db.commit()


@contextmanager
def client_on(engine: sa.Engine) -> Iterator[TestClient]:
    """A client whose requests use `engine`, each with a session of its own."""

    def session() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as db:
            yield db

    api_app.dependency_overrides[get_db] = session
    try:
        with TestClient(api_app) as client:
            yield client
    finally:
        api_app.dependency_overrides.pop(get_db, None)


def complaint(**fields) -> dict:
    body = dict(
        waybill_no="EAST0010000123",
        customer_name="王小明",
        customer_phone="13812345678",
        category="delay",
        description="The parcel is three days late.",
    )
    body.update(fields)
    return body


def auth(key: str = APP_KEY, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", **headers}
