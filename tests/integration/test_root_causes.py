"""Root causes as a list HQ edits, and the counts over it: the Pareto and the 12-week trend are
counted in SQL and must equal a plain Python count over the same generated tickets, per scope."""

import random
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from complaint_console.db import root_causes as rc
from complaint_console.db.migrate import downgrade, upgrade
from complaint_console.db.models import AdminAudit, RootCauseCategory
from complaint_console.domain.root_causes import pareto, week_start_instant, week_starts
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth
from complaint_console.services import root_causes as edits
from tests import factories as f

TODAY = date(2026, 12, 2)  # a Wednesday
CODES = ("transit_delay", "packaging", "courier_attitude", "address_error")


@pytest.fixture
def actors(db):
    f.region(db, "EAST")
    f.region(db, "WEST")
    east1, east2, west = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002"), f.outlet(db, "WEST-001", "WEST")
    users = {
        "admin": f.user(db, "admin", Role.HQ_ADMIN),
        "analyst": f.user(db, "analyst", Role.HQ_ANALYST),
        "trainer": f.user(db, "trainer", Role.TRAINING_LEAD),
        "manager1": f.user(db, "manager1", Role.OUTLET_MANAGER, east1.id),
    }
    db.commit()
    out = {name: auth.actor_of(u) for name, u in users.items()}
    out["outlets"] = {"EAST-001": east1.id, "EAST-002": east2.id, "WEST-001": west.id}
    return out


def test_hq_admin_adds_renames_and_deactivates_others_may_not(db, actors):
    assert edits.add_category(db, actors["admin"], "late_pickup", "Late pick-up", "揽收延迟").ok
    bad = edits.add_category(db, actors["admin"], "Late pickup!", " ", "揽收延迟")
    assert not bad.ok and set(bad.errors) == {"code", "name_en"}
    assert edits.add_category(db, actors["admin"], "late_pickup", "Again", "再次").errors == {
        "code": "root_causes.error.code_taken"
    }
    assert edits.rename_category(db, actors["admin"], "late_pickup", "Pick-up too late", "揽收太晚").ok
    assert rc.root_cause_label(db, "late_pickup", "en") == "Pick-up too late"
    assert rc.root_cause_label(db, "late_pickup", "zh") == "揽收太晚"
    assert rc.root_cause_label(db, "free words", "en") == "free words"  # free text of older rows
    assert rc.root_cause_label(db, None) == ""
    assert edits.set_active(db, actors["admin"], "late_pickup", False).ok
    assert "late_pickup" not in [c.code for c in rc.list_categories(db, active_only=True)]
    assert "late_pickup" in [c.code for c in rc.list_categories(db)]
    for name in ("analyst", "trainer", "manager1"):
        with pytest.raises(edits.NotAllowed):
            edits.add_category(db, actors[name], "other_code", "Other", "其他")
        with pytest.raises(edits.NotAllowed):
            edits.set_active(db, actors[name], "late_pickup", True)
    assert db.exec(sa.select(RootCauseCategory.active).where(RootCauseCategory.code == "late_pickup")).scalar_one() is False


def test_every_change_to_the_list_is_in_the_admin_audit_trail(db, actors):
    edits.add_category(db, actors["admin"], "late_pickup", "Late pick-up", "揽收延迟")
    edits.rename_category(db, actors["admin"], "late_pickup", "Pick-up too late", "揽收延迟")
    edits.rename_category(db, actors["admin"], "late_pickup", "Pick-up too late", "揽收延迟")  # nothing changed: no row
    edits.set_active(db, actors["admin"], "late_pickup", False)
    edits.set_active(db, actors["admin"], "late_pickup", True)
    row_id = db.exec(sa.select(RootCauseCategory.id).where(RootCauseCategory.code == "late_pickup")).scalar_one()
    trail = db.exec(
        sa.select(AdminAudit.action, AdminAudit.changes, AdminAudit.actor_id)
        .where(AdminAudit.entity == "root_cause", AdminAudit.entity_id == row_id)
        .order_by(AdminAudit.id)
    ).all()
    assert [(a, c) for a, c, _ in trail] == [
        (
            "create",
            {
                "code": [None, "late_pickup"],
                "name_en": [None, "Late pick-up"],
                "name_zh": [None, "揽收延迟"],
                "active": [None, True],
            },
        ),
        ("update", {"name_en": ["Late pick-up", "Pick-up too late"]}),
        ("deactivate", {"active": [True, False]}),
        ("reactivate", {"active": [False, True]}),
    ]
    assert {who for _, _, who in trail} == {actors["admin"].user_id}


def _generate(db, outlets: dict[str, int], seed: int = 7) -> list[tuple[str, str, datetime]]:
    """Tickets with random outlets, root causes and creation instants over 14 weeks."""
    rnd = random.Random(seed)
    start = week_start_instant(week_starts(TODAY, 14)[0])
    made = []
    for i in range(240):
        outlet_code = rnd.choice(sorted(outlets))
        code = rnd.choice((*CODES, None))
        created = start + timedelta(minutes=rnd.randrange(14 * 7 * 24 * 60))
        t = f.ticket(db, f"CP-20261120-{i:06d}", outlets[outlet_code])
        t.created_at, t.root_cause = created, code
        db.add(t)
        if code:
            made.append((outlet_code, code, created))
    db.commit()
    return made


def test_pareto_and_trend_match_a_python_count_in_every_scope(db, actors):
    made = _generate(db, actors["outlets"])
    mondays = week_starts(TODAY)
    starts = [week_start_instant(m) for m in mondays]
    end = starts[-1] + timedelta(weeks=1)

    def expect(keep):
        per_week: dict[str, list[int]] = {}
        total = Counter()
        for outlet_code, code, created in made:
            if keep(outlet_code) and starts[0] <= created < end:
                week = max(i for i, s in enumerate(starts) if created >= s)
                per_week.setdefault(code, [0] * 12)[week] += 1
                total[code] += 1
        return dict(total), per_week

    cases = [
        (actors["analyst"], None, None, lambda o: True),
        (actors["trainer"], "EAST", None, lambda o: o.startswith("EAST")),
        (actors["analyst"], None, actors["outlets"]["WEST-001"], lambda o: o == "WEST-001"),
        (actors["manager1"], None, None, lambda o: o == "EAST-001"),  # a manager sees their outlet only
        (actors["manager1"], "WEST", None, lambda o: False),
    ]
    for actor, region, outlet_id, keep in cases:
        total, per_week = expect(keep)
        assert rc.counts_by_root_cause(db, actor, starts[0], end, region, outlet_id) == total
        got_mondays, series = rc.weekly_trend(db, actor, TODAY, region, outlet_id)
        assert got_mondays == mondays and series == per_week
    assert sum(expect(lambda o: True)[0].values()) > 50  # the generated data is not trivially empty


def test_pareto_sorts_by_count_with_a_cumulative_line():
    bars = pareto({"a": 2, "b": 5, "c": 3, "d": 0})
    assert [(b.code, b.count, b.cumulative_pct) for b in bars] == [
        ("b", 5, 50.0),
        ("c", 3, 80.0),
        ("a", 2, 100.0),
        ("d", 0, 100.0),
    ]
    assert pareto({}) == []


def test_migration_seeds_the_list_and_goes_down_and_up(empty_engine):
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT code, name_en, name_zh, active FROM root_cause_category")).all()
    assert len(rows) == 14 and ("packaging", "Poor packaging", "包装不当", True) in [tuple(r) for r in rows]
    downgrade(empty_engine, "0023")
    assert "root_cause_category" not in sa.inspect(empty_engine).get_table_names()
    upgrade(empty_engine)
    assert "root_cause_category" in sa.inspect(empty_engine).get_table_names()
