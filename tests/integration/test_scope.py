"""Scope is enforced in SQL: what is outside a user's outlet looks exactly like missing."""

from datetime import UTC, datetime

import pytest

from complaint_console.db import tickets
from complaint_console.db.board import BoardFilter, stage_counts
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth
from tests import factories as f


@pytest.fixture
def two_outlets(db):
    f.region(db)
    a, b = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002")
    users = {
        "manager_a": f.user(db, "manager_a", Role.OUTLET_MANAGER, a.id),
        "agent_a": f.user(db, "agent_a", Role.AGENT, a.id),
        "manager_b": f.user(db, "manager_b", Role.OUTLET_MANAGER, b.id),
        "analyst": f.user(db, "analyst", Role.HQ_ANALYST),
        "trainer": f.user(db, "trainer", Role.TRAINING_LEAD),
    }
    f.ticket(db, "CP-20261120-000001", a.id, phone="13811112222", name="张三")
    f.ticket(db, "CP-20261120-000002", b.id, phone="13933334444", name="李四")
    f.ticket(db, "CP-20261120-000003", None)  # HQ triage: no outlet yet
    db.commit()
    return {name: auth.actor_of(user) for name, user in users.items()}


def test_manager_sees_own_outlet_ticket(db, two_outlets):
    detail = tickets.ticket_detail(db, two_outlets["manager_a"], "CP-20261120-000001")
    assert detail is not None and detail.customer_phone == "13811112222"
    assert tickets.ticket_events(db, two_outlets["manager_a"], "CP-20261120-000001") == []


def test_manager_of_other_outlet_gets_not_found(db, two_outlets):
    for name in ("manager_b",):
        assert tickets.ticket_detail(db, two_outlets[name], "CP-20261120-000001") is None
    assert tickets.ticket_detail(db, two_outlets["agent_a"], "CP-20261120-000002") is None
    assert tickets.ticket_detail(db, two_outlets["manager_a"], "CP-20261120-000003") is None


def test_counts_are_scoped(db, two_outlets):
    def total(actor):
        return sum(stage_counts(db, actor, BoardFilter(), datetime.now(UTC)).values())

    assert total(two_outlets["manager_a"]) == 1
    assert total(two_outlets["manager_b"]) == 1
    assert total(two_outlets["analyst"]) == 3


def test_hq_sees_every_outlet_and_triage(db, two_outlets):
    for number in ("CP-20261120-000001", "CP-20261120-000002", "CP-20261120-000003"):
        assert tickets.ticket_detail(db, two_outlets["analyst"], number) is not None


def test_training_lead_sees_masked_customer_data(db, two_outlets):
    detail = tickets.ticket_detail(db, two_outlets["trainer"], "CP-20261120-000002")
    assert detail.customer_phone == "139****4444"
    assert detail.customer_name == "李*"
    assert "33334444" not in detail.waybill_no + detail.customer_phone


def test_number_lookup_is_case_and_space_tolerant(db, two_outlets):
    assert tickets.ticket_detail(db, two_outlets["manager_a"], " cp-20261120-000001 ") is not None


def test_search_finds_a_part_of_the_number_in_scope_only(db, two_outlets):
    def found(actor, text):
        return sum(stage_counts(db, actor, BoardFilter(search=text), datetime.now(UTC)).values())

    analyst, manager_a = two_outlets["analyst"], two_outlets["manager_a"]
    assert found(analyst, "000001") == 1
    assert found(analyst, "1120-0000") == 3
    assert found(manager_a, "1120-0000") == 1  # another outlet's numbers stay out of reach
    assert found(analyst, "cp-20261120-000002") == 1
    assert found(analyst, "0%01") == 0 and found(analyst, "0_0001") == 0  # wildcards are plain characters
    assert found(analyst, "2222") == 1  # the phone's tail still works
