from complaint_console.domain.access import (
    ALL_OUTLETS,
    HOME,
    Action,
    Actor,
    may,
    may_open,
    navigation_for,
    outlet_scope,
)
from complaint_console.domain.vocabulary import Role


def actor(role: Role, outlet_id: int | None = None) -> Actor:
    return Actor(1, "u", "U", role, outlet_id)


def test_network_roles_see_all_outlets():
    for role in (Role.HQ_ADMIN, Role.HQ_ANALYST, Role.TRAINING_LEAD):
        assert outlet_scope(actor(role)) is ALL_OUTLETS


def test_outlet_roles_see_only_their_outlet():
    for role in (Role.OUTLET_MANAGER, Role.AGENT):
        a = actor(role, 7)
        assert outlet_scope(a) == 7


def test_outlet_role_without_outlet_sees_nothing():
    assert outlet_scope(actor(Role.AGENT, None)) == -1


def test_nobody_signed_in_may_do_nothing():
    assert not may(None, Action.VIEW_TICKETS)
    assert not may_open(None, "/board")


def test_training_lead_reads_tickets_without_customer_contact():
    lead = actor(Role.TRAINING_LEAD)
    assert may(lead, Action.VIEW_TICKETS)
    assert not may(lead, Action.VIEW_CUSTOMER_CONTACT)
    assert not may(lead, Action.WORK_TICKETS)


def test_only_hq_approves_compensation_and_only_admin_administers():
    assert may(actor(Role.HQ_ANALYST), Action.APPROVE_COMPENSATION)
    assert not may(actor(Role.OUTLET_MANAGER, 1), Action.APPROVE_COMPENSATION)
    assert [r for r in Role if may(actor(r, 1), Action.ADMINISTER)] == [Role.HQ_ADMIN]


def test_homes_follow_design():
    assert HOME[Role.OUTLET_MANAGER] == HOME[Role.AGENT] == "/board"
    assert HOME[Role.HQ_ADMIN] == HOME[Role.HQ_ANALYST] == "/scores"
    assert HOME[Role.TRAINING_LEAD] == "/cases"


def test_every_home_is_in_its_role_navigation():
    for role, home in HOME.items():
        assert home in [item.route for item in navigation_for(role)]


def test_pages_outside_the_role_are_refused():
    manager = actor(Role.OUTLET_MANAGER, 1)
    assert may_open(manager, "/board")
    assert not may_open(manager, "/admin")
    assert not may_open(manager, "/admin/jobs")
    assert not may_open(manager, "/cases")
    assert may_open(manager, "/tickets/CP-20261123-000001")
    assert not may_open(actor(Role.TRAINING_LEAD), "/board")


def test_only_hq_runs_quality_inspection():
    assert [r for r in Role if may(actor(r, 1), Action.INSPECT_QUALITY)] == [Role.HQ_ADMIN, Role.HQ_ANALYST]
    assert may_open(actor(Role.HQ_ANALYST), "/inspection/item/1")
    assert not may_open(actor(Role.TRAINING_LEAD), "/inspection")
    assert not may_open(actor(Role.OUTLET_MANAGER, 1), "/inspection")
    assert "/inspection" in [item.route for item in navigation_for(Role.HQ_ADMIN)]


def test_the_training_lead_reads_inspection_results_but_draws_and_reviews_nothing():
    readers = [r for r in Role if may(actor(r, 1), Action.READ_INSPECTION)]
    assert readers == [Role.HQ_ADMIN, Role.HQ_ANALYST, Role.TRAINING_LEAD]
    assert may_open(actor(Role.TRAINING_LEAD), "/inspection-results")
    assert not may_open(actor(Role.TRAINING_LEAD), "/inspection/item/1")
    assert not may_open(actor(Role.OUTLET_MANAGER, 1), "/inspection-results")
    assert "/inspection-results" in [item.route for item in navigation_for(Role.TRAINING_LEAD)]
