"""What a live board asks the database: which tickets changed since its last look (scoped), the
patch of a change (the card and the counts, never another outlet's card), and the ticket page's
signature, which changes with every change the page shows."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from complaint_console.db import tickets
from complaint_console.db.board import changed_since, changes_since
from complaint_console.db.models import Ticket
from complaint_console.domain.access import Actor, sees_outlet
from complaint_console.domain.vocabulary import Role, Stage
from complaint_console.services import auth, workflow
from complaint_console.states import live
from complaint_console.states.board_view import BoardQuery, read_board, read_patch
from tests import factories as f

EAST, SOUTH, TRIAGE = "CP-20261120-000001", "CP-20261120-000002", "CP-20261120-000003"


@pytest.fixture
def board(db):
    f.region(db)
    a, b = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002")
    users = {
        "manager_a": f.user(db, "manager_a", Role.OUTLET_MANAGER, a.id),
        "manager_b": f.user(db, "manager_b", Role.OUTLET_MANAGER, b.id),
        "admin": f.user(db, "admin", Role.HQ_ADMIN),
    }
    for number, outlet_id in ((EAST, a.id), (SOUTH, b.id), (TRIAGE, None)):
        f.ticket(db, number, outlet_id)
    db.commit()
    return {name: auth.actor_of(user) for name, user in users.items()}


def _version(db, actor, number):
    return tickets.ticket_detail(db, actor, number).version


def test_a_change_is_seen_by_the_boards_that_may_show_it_only(db, board):
    since = datetime.now(UTC) - timedelta(seconds=1)
    manager_a, manager_b = board["manager_a"], board["manager_b"]
    assert EAST not in changed_since(db, manager_a, since + timedelta(seconds=30), [])
    assert workflow.move(db, manager_a, EAST, Stage.INVESTIGATING, _version(db, manager_a, EAST)).ok
    assert changed_since(db, manager_a, since, []) == {EAST: 2}
    assert changed_since(db, manager_b, since, []) == {}
    assert EAST in changed_since(db, board["admin"], since, [])


def test_a_patch_carries_the_moved_card_and_the_counts(db, board):
    manager_a, now = board["manager_a"], datetime.now(UTC)
    view = read_board(db, manager_a, BoardQuery(), now)
    assert view.shown == {EAST: 1}
    assert workflow.move(db, manager_a, EAST, Stage.INVESTIGATING, 1).ok
    patch = read_patch(db, manager_a, BoardQuery(), [EAST], view.shown, now)
    assert [(c["number"], c["stage"], c["version"]) for c in patch.cards] == [(EAST, "investigating", 2)]
    assert patch.removed == []
    assert (patch.counts["new"], patch.counts["investigating"]) == (0, 1)


def test_a_patch_never_carries_another_outlets_card(db, board):
    manager_b, now = board["manager_b"], datetime.now(UTC)
    patch = read_patch(db, manager_b, BoardQuery(), [EAST], {}, now)
    assert patch.cards == [] and patch.removed == []
    assert sum(patch.counts.values()) == 1  # manager_b's own ticket only


def test_a_card_that_leaves_the_filter_or_the_scope_is_removed(db, board):
    admin, now = board["admin"], datetime.now(UTC)
    triage = BoardQuery(network=True, queue="triage")
    view = read_board(db, admin, triage, now)
    assert set(view.shown) == {TRIAGE}
    since = now - timedelta(seconds=1)
    assert workflow.route_to_outlet(db, admin, TRIAGE, "EAST-001", 1).ok
    changed = changed_since(db, admin, since, list(view.shown))
    patch = read_patch(db, admin, triage, list(changed), view.shown, now)
    assert TRIAGE in patch.removed and TRIAGE not in {c["number"] for c in patch.cards}


def test_the_ticket_pages_signature_changes_with_every_change_it_shows(db, board):
    manager_a = board["manager_a"]
    first = tickets.ticket_signature(db, manager_a, EAST)
    assert tickets.ticket_signature(db, manager_a, EAST.lower()) == first
    assert workflow.comment(db, manager_a, EAST, "called the hub").ok
    commented = tickets.ticket_signature(db, manager_a, EAST)
    assert commented != first
    assert workflow.move(db, manager_a, EAST, Stage.INVESTIGATING, 1).ok
    assert tickets.ticket_signature(db, manager_a, EAST) not in (first, commented)
    assert tickets.ticket_signature(db, board["manager_b"], EAST) is None


def test_the_scope_twin_in_python_keeps_what_the_sql_scope_keeps(db, board):
    """`domain.access.sees_outlet` (rows already read, the shared feed) against `db.tickets.scoped` (SQL)."""
    agent = auth.actor_of(f.user(db, "agent_a", Role.AGENT, board["manager_a"].outlet_id))
    no_outlet = Actor(99, "manager_none", "No outlet", Role.OUTLET_MANAGER, None)  # sees nothing
    db.commit()
    rows = changes_since(db, datetime(2000, 1, 1, tzinfo=UTC))
    assert len(rows) == 3
    for actor in (*board.values(), agent, no_outlet):
        in_sql = set(db.exec(tickets.scoped(select(Ticket.number), actor)).all())
        in_python = {number for number, _, outlet_id, _ in rows if sees_outlet(actor, outlet_id)}
        assert in_python == in_sql, actor.username


def test_the_shared_feed_gives_each_board_what_the_database_gives_it(db, board, monkeypatch):
    """One read for every board: the same numbers and versions as each board's own query."""
    monkeypatch.setattr(live, "with_db", lambda fn, watching=False: _in_db(db, fn))
    since = datetime.now(UTC) - timedelta(seconds=2)
    assert workflow.move(db, board["manager_a"], EAST, Stage.INVESTIGATING, _version(db, board["manager_a"], EAST)).ok
    feed = live.ChangeFeed()

    async def looks():
        for actor in board.values():
            assert await feed.seen_by(actor, since, set()) == changed_since(db, actor, since, [])
        assert await feed.seen_by(board["manager_b"], since, {EAST}) == {EAST: 2}  # shown: kept, whatever its outlet
        assert await feed.seen_by(board["admin"], since - timedelta(minutes=5), set()) is None  # older than it holds

    asyncio.run(looks())


async def _in_db(db, fn):
    return fn(db)
