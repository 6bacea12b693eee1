"""Corrective actions (status moves, who may verify, the effect check, overdue alerts once only)
and homework (assigned to outlets, acknowledged by their own manager only), on real databases."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from complaint_console.db.models import Notification, RootCauseCategory, TypicalCase
from complaint_console.domain.vocabulary import Role
from complaint_console.jobs import corrective_actions as job
from complaint_console.services import auth, outbox
from complaint_console.services import corrective_actions as ca
from complaint_console.services import homework as hw
from complaint_console.services import root_causes as edits
from complaint_console.settings import get_settings
from tests import factories as f
from tests.delivery_support import SmtpServer

NOW = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)


@pytest.fixture
def world(db):
    f.region(db, "EAST")
    f.region(db, "WEST")
    east1, east2, west = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002"), f.outlet(db, "WEST-001", "WEST")
    users = {
        "trainer": f.user(db, "trainer", Role.TRAINING_LEAD),
        "admin": f.user(db, "admin", Role.HQ_ADMIN),
        "manager1": f.user(db, "manager1", Role.OUTLET_MANAGER, east1.id, email="m1@example.test"),
        "manager2": f.user(db, "manager2", Role.OUTLET_MANAGER, east2.id),
        "agent1": f.user(db, "agent1", Role.AGENT, east1.id),
    }
    t = f.ticket(db, "CP-20261101-000001", east1.id)
    db.flush()
    case = TypicalCase(ticket_id=t.id, week_start=date(2026, 11, 30), title="Parcel left in the rain", created_at=NOW)
    db.add(case)
    db.commit()
    actors = {name: auth.actor_of(u) for name, u in users.items()}
    return {
        **actors,
        "ids": {name: u.id for name, u in users.items()},
        "outlets": {"EAST-001": east1.id, "EAST-002": east2.id, "WEST-001": west.id},
        "case": case.id,
    }


def _action(db, world, due=date(2026, 11, 25)) -> int:
    out = ca.create(
        db,
        world["trainer"],
        world["outlets"]["EAST-001"],
        "packaging",
        "Rain covers on every van",
        world["ids"]["manager1"],
        due,
        NOW,
        case_id=world["case"],
    )
    assert out.ok, out.errors
    return out.action_id


def test_form_errors_and_who_may_create(db, world):
    out = ca.create(db, world["trainer"], world["outlets"]["EAST-001"], "", " ", None, None, NOW)
    assert set(out.errors) == {"description", "owner", "due", "root_cause"}
    with pytest.raises(ca.NotAllowed):
        ca.create(
            db, world["manager1"], world["outlets"]["EAST-001"], "packaging", "x", world["ids"]["manager1"], NOW.date(), NOW
        )


def test_the_training_lead_sets_a_case_root_cause_from_the_active_list(db, world):
    # "packaging" is one of the root causes every database starts with (migration 0024, tests/conftest.py)
    db.add(RootCauseCategory(code="old_cause", name_en="Old", name_zh="旧", active=False))
    db.commit()
    assert edits.set_case_root_cause(db, world["trainer"], world["case"], "packaging").ok
    assert db.get(TypicalCase, world["case"]).root_cause_code == "packaging"
    assert edits.set_case_root_cause(db, world["trainer"], world["case"], "old_cause").errors == {
        "root_cause": "root_causes.error.unknown"
    }
    with pytest.raises(edits.NotAllowed):
        edits.set_case_root_cause(db, world["manager1"], world["case"], "packaging")
    db.refresh(db.get(TypicalCase, world["case"]))
    assert db.get(TypicalCase, world["case"]).root_cause_code == "packaging"


def test_open_done_verified_and_who_may_verify(db, world):
    action = _action(db, world)
    assert ca.verify(db, world["trainer"], action, NOW).errors == {"status": "actions.error.not_done"}
    with pytest.raises(ca.NotAllowed):
        ca.mark_done(db, world["manager2"], action, NOW)  # not the owner
    assert ca.mark_done(db, world["manager1"], action, NOW).ok  # the owner
    assert ca.mark_done(db, world["manager1"], action, NOW).errors == {"status": "actions.error.not_open"}
    with pytest.raises(ca.NotAllowed):
        ca.verify(db, world["manager1"], action, NOW)  # the owner does not verify their own work
    assert ca.verify(db, world["trainer"], action, NOW).ok


def test_effect_check_counts_before_and_after_and_flags_recurrence(db, world):
    action = _action(db, world)
    done = NOW - timedelta(weeks=6)
    assert ca.effect(db, world["trainer"], action) is None  # not done yet
    ca.mark_done(db, world["manager1"], action, done)
    east1, east2 = world["outlets"]["EAST-001"], world["outlets"]["EAST-002"]
    rows = [  # (weeks from done, outlet, root cause): only packaging at EAST-001 within 4 weeks counts
        (-3.5, east1, "packaging"),
        (-0.2, east1, "packaging"),
        (-0.1, east1, "packaging"),
        (-5, east1, "packaging"),
        (-1, east2, "packaging"),
        (-1, east1, "weather"),
    ]
    for i, (weeks, outlet, code) in enumerate(rows):
        t = f.ticket(db, f"CP-20261102-{i:06d}", outlet)
        t.created_at, t.root_cause = done + timedelta(weeks=weeks), code
        db.add(t)
    db.commit()
    check = ca.effect(db, world["trainer"], action)
    assert check.before == [1, 0, 0, 2] and check.after == [0, 0, 0, 0] and check.recurred is False
    late = f.ticket(db, "CP-20261103-000001", east1)
    late.created_at, late.root_cause = done + timedelta(weeks=2, hours=1), "packaging"
    db.add(late)
    db.commit()
    check = ca.effect(db, world["manager1"], action)
    assert check.after == [0, 0, 1, 0] and check.recurred is True
    assert ca.effect(db, world["manager2"], action) is None  # another outlet's manager sees nothing


def test_overdue_alerts_reach_the_owner_once_only(db, world, migrated_engine):
    action = _action(db, world, due=date(2026, 12, 1))
    on_time = _action(db, world, due=date(2026, 12, 10))
    assert job.run(migrated_engine, NOW) == {"queued": 2}  # bell and e-mail for the overdue one
    assert job.run(migrated_engine, NOW + timedelta(days=1)) == {"queued": 0}
    sent = db.exec(sa.select(Notification.channel, Notification.recipient, Notification.payload)).all()
    assert sorted((c, r) for c, r, _ in sent) == [("email", "m1@example.test"), ("in_app", f"user:{world['ids']['manager1']}")]
    assert {p["action_id"] for _, _, p in sent} == {action}
    assert on_time != action
    ca.mark_done(db, world["manager1"], action, NOW)
    assert job.run(migrated_engine, NOW + timedelta(days=12)) == {"queued": 2}  # now only the other one


def test_the_overdue_mail_goes_out_over_smtp_once(db, world, migrated_engine, monkeypatch):
    _action(db, world, due=date(2026, 12, 1))
    job.run(migrated_engine, NOW)
    with SmtpServer() as smtp:
        monkeypatch.setenv("SMTP_URL", smtp.url)
        get_settings.cache_clear()
        try:
            assert outbox.deliver_due(migrated_engine, NOW)["sent"] == 2  # the mail and the bell item
            job.run(migrated_engine, NOW + timedelta(days=1))
            assert outbox.deliver_due(migrated_engine, NOW + timedelta(days=1)).get("sent", 0) == 0
        finally:
            get_settings.cache_clear()
    assert [m["To"] for m in smtp.recorder.messages] == ["m1@example.test"]
    assert "Corrective action overdue (due 2026-12-01)" in smtp.recorder.messages[0]["Subject"]


def test_homework_reaches_the_chosen_outlets_and_only_their_manager_acknowledges(db, world):
    o = world["outlets"]
    assert hw.outlets_for(db, region="EAST") == [o["EAST-001"], o["EAST-002"]]
    assert hw.outlets_for(db, everyone=True) == sorted(o.values())
    assert hw.outlets_for(db, outlet_ids=[o["WEST-001"]]) == [o["WEST-001"]]
    assert hw.outlets_for(db) == []
    with pytest.raises(hw.NotAllowed):
        hw.assign(db, world["manager1"], world["case"], [o["EAST-001"]], NOW)
    assert hw.assign(db, world["trainer"], world["case"], hw.outlets_for(db, region="EAST"), NOW) == 2
    assert hw.assign(db, world["trainer"], world["case"], [o["EAST-001"]], NOW) == 0  # again: nothing new
    told = db.exec(sa.select(Notification.channel, Notification.recipient).where(Notification.kind == "homework")).all()
    ids = world["ids"]
    assert sorted(told) == [
        ("email", "m1@example.test"),
        ("in_app", f"user:{ids['manager1']}"),
        ("in_app", f"user:{ids['manager2']}"),
    ]
    mine = hw.for_manager(db, world["manager1"])
    assert [(i.title, i.acknowledged_at) for i in mine] == [("Parcel left in the rain", None)]
    assert hw.for_manager(db, world["agent1"]) == [] and hw.for_manager(db, world["trainer"]) == []
    other = hw.for_manager(db, world["manager2"])[0].homework_id
    with pytest.raises(hw.NotAllowed):
        hw.acknowledge(db, world["manager1"], other, NOW)  # not their outlet's
    assert hw.acknowledge(db, world["manager1"], mine[0].homework_id, NOW) is True
    assert hw.acknowledge(db, world["manager1"], mine[0].homework_id, NOW) is False
    rows = hw.status(db, world["trainer"], world["case"])
    assert [(r.outlet_code, r.acknowledged_at is not None) for r in rows] == [("EAST-001", True), ("EAST-002", False)]
    with pytest.raises(hw.NotAllowed):
        hw.status(db, world["manager1"], world["case"])
