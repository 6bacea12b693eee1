"""The reads behind the case page's follow-up and the /homework page (#14 points 4, 5): who may own
an action, the case's actions, outlet codes, homework a page at a time with its counts, the bell
item's link, and the case's root cause from the list in its story."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from complaint_console.db import followup
from complaint_console.db.models import CorrectiveAction, Notification, RootCauseCategory, TypicalCase
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, case_story
from complaint_console.services import corrective_actions as ca
from complaint_console.services import homework as hw
from complaint_console.services import root_causes as edits
from tests import factories as f

NOW = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)


def _world(db):
    f.region(db, "EAST")
    east1, east2 = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002")
    trainer = f.user(db, "trainer", Role.TRAINING_LEAD)
    manager1 = f.user(db, "manager1", Role.OUTLET_MANAGER, east1.id)
    manager2 = f.user(db, "manager2", Role.OUTLET_MANAGER, east2.id)
    gone = f.user(db, "gone", Role.AGENT, east1.id)
    gone.active = False
    t = f.ticket(db, "CP-20261101-000001", east1.id)
    db.flush()
    case = TypicalCase(ticket_id=t.id, week_start=date(2026, 11, 30), title="Wet parcel", lesson="Bag it", created_at=NOW)
    db.add(case)
    if db.exec(sa.select(RootCauseCategory).where(RootCauseCategory.code == "packaging")).first() is None:
        db.add(RootCauseCategory(code="packaging", name_en="Poor packaging", name_zh="包装不当"))  # the migration's seed
    db.commit()
    return {
        "east1": east1.id,
        "east2": east2.id,
        "trainer": auth.actor_of(trainer),
        "manager1": auth.actor_of(manager1),
        "manager2": auth.actor_of(manager2),
        "ids": {"trainer": trainer.id, "manager1": manager1.id, "manager2": manager2.id, "gone": gone.id},
        "case": case.id,
        "ticket": t.id,
    }


def test_owners_are_the_outlets_active_staff_then_the_networks(db):
    w = _world(db)
    owners = followup.owner_choices(db, w["east1"])
    assert [o.username for o in owners] == ["manager1", "trainer"]  # not another outlet's, not an inactive one
    assert [o.username for o in followup.owner_choices(db, w["east1"], limit=1)] == ["manager1"]


def test_a_cases_actions_newest_first_with_the_root_cause_named(db):
    w = _world(db)
    assert not followup.has_follow_up(db, w["case"])
    due = date(2026, 12, 20)
    out = ca.create(db, w["trainer"], w["east1"], "packaging", "Rain covers", w["ids"]["manager1"], due, NOW, w["case"])
    assert out.ok, out.errors
    # an older action whose root cause is not in the list (create refuses such a code now)
    older = {"outlet_id": w["east1"], "owner_id": w["ids"]["manager1"], "due_date": due, "status": "open"}
    db.add(
        CorrectiveAction(
            **older,
            case_id=w["case"],
            root_cause="old_free_text",
            description="Talk to the team",
            created_by_id=w["ids"]["trainer"],
            created_at=NOW + timedelta(minutes=1),
        )
    )
    db.commit()
    rows = followup.case_actions(db, w["case"])
    assert [r.description for r in rows] == ["Talk to the team", "Rain covers"]
    assert (rows[1].root_cause_en, rows[1].root_cause_zh, rows[1].owner_name) == ("Poor packaging", "包装不当", "manager1")
    assert rows[0].root_cause_en == "old_free_text"  # a code not in the list shows as itself
    assert len(followup.case_actions(db, w["case"], limit=1)) == 1
    assert followup.has_follow_up(db, w["case"])


def test_an_owner_sees_the_actions_they_own_and_marks_them_done(db):
    w = _world(db)
    due = date(2026, 12, 20)
    first = ca.create(db, w["trainer"], w["east1"], "packaging", "Rain covers", w["ids"]["manager1"], due, NOW, w["case"])
    later = ca.create(db, w["trainer"], w["east1"], "packaging", "Sign-off", w["ids"]["manager1"], due + timedelta(days=3), NOW)
    ca.create(db, w["trainer"], w["east1"], "packaging", "Not theirs", w["ids"]["trainer"], due, NOW)
    mine = followup.owned_actions(db, w["ids"]["manager1"])
    assert [r.description for r in mine] == ["Rain covers", "Sign-off"]  # the earliest due first, only their own
    with pytest.raises(ca.NotAllowed):
        ca.mark_done(db, w["manager2"], first.action_id, NOW)  # not the owner, may not edit cases
    assert ca.mark_done(db, w["manager1"], later.action_id, NOW).ok
    assert [r.description for r in followup.owned_actions(db, w["ids"]["manager1"])] == ["Rain covers", "Sign-off"]  # open first
    assert [r.status for r in followup.owned_actions(db, w["ids"]["manager1"])] == ["open", "done"]
    assert ca.verify(db, w["trainer"], later.action_id, NOW).ok
    assert [r.description for r in followup.owned_actions(db, w["ids"]["manager1"])] == ["Rain covers"]  # verified: finished


def test_outlet_codes_as_typed(db):
    w = _world(db)
    assert followup.outlet_ids_by_code(db, [" east-002", "EAST-001", "EAST-002", "NOPE"]) == ([w["east2"], w["east1"]], ["NOPE"])
    assert followup.outlet_ids_by_code(db, ["", " "]) == ([], [])


def test_homework_pages_and_counts_for_the_trainer_and_the_manager(db):
    w = _world(db)
    assert hw.assign(db, w["trainer"], w["case"], [w["east2"], w["east1"]], NOW) == 2
    assert hw.status_counts(db, w["trainer"], w["case"]) == (0, 2)
    item = hw.for_manager(db, w["manager1"], limit=10)[0]
    assert (item.title, item.lesson, item.practice) == ("Wet parcel", "Bag it", "bad")
    assert hw.count_for_manager(db, w["manager1"]) == hw.count_for_manager(db, w["manager1"], open_only=True) == 1
    assert hw.acknowledge(db, w["manager1"], item.homework_id, NOW + timedelta(hours=1))
    assert hw.count_for_manager(db, w["manager1"], open_only=True) == 0
    assert hw.for_manager(db, w["manager1"], limit=10, open_only=True) == []
    assert hw.status_counts(db, w["trainer"], w["case"]) == (1, 2)
    page = hw.status(db, w["trainer"], w["case"], limit=1)
    assert [(s.outlet_code, s.acknowledged_at is not None) for s in page] == [("EAST-001", True)]  # who has, first
    assert [s.outlet_code for s in hw.status(db, w["trainer"], w["case"], limit=1, offset=1)] == ["EAST-002"]
    assert [s.outlet_code for s in hw.status(db, w["trainer"], w["case"])] == ["EAST-001", "EAST-002"]
    paths = db.exec(sa.select(Notification.payload).where(Notification.kind == "homework")).scalars().all()
    assert paths and {p["path"] for p in paths} == {"/homework"}  # the bell item leads to the page


def test_the_story_names_the_cases_root_cause_from_the_list(db):
    w = _world(db)
    assert edits.set_case_root_cause(db, w["trainer"], w["case"], "packaging").ok
    story = case_story.read(db, w["trainer"], w["ticket"], now=NOW)
    assert story.case_root_cause_names == ("Poor packaging", "包装不当")
    assert "Root cause (from the list): Poor packaging" in case_story.root_cause_lines(story, "en")
    assert "根因（清单）：包装不当" in case_story.root_cause_lines(story, "zh")
