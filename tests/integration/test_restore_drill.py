"""The restore drill of docs/operations.md, on PostgreSQL, with the documented commands.

A new database is set up as `make run` does it (`migrate`, `seed-demo`), backed up with
`scripts/backup.py dump` (pg_dump -Fc), dropped, created again empty and restored with
`scripts/backup.py restore` (pg_restore). The app then signs a demo user in through
`services.auth.login`, and a ticket with its timeline reads back through the app's own
queries exactly as before the backup; an evidence file comes back byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import Outlet, Ticket, TicketEvent
from complaint_console.db.tickets import ticket_detail, ticket_events
from complaint_console.services import auth
from seeds.demo import DEMO_PASSWORD
from tests.conftest import POSTGRES_URL

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = b"%PDF-1.4 drill evidence \x00\x01\x02"


def _server_admin() -> sa.Engine:
    return sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


def _create(name: str) -> None:
    admin = _server_admin()
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def _drop(name: str) -> None:
    admin = _server_admin()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def drill_database() -> Iterator[str]:
    """The URL of a new database on TEST_POSTGRES_URL's server; dropped afterwards."""
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set: the PostgreSQL restore drill is skipped")
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed (apt-get install postgresql-client): restore drill skipped")
    name = f"cc_drill_{uuid.uuid4().hex[:10]}"
    _create(name)
    try:
        yield sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _drop(name)


def _run(args: list[str], url: str, uploads: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "UPLOAD_DIR": str(uploads), "SECRET_KEY": "drill-secret", "SCHEDULER": "off"}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def _read(url: str, username: str, number: str):
    """Sign in as the app does, then read the ticket and its timeline as that user."""
    engine = sa.create_engine(url)
    try:
        with Session(engine) as db:
            result = auth.login(db, username, DEMO_PASSWORD)
            assert result.token and result.actor, f"{username} could not sign in: {result.error_key}"
            assert auth.resolve(db, result.token) == result.actor
            return ticket_detail(db, result.actor, number), ticket_events(db, result.actor, number)
    finally:
        engine.dispose()


def test_a_dumped_database_restores_into_an_empty_one_and_the_app_reads_it_back(drill_database, tmp_path):
    url, uploads, backup = drill_database, tmp_path / "uploads", tmp_path / "backup"
    for step in (["-m", "complaint_console", "migrate"], ["-m", "complaint_console", "seed-demo"]):
        done = _run(step, url, uploads)
        assert done.returncode == 0, done.stderr

    engine = sa.create_engine(url)
    with Session(engine) as db:  # manager1's outlet's ticket with the longest timeline
        number = db.exec(
            select(Ticket.number)
            .join(Outlet, Outlet.id == Ticket.outlet_id)
            .join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
            .where(Outlet.code == "EAST-001")
            .group_by(Ticket.id, Ticket.number)
            .order_by(sa.func.count(TicketEvent.id).desc(), Ticket.id)
        ).first()
    engine.dispose()
    before, events_before = _read(url, "manager1", number)
    assert before is not None and before.number == number and len(events_before) >= 3
    (uploads / "evidence").mkdir(parents=True)
    (uploads / "evidence" / "a1b2c3.pdf").write_bytes(EVIDENCE)

    dumped = _run(["scripts/backup.py", "dump", str(backup)], url, uploads)
    assert dumped.returncode == 0, dumped.stderr
    assert (backup / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format (-Fc)

    name = sa.engine.make_url(url).database
    _drop(name)
    _create(name)
    empty = sa.create_engine(url)
    with empty.connect() as conn:
        assert sa.inspect(conn).get_table_names() == []
    empty.dispose()

    restored_uploads = tmp_path / "uploads-restored"
    restored = _run(["scripts/backup.py", "restore", str(backup)], url, restored_uploads)
    assert restored.returncode == 0, restored.stderr
    assert "verified:" in restored.stdout
    migrated = _run(["-m", "complaint_console", "migrate"], url, restored_uploads)  # the docs' next step: a no-op here
    assert migrated.returncode == 0, migrated.stderr

    after, events_after = _read(url, "manager1", number)
    assert after == before
    assert events_after == events_before
    admin_view, _ = _read(url, "admin", number)
    assert admin_view == before
    assert (restored_uploads / "evidence" / "a1b2c3.pdf").read_bytes() == EVIDENCE

    again = _run(["scripts/backup.py", "restore", str(backup)], url, tmp_path / "uploads-empty")
    assert again.returncode == 1 and "restore into a new, empty database" in again.stderr  # never over live data
    drifted = _run(["scripts/backup.py", "verify", str(backup)], url, restored_uploads)
    assert drifted.returncode == 1 and "user_session" in drifted.stderr  # the sign-ins above added sessions
