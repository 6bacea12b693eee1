"""The stage machine of DESIGN: allowed moves and what each needs."""

from dataclasses import replace
from decimal import Decimal

import pytest

from complaint_console.domain.stages import (
    MoveFields,
    TicketFacts,
    allowed_targets,
    check_move,
    is_allowed,
    parse_amount,
    required_fields,
)
from complaint_console.domain.text import NOTE_MAX
from complaint_console.domain.vocabulary import Category, Role, Stage

S = Stage
RESOLVE = MoveFields(resolution_summary="re-delivered", responsibility="outlet", compensation="0")


def facts(stage, category=Category.DELAY, limit="500", approved=None, low_rating=False):
    return TicketFacts(stage, category, Decimal(limit), Decimal(approved) if approved else None, low_rating)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.NEW, S.INVESTIGATING),
        (S.INVESTIGATING, S.PROPOSING),
        (S.PROPOSING, S.AWAITING_CUSTOMER),
        (S.AWAITING_CUSTOMER, S.EXECUTING),
        (S.EXECUTING, S.RESOLVED),
        (S.RESOLVED, S.CLOSED),
        (S.AWAITING_CUSTOMER, S.PROPOSING),
        (S.RESOLVED, S.INVESTIGATING),
    ],
)
def test_design_moves_are_allowed(current, target):
    assert is_allowed(current, target, Category.DELAY)


@pytest.mark.parametrize(
    ("current", "target"),
    [(S.NEW, S.PROPOSING), (S.NEW, S.RESOLVED), (S.INVESTIGATING, S.NEW), (S.CLOSED, S.INVESTIGATING), (S.PROPOSING, S.CLOSED)],
)
def test_other_moves_are_refused(current, target):
    assert not is_allowed(current, target, Category.DELAY)
    assert check_move(facts(current), Role.OUTLET_MANAGER, target, RESOLVE) == {"stage": "move.not_allowed"}


def test_inquiries_resolve_from_any_open_stage():
    for stage in (S.NEW, S.INVESTIGATING, S.PROPOSING, S.AWAITING_CUSTOMER, S.EXECUTING):
        assert is_allowed(stage, S.RESOLVED, Category.INQUIRY)
    assert S.RESOLVED in allowed_targets(S.NEW, Category.INQUIRY)
    assert allowed_targets(S.NEW, Category.DELAY) == [S.INVESTIGATING]


def test_resolving_needs_summary_responsibility_and_amount():
    problems = check_move(facts(S.EXECUTING), Role.AGENT, S.RESOLVED, MoveFields())
    assert problems == {
        "resolution_summary": "move.summary_required",
        "responsibility": "move.responsibility_required",
        "compensation": "move.compensation_invalid",
    }
    assert check_move(facts(S.EXECUTING), Role.AGENT, S.RESOLVED, RESOLVE) == {}


def test_compensation_above_the_limit_waits_for_approval_of_that_amount():
    big = MoveFields(resolution_summary="paid", responsibility="outlet", compensation="800.00")
    assert check_move(facts(S.EXECUTING), Role.OUTLET_MANAGER, S.RESOLVED, big) == {"compensation": "move.approval_required"}
    assert check_move(facts(S.EXECUTING, approved="800"), Role.OUTLET_MANAGER, S.RESOLVED, big) == {}
    other = MoveFields(resolution_summary="paid", responsibility="outlet", compensation="900")
    assert check_move(facts(S.EXECUTING, approved="800"), Role.OUTLET_MANAGER, S.RESOLVED, other) == {
        "compensation": "move.approval_required"
    }
    at_limit = MoveFields(resolution_summary="paid", responsibility="outlet", compensation="500")
    assert check_move(facts(S.EXECUTING), Role.OUTLET_MANAGER, S.RESOLVED, at_limit) == {}


def test_reopen_needs_a_reason_and_a_manager_or_a_low_rating():
    reason = MoveFields(reason="customer still has no parcel")
    assert check_move(facts(S.RESOLVED), Role.OUTLET_MANAGER, S.INVESTIGATING, reason) == {}
    assert check_move(facts(S.RESOLVED), Role.AGENT, S.INVESTIGATING, reason) == {"stage": "move.reopen_forbidden"}
    assert check_move(facts(S.RESOLVED, low_rating=True), Role.AGENT, S.INVESTIGATING, reason) == {}
    assert check_move(facts(S.RESOLVED), Role.OUTLET_MANAGER, S.INVESTIGATING, MoveFields()) == {"reason": "move.reason_required"}


def test_closing_needs_a_root_cause():
    assert check_move(facts(S.RESOLVED), Role.AGENT, S.CLOSED, MoveFields()) == {"root_cause": "move.root_cause_required"}
    assert check_move(facts(S.RESOLVED), Role.AGENT, S.CLOSED, MoveFields(root_cause="sorting_error")) == {}


def test_closing_takes_a_root_cause_from_hqs_active_list_with_optional_free_text():
    listed = replace(facts(S.RESOLVED), root_causes=frozenset({"late_pickup"}))
    assert check_move(listed, Role.AGENT, S.CLOSED, MoveFields(root_cause="late_pickup")) == {}
    assert check_move(listed, Role.AGENT, S.CLOSED, MoveFields(root_cause="sorting_error")) == {
        "root_cause": "root_causes.error.not_offered"
    }
    long_note = MoveFields(root_cause="late_pickup", root_cause_note="x" * (NOTE_MAX + 1))
    assert check_move(listed, Role.AGENT, S.CLOSED, long_note) == {"root_cause_note": "text.too_long"}
    assert check_move(listed, Role.AGENT, S.CLOSED, MoveFields(root_cause="late_pickup", root_cause_note="rain")) == {}


def test_amounts():
    assert parse_amount("0") == Decimal("0")
    assert parse_amount(" 12.50 ") == Decimal("12.50")
    for bad in ("-1", "abc", "1.234", "", "1e3x"):
        assert parse_amount(bad) is None


def test_required_fields_for_the_form():
    assert required_fields(S.EXECUTING, S.RESOLVED) == ["resolution_summary", "responsibility", "compensation"]
    assert required_fields(S.RESOLVED, S.CLOSED) == ["root_cause", "root_cause_note"]
    assert required_fields(S.RESOLVED, S.INVESTIGATING) == ["reason"]
    assert required_fields(S.NEW, S.INVESTIGATING) == []
