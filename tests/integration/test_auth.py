"""Logins, lock-out, server-side sessions and password changes against a real database."""

from datetime import timedelta

from sqlmodel import select

from complaint_console.db.models import AppUser, UserSession
from complaint_console.db.types import utcnow
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth
from tests import factories as f


def setup_user(db):
    f.region(db)
    outlet = f.outlet(db, "EAST-001")
    user = f.user(db, "manager1", Role.OUTLET_MANAGER, outlet.id)
    db.commit()
    return user


def test_password_is_stored_as_argon2_hash(db):
    user = setup_user(db)
    assert user.password_hash.startswith("$argon2id$")
    assert f.PASSWORD not in user.password_hash


def test_login_opens_a_session_that_resolves_to_the_actor(db):
    setup_user(db)
    result = auth.login(db, "manager1", f.PASSWORD)
    assert result.error_key is None and result.token
    actor = auth.resolve(db, result.token)
    assert actor.username == "manager1" and actor.role == Role.OUTLET_MANAGER
    stored = db.exec(select(UserSession)).one()
    assert stored.token_hash != result.token  # only a hash is kept


def test_wrong_password_and_unknown_user_get_the_same_message(db):
    setup_user(db)
    assert auth.login(db, "manager1", "nope").error_key == "login.invalid"
    assert auth.login(db, "nobody", "nope").error_key == "login.invalid"


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(db):
    setup_user(db)
    now = utcnow()
    for _ in range(4):
        assert auth.login(db, "manager1", "wrong", now).error_key == "login.invalid"
    assert auth.login(db, "manager1", "wrong", now).error_key == "login.locked"
    assert auth.login(db, "manager1", f.PASSWORD, now + timedelta(minutes=14)).error_key == "login.locked"
    result = auth.login(db, "manager1", f.PASSWORD, now + timedelta(minutes=15, seconds=1))
    assert result.token is not None
    assert db.exec(select(AppUser)).one().failed_logins == 0


def test_session_expires_after_eight_idle_hours_but_activity_keeps_it(db):
    setup_user(db)
    start = utcnow()
    token = auth.login(db, "manager1", f.PASSWORD, start).token
    assert auth.resolve(db, token, start + timedelta(hours=7)) is not None
    assert auth.resolve(db, token, start + timedelta(hours=14)) is not None  # 7 h idle since last use
    assert auth.resolve(db, token, start + timedelta(hours=22, minutes=1)) is None
    assert auth.resolve(db, token, start + timedelta(hours=22, minutes=2)) is None  # stays ended


def test_logout_ends_the_session_on_the_server(db):
    setup_user(db)
    token = auth.login(db, "manager1", f.PASSWORD).token
    auth.logout(db, token)
    assert auth.resolve(db, token) is None
    assert db.exec(select(UserSession)).one().ended_at is not None


def test_unknown_or_empty_token_resolves_to_nobody(db):
    setup_user(db)
    assert auth.resolve(db, "") is None
    assert auth.resolve(db, "made-up-token") is None


def test_change_password_validates_each_field(db):
    setup_user(db)
    actor = auth.resolve(db, auth.login(db, "manager1", f.PASSWORD).token)
    assert auth.change_password(db, actor, "wrong", "short", "short") == {
        "current": "password.current_wrong",
        "new": "password.too_short",
    }
    assert auth.change_password(db, actor, f.PASSWORD, "a brand new secret", "another") == {"confirm": "password.mismatch"}
    assert auth.change_password(db, actor, f.PASSWORD, "a brand new secret", "a brand new secret") == {}
    assert auth.login(db, "manager1", f.PASSWORD).error_key == "login.invalid"
    assert auth.login(db, "manager1", "a brand new secret").token


def test_create_user_requires_an_outlet_for_outlet_roles(db):
    f.region(db)
    import pytest

    with pytest.raises(ValueError):
        auth.create_user(db, "agentx", f.PASSWORD, Role.AGENT)
    user = auth.create_user(db, "boss", f.PASSWORD, Role.HQ_ADMIN, outlet_id=None)
    assert user.outlet_id is None
    with pytest.raises(ValueError):
        auth.create_user(db, "boss", f.PASSWORD, Role.HQ_ADMIN)
