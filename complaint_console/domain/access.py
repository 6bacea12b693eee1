"""The one place that decides what a user may see and do (DESIGN: "Who uses it").

Queries call `outlet_scope` to filter rows; event handlers call `may` before acting.
Pages only decide what to show; they never replace these checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from complaint_console.domain.vocabulary import Role


class Action(StrEnum):
    VIEW_TICKETS = "view_tickets"
    VIEW_CUSTOMER_CONTACT = "view_customer_contact"
    WORK_TICKETS = "work_tickets"
    VIEW_SCORES = "view_scores"
    VIEW_NETWORK_SCORES = "view_network_scores"
    VIEW_REPORTS = "view_reports"
    VIEW_CASES = "view_cases"
    EDIT_CASES = "edit_cases"
    EDIT_ROOT_CAUSES = "edit_root_causes"  # add, rename and deactivate the root causes HQ counts
    VERIFY_CORRECTIVE_ACTIONS = "verify_corrective_actions"  # confirm that a done corrective action holds
    ACKNOWLEDGE_HOMEWORK = "acknowledge_homework"  # an outlet's manager confirms a case given to the outlet
    INSPECT_QUALITY = "inspect_quality"  # draw samples and review them
    READ_INSPECTION = "read_inspection"  # read every review and the inspectors' agreement (calibration)
    APPROVE_COMPENSATION = "approve_compensation"
    ADMINISTER = "administer"
    VIEW_OUTLET_STAFF = "view_outlet_staff"  # an outlet manager's read-only list of their outlet's staff
    WORK_ANY_TICKET = "work_any_ticket"  # not only tickets assigned to oneself (or to nobody)
    ASSIGN_TICKETS = "assign_tickets"
    REOPEN_TICKETS = "reopen_tickets"  # without a low rating from the customer
    ROUTE_TICKETS = "route_tickets"  # hand a ticket (HQ's triage queue) to an outlet
    LEAD_OUTLET = "lead_outlet"  # be named an outlet's manager; hear its alerts, digest and reports


_HQ_READ = {
    Action.VIEW_TICKETS,
    Action.VIEW_CUSTOMER_CONTACT,
    Action.VIEW_SCORES,
    Action.VIEW_NETWORK_SCORES,
    Action.VIEW_REPORTS,
    Action.VIEW_CASES,
    Action.INSPECT_QUALITY,
    Action.READ_INSPECTION,
}

_TICKET_LEAD = {Action.WORK_TICKETS, Action.WORK_ANY_TICKET, Action.ASSIGN_TICKETS, Action.REOPEN_TICKETS}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.HQ_ADMIN: frozenset(
        _HQ_READ
        | _TICKET_LEAD
        | {Action.APPROVE_COMPENSATION, Action.ADMINISTER, Action.ROUTE_TICKETS, Action.EDIT_ROOT_CAUSES}
        | {Action.VERIFY_CORRECTIVE_ACTIONS}
    ),
    Role.HQ_ANALYST: frozenset(_HQ_READ | {Action.APPROVE_COMPENSATION}),
    Role.OUTLET_MANAGER: frozenset(
        _TICKET_LEAD
        | {Action.VIEW_TICKETS, Action.VIEW_CUSTOMER_CONTACT, Action.VIEW_SCORES, Action.VIEW_OUTLET_STAFF, Action.LEAD_OUTLET}
        | {Action.ACKNOWLEDGE_HOMEWORK}
    ),
    Role.AGENT: frozenset({Action.VIEW_TICKETS, Action.VIEW_CUSTOMER_CONTACT, Action.WORK_TICKETS, Action.VIEW_SCORES}),
    Role.TRAINING_LEAD: frozenset(
        {Action.VIEW_TICKETS, Action.VIEW_CASES, Action.EDIT_CASES, Action.READ_INSPECTION, Action.VERIFY_CORRECTIVE_ACTIONS}
    ),
}

NETWORK_ROLES = frozenset({Role.HQ_ADMIN, Role.HQ_ANALYST, Role.TRAINING_LEAD})

# Who hears about a frozen week (DESIGN "Who hears"), as role values for the queries that pick recipients:
REPORT_ROLES = tuple(sorted(r.value for r in (Role.HQ_ADMIN, Role.HQ_ANALYST)))  # the whole weekly report


def role_may(role: Role | str, action: Action) -> bool:
    """Whether a role (as stored) has `action`: for rules about accounts, not the signed-in user."""
    return role in Role.__members__.values() and action in PERMISSIONS[Role(role)]


def roles_that(action: Action) -> tuple[str, ...]:
    """The stored role values that have `action`, for the queries that pick people (`role IN …`)."""
    return tuple(sorted(r.value for r, actions in PERMISSIONS.items() if action in actions))


OUTLET_REPORT_ROLES = roles_that(Action.LEAD_OUTLET)  # their outlet's page, and its tier-D and warning alerts


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the rules see them."""

    user_id: int
    username: str
    display_name: str
    role: Role
    outlet_id: int | None
    must_change_password: bool = False  # signed in with a temporary password: only the password change is allowed


ALL_OUTLETS = None


def outlet_scope(actor: Actor) -> int | None:
    """The single outlet an actor is limited to, or ALL_OUTLETS (None) for network roles.

    An outlet role without an outlet sees nothing: callers get -1, which matches no row.
    """
    if actor.role in NETWORK_ROLES:
        return ALL_OUTLETS
    return actor.outlet_id if actor.outlet_id is not None else -1


def may(actor: Actor | None, action: Action) -> bool:
    return actor is not None and not actor.must_change_password and action in PERMISSIONS[actor.role]


def belongs_to_outlet(role: Role | str) -> bool:
    """Outlet roles belong to one outlet (and need it); network roles see every outlet and belong to none."""
    return role in Role.__members__.values() and Role(role) not in NETWORK_ROLES


def may_work_on(actor: Actor | None, assignee_id: int | None) -> bool:
    """Whether the actor may change a ticket with this assignee: agents only their own or unassigned ones."""
    return may(actor, Action.WORK_TICKETS) and (may(actor, Action.WORK_ANY_TICKET) or assignee_id in (None, actor.user_id))


def may_finish_action(actor: Actor | None, owner_id: int | None) -> bool:
    """Whether the actor may mark a corrective action done: its owner, or whoever edits cases."""
    return actor is not None and (actor.user_id == owner_id or may(actor, Action.EDIT_CASES))


def may_reopen(role: Role | None, low_rating: bool) -> bool:
    """A resolved ticket goes back to work: by a role that may reopen, or after a low rating
    (`role` None is the system acting on the customer's survey answer)."""
    return low_rating or (role is not None and role_may(role, Action.REOPEN_TICKETS))


def sees_outlet(actor: Actor | None, outlet_id: int | None) -> bool:
    """May the actor see the tickets of `outlet_id` (None: not routed yet)? The Python twin of
    `db.tickets.scoped`, for rows already read (the live pages' shared change feed)."""
    if not may(actor, Action.VIEW_TICKETS):
        return False
    scope = outlet_scope(actor)
    return scope is ALL_OUTLETS or (outlet_id is not None and outlet_id == scope)


@dataclass(frozen=True)
class NavItem:
    route: str
    label_key: str
    icon: str
    action: Action


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("/board", "nav.board", "kanban", Action.WORK_TICKETS),
    NavItem("/intake", "nav.intake", "circle-plus", Action.WORK_TICKETS),
    NavItem("/approvals", "nav.approvals", "badge-check", Action.APPROVE_COMPENSATION),
    NavItem("/scores", "nav.scores", "chart-column", Action.VIEW_SCORES),
    NavItem("/reports", "nav.reports", "file-text", Action.VIEW_REPORTS),
    NavItem("/cases", "nav.cases", "graduation-cap", Action.VIEW_CASES),
    NavItem("/inspection", "nav.inspection", "clipboard-check", Action.INSPECT_QUALITY),
    NavItem("/inspection-results", "nav.inspection_results", "scale", Action.READ_INSPECTION),
    NavItem("/homework", "homework.nav", "book-check", Action.ACKNOWLEDGE_HOMEWORK),
    NavItem("/staff", "nav.staff", "users", Action.VIEW_OUTLET_STAFF),
    NavItem("/admin", "nav.admin", "settings", Action.ADMINISTER),
    NavItem("/account", "nav.account", "user", Action.VIEW_TICKETS),
)

PASSWORD_CHANGE = "/account"  # where a temporary password leads, and the only page it opens


def home_of(actor: Actor) -> str:
    return PASSWORD_CHANGE if actor.must_change_password else HOME[actor.role]


HOME: dict[Role, str] = {
    Role.OUTLET_MANAGER: "/board",
    Role.AGENT: "/board",
    Role.HQ_ADMIN: "/scores",
    Role.HQ_ANALYST: "/scores",
    Role.TRAINING_LEAD: "/cases",
}


def navigation_for(role: Role) -> list[NavItem]:
    return [item for item in NAVIGATION if item.action in PERMISSIONS[role]]


def may_open(actor: Actor | None, route: str) -> bool:
    """Whether a page route belongs to the actor's role (pages re-check data in handlers)."""
    if actor is None:
        return False
    if actor.must_change_password:
        return route == PASSWORD_CHANGE
    for item in NAVIGATION:
        if route == item.route or route.startswith(item.route + "/"):
            return may(actor, item.action)
    return True
