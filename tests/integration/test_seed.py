"""Demo and national data load into real databases, and the demo accounts log in."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from complaint_console.db.migrate import upgrade
from complaint_console.services import auth
from seeds import demo, national

NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


def test_demo_loads_and_every_demo_account_logs_in(empty_engine):
    upgrade(empty_engine)
    with Session(empty_engine) as db:
        counts = demo.load(db, NOW)
        assert counts["outlet"] == 60 and counts["ticket"] > 5000
        for username, role, _, _ in demo.DEMO_ACCOUNTS:
            result = auth.login(db, username, demo.DEMO_PASSWORD)
            assert result.actor is not None and result.actor.role == role
        generated = auth.login(db, "mgr.east-002", demo.DEMO_PASSWORD)
        assert generated.token is None  # generated staff have no password until an admin sets one
        with pytest.raises(RuntimeError):
            demo.load(db, NOW)
        stored = db.execute(sa.text("SELECT COUNT(*) FROM ticket")).scalar_one()
        assert stored == counts["ticket"]


def test_ids_continue_after_the_demo_rows(empty_engine):
    upgrade(empty_engine)
    with Session(empty_engine) as db:
        demo.load(db, NOW)
        db.execute(sa.text("INSERT INTO region (code, name, name_zh) VALUES ('WEST', 'West', '西部')"))
        new_id = db.execute(sa.text("SELECT id FROM region WHERE code = 'WEST'")).scalar_one()
        assert new_id == 4


def test_national_scale_loader_small_run(empty_engine):
    upgrade(empty_engine)
    national.load(empty_engine, outlets=200, tickets=3000, now=NOW)
    with empty_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM outlet")).scalar_one() == 200
        assert conn.execute(sa.text("SELECT COUNT(*) FROM ticket")).scalar_one() == 3000
        open_count = conn.execute(sa.text("SELECT COUNT(*) FROM ticket WHERE stage NOT IN ('resolved', 'closed')")).scalar_one()
        assert 0 < open_count < 3000
        created = conn.execute(sa.text("SELECT created_at FROM ticket ORDER BY id LIMIT 1")).scalar_one()
        assert str(created)[:4] in ("2025", "2026")
