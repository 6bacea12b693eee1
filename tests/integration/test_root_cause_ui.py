"""What the root-cause pages rely on (#14 point 3): closing takes a root cause from HQ's active
list with optional free text, and /cases/root-causes gets its Pareto and trend counted in SQL for
the network, a region or an outlet, only for the roles that read cases."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from complaint_console.db.migrate import downgrade, upgrade
from complaint_console.db.models import Ticket
from complaint_console.domain.root_causes import week_start_instant, week_starts
from complaint_console.domain.stages import MoveFields
from complaint_console.domain.text import NOTE_MAX
from complaint_console.domain.vocabulary import Role, Stage
from complaint_console.services import auth, root_cause_report, workflow
from complaint_console.services import root_causes as edits
from tests import factories as f

TODAY = date(2026, 12, 2)  # a Wednesday
NUMBER = "CP-20261120-000001"
RESOLVE = MoveFields(resolution_summary="parcel re-delivered", responsibility="outlet", compensation="0")


@pytest.fixture
def world(db):
    f.region(db, "EAST")
    f.region(db, "WEST")
    east1, east2, west = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002"), f.outlet(db, "WEST-001", "WEST")
    users = {
        "admin": f.user(db, "admin", Role.HQ_ADMIN),
        "analyst": f.user(db, "analyst", Role.HQ_ANALYST),
        "trainer": f.user(db, "trainer", Role.TRAINING_LEAD),
        "manager1": f.user(db, "manager1", Role.OUTLET_MANAGER, east1.id),
    }
    f.ticket(db, NUMBER, east1.id)
    db.commit()
    out = {name: auth.actor_of(u) for name, u in users.items()}
    out["outlets"] = {"EAST-001": east1.id, "EAST-002": east2.id, "WEST-001": west.id}
    return out


def _resolved(db, actor) -> int:
    version = 1
    for stage, fields in (
        (Stage.INVESTIGATING, MoveFields()),
        (Stage.PROPOSING, MoveFields()),
        (Stage.AWAITING_CUSTOMER, MoveFields()),
        (Stage.EXECUTING, MoveFields()),
        (Stage.RESOLVED, RESOLVE),
    ):
        outcome = workflow.move(db, actor, NUMBER, stage, version, fields)
        assert outcome.ok, (stage, outcome)
        version = outcome.version
    return version


def test_closing_takes_an_active_root_cause_from_hqs_list_and_keeps_the_free_text(db, world):
    admin, manager = world["admin"], world["manager1"]
    assert edits.add_category(db, admin, "late_pickup", "Late pick-up", "揽收延迟").ok
    assert edits.set_active(db, admin, "weather", False).ok
    version = _resolved(db, manager)

    needed, outcome, _ = workflow.move_or_ask(db, manager, NUMBER, Stage.CLOSED, version)
    assert needed == ["root_cause", "root_cause_note"] and outcome is None  # the form opens; nothing changed

    def close(code: str, note: str = ""):
        return workflow.move(db, manager, NUMBER, Stage.CLOSED, version, MoveFields(root_cause=code, root_cause_note=note))

    assert close("").problems == {"root_cause": "move.root_cause_required"}
    assert close("weather").problems == {"root_cause": "root_causes.error.not_offered"}  # deactivated by HQ
    assert close("no_such_cause").problems == {"root_cause": "root_causes.error.not_offered"}
    assert close("late_pickup", "x" * (NOTE_MAX + 1)).problems == {"root_cause_note": "text.too_long"}
    assert close("late_pickup", "  round started two hours late  ").ok
    ticket = db.exec(select(Ticket).where(Ticket.number == NUMBER).execution_options(populate_existing=True)).one()
    assert (ticket.stage, ticket.root_cause, ticket.root_cause_note) == ("closed", "late_pickup", "round started two hours late")


def test_closing_without_free_text_stores_none(db, world):
    version = _resolved(db, world["manager1"])
    assert workflow.move(db, world["manager1"], NUMBER, Stage.CLOSED, version, MoveFields(root_cause="packaging")).ok
    ticket = db.exec(select(Ticket).where(Ticket.number == NUMBER).execution_options(populate_existing=True)).one()
    assert (ticket.root_cause, ticket.root_cause_note) == ("packaging", None)


def _tickets(db, outlets: dict[str, int]) -> None:
    """This week: EAST-001 3 packaging + 1 theft, EAST-002 2 theft, WEST-001 1 packaging;
    13 weeks ago (outside the 12 weeks): 5 weather at EAST-001; one without a root cause."""
    this_week = week_start_instant(week_starts(TODAY)[-1]) + timedelta(hours=10)
    long_ago = this_week - timedelta(weeks=13)
    rows = [("EAST-001", "packaging", this_week)] * 3 + [("EAST-001", "theft", this_week)]
    rows += [("EAST-002", "theft", this_week)] * 2 + [("WEST-001", "packaging", this_week)]
    rows += [("EAST-001", "weather", long_ago)] * 5 + [("EAST-001", None, this_week)]
    for i, (outlet, code, created) in enumerate(rows, start=2):
        t = f.ticket(db, f"CP-20261120-{i:06d}", outlets[outlet])
        t.created_at, t.root_cause = created.astimezone(UTC), code
        db.add(t)
    db.commit()


def _counts(report) -> list[tuple[str, int]]:
    return [(b.code, b.count) for b in report.bars]


def test_the_report_counts_the_network_a_region_and_an_outlet(db, world):
    _tickets(db, world["outlets"])
    trainer = world["trainer"]
    network = root_cause_report.build(db, trainer, TODAY, "en")
    assert network.found and _counts(network) == [("packaging", 4), ("theft", 3)]
    assert [b.cumulative_pct for b in network.bars] == [57.1, 100.0]
    assert network.labels["packaging"] == "Poor packaging" and len(network.mondays) == 12
    assert network.mondays[-1] == date(2026, 11, 30)
    assert [t["name"] for t in network.pareto["data"]] == ["Complaints", "Cumulative %"]
    assert network.pareto["data"][0]["x"] == ["Poor packaging", "Theft"]
    trend = {t["name"]: t["y"] for t in network.trend["data"]}
    assert trend == {"Poor packaging": [0] * 11 + [4], "Theft": [0] * 11 + [3]}

    assert _counts(root_cause_report.build(db, trainer, TODAY, "en", region="EAST")) == [("packaging", 3), ("theft", 3)]
    assert _counts(root_cause_report.build(db, world["analyst"], TODAY, "en", region="WEST")) == [("packaging", 1)]
    outlet = root_cause_report.build(db, trainer, TODAY, "zh", region="WEST", outlet_code="east-002 ")
    assert outlet.found and outlet.outlet_name == "Outlet EAST-002"  # the outlet wins over the region
    assert _counts(outlet) == [("theft", 2)] and outlet.labels["theft"] == "被盗"
    assert root_cause_report.build(db, trainer, TODAY, "en", outlet_code="NOPE-1").found is False


def test_the_report_is_only_for_roles_that_read_cases(db, world):
    _tickets(db, world["outlets"])
    assert root_cause_report.build(db, world["manager1"], TODAY, "en") is None
    assert root_cause_report.build(db, None, TODAY, "en") is None
    assert [r[0] for r in root_cause_report.regions(db)] == ["EAST", "WEST"]


def test_network_today_is_the_date_in_network_time():
    assert root_cause_report.network_today(datetime(2026, 11, 29, 17, 0, tzinfo=UTC)) == date(2026, 11, 30)  # Monday 01:00


def test_migration_0025_adds_the_free_text_and_goes_down_and_up(empty_engine):
    upgrade(empty_engine)
    assert "root_cause_note" in [c["name"] for c in sa.inspect(empty_engine).get_columns("ticket")]
    downgrade(empty_engine, "0024")
    assert "root_cause_note" not in [c["name"] for c in sa.inspect(empty_engine).get_columns("ticket")]
    upgrade(empty_engine)
    assert "root_cause_note" in [c["name"] for c in sa.inspect(empty_engine).get_columns("ticket")]
