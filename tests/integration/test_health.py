"""`/health`: 200 while the database, Redis and the jobs lease are fine; 503 naming what failed."""

import os
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from complaint_console.api import api_app
from complaint_console.api import health as health_route
from complaint_console.db.engine import make_engine
from complaint_console.db.migrate import upgrade
from complaint_console.jobs import lease
from complaint_console.services import health
from complaint_console.settings import get_settings

NOW = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("TEST_REDIS_URL")


def test_a_working_database_and_a_held_lease_are_healthy(migrated_engine):
    with migrated_engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM job_lease"))
    assert health.check(migrated_engine, None, NOW, jobs_required=False).ok  # web with SCHEDULER=off
    nobody = health.check(migrated_engine, None, NOW, jobs_required=True)
    assert not nobody.ok and "no scheduler" in nobody.checks["jobs_lease"].detail
    assert lease.take(migrated_engine, "host:1", NOW)
    assert health.check(migrated_engine, None, NOW + timedelta(seconds=30), jobs_required=True).ok
    dead = health.check(migrated_engine, None, NOW + lease.ttl() * 3, jobs_required=False)
    assert not dead.ok and "host:1" in dead.checks["jobs_lease"].detail
    assert dead.as_json()["status"] == "fail" and dead.checks["database"].ok
    lease.release(migrated_engine, "host:1")


def test_redis_is_checked_when_configured():
    if not REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set: the Redis check is not tried")
    assert health.redis(REDIS_URL).ok
    down = health.redis("redis://127.0.0.1:1/0")
    assert not down.ok and "Connection" in down.detail


web_settings = replace(get_settings(), scheduler="off", redis_url=None)


def test_the_endpoint_answers_503_when_the_database_is_dropped(monkeypatch):
    """A PostgreSQL database of its own, healthy, then dropped under the running app."""
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set: the dropped-database test needs PostgreSQL")
    name = f"cc_health_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        upgrade(engine)
        monkeypatch.setattr(health_route, "get_engine", lambda: engine)
        monkeypatch.setattr(health_route, "get_settings", lambda: web_settings)  # a web process; a worker runs the jobs
        client = TestClient(api_app)
        answer = client.get("/health")
        assert answer.status_code == 200, answer.text
        assert answer.json()["checks"]["database"]["ok"] is True
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        answer = client.get("/health")
        assert answer.status_code == 503
        body = answer.json()
        assert body["status"] == "fail" and body["checks"]["database"]["ok"] is False
        assert name in body["checks"]["database"]["detail"] and answer.headers["cache-control"] == "no-store"
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_endpoint_answers_503_for_an_unreachable_database(monkeypatch, tmp_path):
    missing = make_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}")
    monkeypatch.setattr(health_route, "get_engine", lambda: missing)
    answer = TestClient(api_app).get("/health")
    assert answer.status_code == 503 and answer.json()["checks"]["database"]["ok"] is False
    assert answer.json()["checks"]["jobs_lease"]["detail"] == "no database"
