"""Staff accounts without SQL: create, edit, deactivate (sessions end), unlock, reset, set-password
links, the last-admin rule, the import, and an outlet manager's read of their own staff."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from complaint_console.db import outlets as outlet_queries
from complaint_console.db import staff as staff_queries
from complaint_console.db.models import AppUser, UserSession
from complaint_console.domain.access import Action, may
from complaint_console.domain.csv_file import FileError
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, staff
from tests import factories as f

NOW = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
NEW = {
    "username": "Zhang.Wei",
    "display_name": "张伟",
    "role": "outlet_manager",
    "outlet_code": "east-001",
    "email": "zhang@example.com",
    "phone": "139-1234-5678",
    "language": "zh",
}


@pytest.fixture
def world(db):
    f.region(db)
    east, south = f.outlet(db, "EAST-001"), f.outlet(db, "SOUTH-001", "EAST")
    admin = f.user(db, "admin", Role.HQ_ADMIN)
    db.commit()
    return {"admin": auth.actor_of(admin), "east": east, "south": south}


def fresh(db, username) -> AppUser:
    return db.exec(select(AppUser).where(AppUser.username == username).execution_options(populate_existing=True)).one()


def open_sessions(db, user_id) -> int:
    return len(db.exec(select(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))).all())


def test_a_new_manager_signs_in_with_the_temporary_password_and_must_choose_their_own(db, world):
    made = staff.create(db, world["admin"], NEW)
    assert made.errors == {} and made.password and made.token is None
    user = fresh(db, "zhang.wei")
    assert (user.role, user.outlet_id, user.phone, user.must_change_password) == (
        "outlet_manager",
        world["east"].id,
        "13912345678",
        True,
    )
    assert made.password not in user.password_hash  # stored hashed
    signed_in = auth.login(db, "zhang.wei", made.password)
    assert signed_in.actor.must_change_password and not may(signed_in.actor, Action.WORK_TICKETS)
    own = "my own long password"
    assert auth.change_password(db, signed_in.actor, made.password, own, own, signed_in.token) == {}
    actor = auth.resolve(db, signed_in.token)
    assert not actor.must_change_password and may(actor, Action.WORK_TICKETS) and actor.outlet_id == world["east"].id
    assert [a.action for a in outlet_queries.audit_lines(db, "user", user.id)] == ["create"]


def test_every_field_is_checked_and_said_next_to_it(db, world):
    bad = {"username": "x", "display_name": "", "role": "boss", "email": "no-at-sign", "phone": "12345", "language": "fr"}
    assert staff.create(db, world["admin"], bad).errors == {
        "username": "user.username_invalid",
        "display_name": "user.name_required",
        "role": "user.role_invalid",
        "email": "user.email_invalid",
        "phone": "user.phone_invalid",
        "language": "user.language_invalid",
    }
    assert staff.create(db, world["admin"], NEW | {"outlet_code": ""}).errors == {"outlet_code": "user.outlet_required"}
    assert staff.create(db, world["admin"], NEW | {"outlet_code": "NOPE-9"}).errors == {"outlet_code": "user.outlet_unknown"}
    assert staff.create(db, world["admin"], NEW).errors == {}
    assert staff.create(db, world["admin"], NEW).errors == {"username": "user.username_taken"}


def test_deactivating_ends_every_session_at_once(db, world):
    made = staff.create(db, world["admin"], NEW)
    user = fresh(db, "zhang.wei")
    staff.set_password(
        db, staff.reset_password(db, world["admin"], user.id, link=True).token, "a long new password", "a long new password"
    )
    tokens = [auth.login(db, "zhang.wei", "a long new password").token for _ in range(2)]
    assert made.user_id == user.id and open_sessions(db, user.id) == 2
    assert staff.set_active(db, world["admin"], user.id, False).errors == {}
    assert open_sessions(db, user.id) == 0 and all(auth.resolve(db, t) is None for t in tokens)
    assert auth.login(db, "zhang.wei", "a long new password").token is None
    assert staff.set_active(db, world["admin"], user.id, True).errors == {}
    assert auth.login(db, "zhang.wei", "a long new password").token is not None


def test_a_set_password_link_works_once_and_expires(db, world):
    made = staff.create(db, world["admin"], NEW, link=True)
    assert made.password is None and made.token
    user = fresh(db, "zhang.wei")
    assert user.password_token_hash == staff.token_hash(made.token) and made.token not in (user.password_token_hash or "")
    assert staff.set_password(db, made.token, "short", "short") == {"new": "password.too_short"}
    assert staff.set_password(db, made.token, "a long new password", "another long one") == {"confirm": "password.mismatch"}
    assert staff.set_password(db, made.token, "a long new password", "a long new password") == {}
    assert staff.set_password(db, made.token, "a second password!", "a second password!") == {"*": "user.link_invalid"}
    actor = auth.login(db, "zhang.wei", "a long new password").actor
    assert actor is not None and not actor.must_change_password
    late = staff.reset_password(db, world["admin"], user.id, link=True, now=NOW - timedelta(hours=80))
    assert staff.set_password(db, late.token, "a long new password", "a long new password") == {"*": "user.link_invalid"}


def test_reset_ends_sessions_and_unlock_lifts_the_lock_out(db, world):
    staff.create(db, world["admin"], NEW | {"username": "agent.x", "role": "agent"})
    user = fresh(db, "agent.x")
    for _ in range(5):
        auth.login(db, "agent.x", "wrong password!!")
    assert auth.login(db, "agent.x", "anything at all").error_key == "login.locked"
    assert staff.unlock(db, world["admin"], user.id).errors == {}
    reset = staff.reset_password(db, world["admin"], user.id, link=False)
    signed_in = auth.login(db, "agent.x", reset.password)
    assert signed_in.token is not None and signed_in.actor.must_change_password
    again = staff.reset_password(db, world["admin"], user.id, link=False)
    assert auth.resolve(db, signed_in.token) is None and again.password != reset.password
    actions = [a.action for a in outlet_queries.audit_lines(db, "user", user.id)]
    assert actions == ["reset_password", "reset_password", "unlock", "create"]


def test_the_last_active_hq_admin_can_be_neither_deactivated_nor_demoted(db, world):
    admin = world["admin"]
    assert staff.set_active(db, admin, admin.user_id, False).errors == {"*": "user.last_admin"}
    demote = {"display_name": "Admin", "role": "hq_analyst", "language": "en"}
    assert staff.update(db, admin, admin.user_id, demote).errors == {"role": "user.last_admin"}
    second = staff.create(db, admin, {"username": "admin2", "display_name": "Admin 2", "role": "hq_admin"}, link=True)
    assert staff.set_password(db, second.token, "admin two's password", "admin two's password") == {}
    assert staff.update(db, admin, admin.user_id, demote).errors == {}
    assert fresh(db, "admin").role == "hq_analyst"
    admin2 = auth.actor_of(fresh(db, "admin2"))
    assert staff.set_active(db, admin2, second.user_id, False).errors == {"*": "user.last_admin"}  # now the last one
    assert fresh(db, "admin2").active


def test_a_role_or_outlet_change_ends_the_sessions_and_is_audited(db, world):
    made = staff.create(db, world["admin"], NEW)
    token = auth.login(db, "zhang.wei", made.password).token
    moved = staff.update(db, world["admin"], made.user_id, NEW | {"outlet_code": "SOUTH-001"})
    assert moved.errors == {} and auth.resolve(db, token) is None
    line = outlet_queries.audit_lines(db, "user", made.user_id)[0]
    assert line.action == "update" and line.changes == {"outlet_id": [world["east"].id, world["south"].id]}
    assert staff.update(db, world["admin"], made.user_id, NEW | {"outlet_code": "SOUTH-001"}).errors == {}
    assert len(outlet_queries.audit_lines(db, "user", made.user_id)) == 2  # nothing changed: nothing written


def test_only_hq_admin_manages_accounts_and_managers_read_their_own_outlet_only(db, world):
    staff.create(db, world["admin"], NEW)
    staff.create(db, world["admin"], NEW | {"username": "south.mgr", "outlet_code": "SOUTH-001"})
    manager = auth.actor_of(fresh(db, "zhang.wei"))
    assert staff.create(db, manager, NEW | {"username": "sneaky"}).errors == {"*": "import.forbidden"}
    assert staff.set_active(db, manager, fresh(db, "south.mgr").id, False).errors == {"*": "import.forbidden"}
    assert staff.reset_password(db, manager, fresh(db, "south.mgr").id, link=False).errors == {"*": "import.forbidden"}
    assert may(manager, Action.VIEW_OUTLET_STAFF) is False  # must choose a password first
    lines, total = staff_queries.users_page(db, outlet_id=world["east"].id)
    assert total == 1 and [u.username for u in lines] == ["zhang.wei"]


def test_an_import_creates_with_links_updates_and_reports_bad_rows(db, world):
    text = (
        "username,display_name,role,outlet_code,email,phone\n"
        "zhang.wei,张伟,outlet_manager,EAST-001,zhang@example.com,13912345678\n"
        "li.na,李娜,agent,EAST-001,,0571-8765 4321\n"
        "bad name!,X,agent,EAST-001,,\n"
        "li.na,李娜 again,agent,EAST-001,,\n"
        "wang,王,boss,,,\n"
    )
    report, invitations = staff.import_users(db, world["admin"], text.encode("gbk"))
    assert (report.imported, report.rejected) == (2, 3)
    assert {(p.line, p.field, p.message) for p in report.problems} == {
        (4, "username", "user.username_invalid"),
        (5, "username", "import.user_repeated"),
        (6, "role", "user.role_invalid"),
    }
    assert [i.username for i in invitations] == ["zhang.wei", "li.na"] and fresh(db, "li.na").phone == "0571-87654321"
    changed = "username,display_name,role,outlet_code\nli.na,李娜,outlet_manager,SOUTH-001\n"
    report, invitations = staff.import_users(db, world["admin"], changed.encode())
    assert (report.imported, invitations) == (1, [])
    assert (fresh(db, "li.na").role, fresh(db, "li.na").outlet_id) == ("outlet_manager", world["south"].id)
    with pytest.raises(FileError):
        staff.import_users(db, auth.actor_of(fresh(db, "zhang.wei")), changed.encode())
