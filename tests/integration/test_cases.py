"""Typical cases on real databases: candidates scored in SQL, saving cases, the library."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from complaint_console.db import cases
from complaint_console.db.models import Survey, TicketEvent
from complaint_console.domain.cases import score, validate_case
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth
from complaint_console.services import cases as case_writes
from tests import factories as f

WEEK = date(2026, 11, 16)  # a Monday; the week starts 2026-11-15 16:00 UTC (Asia/Shanghai)
TZ = "Asia/Shanghai"
NOW = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
DAY = datetime(2026, 11, 17, 2, 0, tzinfo=UTC)


def ticket(db, number, outlet_id, *, created=DAY, late_response=False, late_resolution=False, open_=False, **fields):
    t = f.ticket(db, number, outlet_id, phone=fields.pop("phone", "13812345678"), name=fields.pop("name", "王小明"))
    t.created_at = created
    t.response_due_at, t.resolution_due_at = created + timedelta(minutes=30), created + timedelta(hours=24)
    t.first_response_at = created + timedelta(minutes=45 if late_response else 10)
    if not open_:
        t.resolved_at = created + timedelta(hours=30 if late_resolution else 5)
        t.stage = "resolved"
    for k, v in fields.items():
        setattr(t, k, v)
    db.add(t)
    db.flush()
    return t


@pytest.fixture
def world(db):
    f.region(db, "EAST")
    f.region(db, "WEST")
    east, west = f.outlet(db, "EAST-001"), f.outlet(db, "WEST-001", "WEST")
    users = {
        "trainer": f.user(db, "trainer", Role.TRAINING_LEAD),
        "analyst": f.user(db, "analyst", Role.HQ_ANALYST),
        "manager": f.user(db, "manager1", Role.OUTLET_MANAGER, east.id),
    }
    plain = ticket(db, "CP-20261117-000001", east.id)  # no signal: no candidate
    late = ticket(db, "CP-20261117-000002", east.id, late_resolution=True)  # breached
    regulator = ticket(
        db,
        "CP-20261117-000003",
        west.id,
        channel="regulator",
        severity="serious",
        category="loss",
        compensation_amount=Decimal("800"),
        escalation_level="region",
    )
    unhappy = ticket(db, "CP-20261117-000004", east.id, category="damage", repeat_of_id=plain.id, repeat_seq=2)
    db.add(Survey(ticket_id=unhappy.id, sent_at=DAY + timedelta(days=1), answered_at=DAY + timedelta(days=1), rating=1))
    db.add(
        TicketEvent(
            ticket_id=unhappy.id, at=DAY + timedelta(days=1), kind="reopened", from_stage="resolved", to_stage="investigating"
        )
    )
    overdue_open = ticket(db, "CP-20261117-000005", west.id, open_=True, created=DAY + timedelta(days=2))
    ticket(db, "CP-20261110-000001", east.id, created=DAY - timedelta(days=7), channel="regulator")  # last week
    ticket(db, "CP-20261117-000006", east.id, compensation_amount=Decimal("500"))  # at the limit: no signal
    db.commit()
    actors = {name: auth.actor_of(u) for name, u in users.items()}
    return actors, {"late": late, "regulator": regulator, "unhappy": unhappy, "open": overdue_open}


def numbers(rows):
    return [r.number for r in rows]


def test_candidates_are_ranked_by_the_documented_score_computed_in_sql(db, world):
    actors, t = world
    rows = cases.candidates(db, actors["trainer"], cases.CandidateFilter(WEEK), TZ, now=NOW)
    by_number = {r.number: r for r in rows}
    assert numbers(rows) == ["CP-20261117-000003", "CP-20261117-000004", "CP-20261117-000002", "CP-20261117-000005"]
    assert by_number["CP-20261117-000003"].signals == ("regulator", "over_limit", "escalated")
    assert by_number["CP-20261117-000004"].signals == ("low_rating", "reopened", "repeat")
    assert by_number["CP-20261117-000002"].signals == ("breached",)
    assert by_number["CP-20261117-000005"].signals == ("breached",)  # open and past its due times
    for r in rows:
        assert r.score == score(set(r.signals))
    assert cases.count_candidates(db, actors["trainer"], cases.CandidateFilter(WEEK), TZ, now=NOW) == 4


def test_candidates_show_customer_details_masked(db, world):
    actors, _ = world
    row = cases.candidates(db, actors["analyst"], cases.CandidateFilter(WEEK), TZ, now=NOW)[0]
    assert (row.customer_name, row.customer_phone, row.waybill_no) == ("王**", "138****5678", "CC********9012")


def test_candidates_filter_by_category_region_and_signal_and_page_in_sql(db, world):
    actors, _ = world
    trainer = actors["trainer"]

    def run(**kw):
        return numbers(cases.candidates(db, trainer, cases.CandidateFilter(WEEK, **kw), TZ, now=NOW))

    assert run(category="damage") == ["CP-20261117-000004"]
    assert run(region="WEST") == ["CP-20261117-000003", "CP-20261117-000005"]
    assert run(signal="breached") == ["CP-20261117-000002", "CP-20261117-000005"]
    assert run(signal="no-such-signal") == []
    page2 = cases.candidates(db, trainer, cases.CandidateFilter(WEEK), TZ, limit=2, offset=2, now=NOW)
    assert numbers(page2) == ["CP-20261117-000002", "CP-20261117-000005"]
    assert numbers(cases.candidates(db, trainer, cases.CandidateFilter(WEEK - timedelta(days=7)), TZ, now=NOW)) == [
        "CP-20261110-000001"
    ]


def test_outlet_roles_get_no_candidates(db, world):
    actors, _ = world
    assert cases.candidates(db, actors["manager"], cases.CandidateFilter(WEEK), TZ, now=NOW) == []
    assert cases.count_candidates(db, actors["manager"], cases.CandidateFilter(WEEK), TZ, now=NOW) == 0
    assert cases.case_ticket(db, actors["manager"], "CP-20261117-000002") is None


def form(**changes):
    values = {
        "title": "Late and silent",
        "tags": "延误, Silence",
        "practice": "bad",
        "lesson": "Tell the customer first.",
        "why_1": "Why late?",
        "because_1": "Hub backlog.",
        "root_cause": "No backlog alert",
        "corrective_action": "Backlog alert",
        "action_owner": "Ops",
        "action_due": "2026-12-01",
    }
    values.update(changes)
    return validate_case(values, WEEK)[0]


def test_only_the_training_lead_writes_cases_and_a_ticket_has_one_case(db, world):
    actors, t = world
    assert case_writes.save_case(db, actors["analyst"], t["late"].id, WEEK, form()) is None
    case = case_writes.save_case(db, actors["trainer"], t["late"].id, WEEK, form())
    assert case.id and case.tags == ["延误", "Silence"] and case.tags_text == "|延误|silence|"
    assert case.five_whys == [{"why": "Why late?", "because": "Hub backlog."}] and case.updated_at is None
    again = case_writes.save_case(db, actors["trainer"], t["late"].id, WEEK, form(title="Late, silent, sorry"))
    assert again.id == case.id and again.title == "Late, silent, sorry" and again.updated_at is not None
    row = cases.candidates(db, actors["trainer"], cases.CandidateFilter(WEEK, signal="breached"), TZ, now=NOW)[0]
    assert row.case_id == case.id  # the candidate list says it is picked
    assert not case_writes.delete_case(db, actors["analyst"], t["late"].id)
    assert case_writes.delete_case(db, actors["trainer"], t["late"].id)
    assert cases.case_for_ticket(db, t["late"].id) is None


def test_the_library_searches_by_text_tag_category_and_outlet_in_pages(db, world):
    actors, t = world
    trainer = actors["trainer"]
    case_writes.save_case(db, trainer, t["late"].id, WEEK, form())
    case_writes.save_case(
        db,
        trainer,
        t["regulator"].id,
        WEEK,
        form(title="Regulator loss", tags="丢失, 100%_sure", lesson="Answer the regulator the same day"),
    )
    case_writes.save_case(
        db,
        trainer,
        t["unhappy"].id,
        WEEK,
        form(title="Broken vase", tags="破损", practice="good", corrective_action="", action_owner="", action_due=""),
    )

    def run(**kw):
        return sorted(r.number for r in cases.library(db, actors["analyst"], cases.LibraryQuery(**kw)))

    assert len(run()) == 3 and cases.count_library(db, actors["analyst"], cases.LibraryQuery()) == 3
    assert run(text="REGULATOR") == ["CP-20261117-000003"]
    assert run(text="same day") == ["CP-20261117-000003"]  # the lesson is searched too
    assert run(tag="silence") == ["CP-20261117-000002"]
    assert run(tag="延") == []  # a tag matches whole, not in part
    assert run(tag="100%_sure") == ["CP-20261117-000003"] and run(text="0%_") == ["CP-20261117-000003"]
    assert run(text="%") == ["CP-20261117-000003"]  # LIKE wildcards are literal
    assert run(category="damage") == ["CP-20261117-000004"]
    assert run(outlet="west-001") == ["CP-20261117-000003"]
    page = cases.library(db, actors["analyst"], cases.LibraryQuery(), limit=2, offset=2)
    assert len(page) == 1
    assert cases.library(db, actors["manager"], cases.LibraryQuery()) == []


def test_the_pack_is_the_weeks_cases_with_every_detail_masked(db, world):
    actors, t = world
    trainer = actors["trainer"]
    t["late"].description = "王小明 says call 13812345678 or 13999998888; waybill CC123456789012"
    db.add(t["late"])
    db.commit()
    case_writes.save_case(db, trainer, t["late"].id, WEEK, form(lesson="王小明 (13812345678) waited two days"))
    case_writes.save_case(db, trainer, t["unhappy"].id, WEEK, form(practice="good", title="Good recovery"))
    pack = cases.pack_cases(db, actors["analyst"], WEEK, now=NOW)
    assert [c.number for c in pack] == ["CP-20261117-000002", "CP-20261117-000004"]  # bad practice first
    late = pack[0]
    blob = repr(pack)
    for secret in ("王小明", "13812345678", "13999998888", "CC123456789012"):
        assert secret not in blob
    assert "王**" in late.lesson and "138****5678" in late.description and late.five_whys == (("Why late?", "Hub backlog."),)
    assert cases.pack_cases(db, actors["manager"], WEEK) == []
