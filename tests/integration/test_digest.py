"""The daily digest: each outlet manager gets their board's counts once a day, in their language."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import time_machine
from sqlmodel import select

from complaint_console.db.models import Notification
from complaint_console.domain.vocabulary import Role
from complaint_console.jobs import runner
from tests import factories as f

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # factory tickets: created then, 30 min / 24 h targets
MORNING = datetime(2026, 11, 21, 0, 0, tzinfo=UTC)  # Saturday 08:00 in Shanghai: 22 h after creation


def test_each_manager_gets_the_counts_once_a_day(db, migrated_engine):
    f.region(db)
    east, south = f.outlet(db, "EAST-001"), f.outlet(db, "SOUTH-001")
    one = f.user(db, "manager1", Role.OUTLET_MANAGER, east.id, email="m1@example.com", language="zh")
    two = f.user(db, "manager2", Role.OUTLET_MANAGER, south.id)
    f.user(db, "agent1", Role.AGENT, east.id, email="a1@example.com")
    responded = f.ticket(db, "CP-20261120-000001", east.id)  # first response on time: at risk at 22 h of 24
    responded.first_response_at = T0 + timedelta(minutes=5)
    f.ticket(db, "CP-20261120-000002", east.id, phone="13900000002")  # no first response: breached
    asking = f.ticket(db, "CP-20261120-000003", east.id, phone="13900000003")
    asking.first_response_at, asking.compensation_requested = T0 + timedelta(minutes=5), Decimal("800")
    closed = f.ticket(db, "CP-20261120-000004", east.id, phone="13900000004")
    closed.stage = "closed"
    db.commit()

    for _ in range(2):  # a rerun the same day queues nothing new
        with time_machine.travel(MORNING, tick=False):
            run = runner.run(migrated_engine, "daily_digest", "schedule", "test")
    assert run.outcome == "ok"
    items = db.exec(select(Notification).order_by(Notification.id)).all()
    assert [(n.channel, n.recipient) for n in items] == [
        ("in_app", f"user:{one.id}"),
        ("email", "m1@example.com"),
        ("in_app", f"user:{two.id}"),
    ]
    assert items[0].subject == "EAST-001 看板摘要（2026-11-21）"
    assert items[0].body == "未结：3 · 即将超时：2 · 已超时：1 · 待总部审批：1"
    assert items[2].body == "Open: 0 · at risk: 0 · breached: 0 · awaiting HQ approval: 0"
    with time_machine.travel(MORNING + timedelta(days=1), tick=False):
        runner.run(migrated_engine, "daily_digest", "schedule", "test")
    assert len(db.exec(select(Notification)).all()) == 6  # the next day: a new digest each
