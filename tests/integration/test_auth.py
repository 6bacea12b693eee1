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
    token = auth.login(db, "manager1", f.PASSWORD).token
    actor = auth.resolve(db, token)
    assert auth.change_password(db, actor, "wrong", "short", "short", token) == {
        "current": "password.current_wrong",
        "new": "password.too_short",
    }
    assert auth.change_password(db, actor, f.PASSWORD, "a brand new secret", "another", token) == {"confirm": "password.mismatch"}
    assert auth.change_password(db, actor, f.PASSWORD, "a brand new secret", "a brand new secret", token) == {}
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


def test_a_password_change_ends_every_other_session_but_this_one(db):
    setup_user(db)
    here = auth.login(db, "manager1", f.PASSWORD).token
    elsewhere = [auth.login(db, "manager1", f.PASSWORD).token for _ in range(2)]
    actor = auth.resolve(db, here)
    assert auth.change_password(db, actor, f.PASSWORD, "a brand new secret", "a brand new secret", here) == {}
    assert auth.resolve(db, here) is not None
    assert [auth.resolve(db, token) for token in elsewhere] == [None, None]


def test_an_active_session_ends_at_its_absolute_lifetime(db):
    setup_user(db)
    start = utcnow()
    token = auth.login(db, "manager1", f.PASSWORD, start).token
    for hours in range(4, 7 * 24, 4):  # used every four hours, never idle
        assert auth.resolve(db, token, start + timedelta(hours=hours)) is not None, hours
    assert auth.resolve(db, token, start + timedelta(days=7)) is None


def test_one_client_is_throttled_across_accounts_and_others_are_not(db):
    setup_user(db)
    now = utcnow()
    for i in range(20):  # password spraying: one guess at each of many accounts
        assert auth.login(db, f"user{i}", "Summer2026!", now, client="203.0.113.7").error_key == "login.invalid"
    assert auth.login(db, "manager1", f.PASSWORD, now, client="203.0.113.7").error_key == "login.client_throttled"
    assert auth.login(db, "manager1", f.PASSWORD, now, client="198.51.100.2").token  # another client signs in
    assert auth.login(db, "manager1", f.PASSWORD, now + timedelta(minutes=15, seconds=1), client="203.0.113.7").token


def test_every_refusal_costs_one_full_password_check(db, monkeypatch):
    """Unknown, inactive, locked, password-less and wrong: the same work, so the same time."""
    from complaint_console.services import passwords

    setup_user(db)
    f.user(db, "retired", Role.HQ_ANALYST).active = False
    f.user(db, "invited", Role.HQ_ANALYST).password_hash = ""  # created for a set-password link
    f.user(db, "locked", Role.HQ_ANALYST).locked_until = utcnow() + timedelta(minutes=10)
    db.commit()
    checks = []

    class CountingHasher:  # the real Argon2 hasher, with its verifications counted
        def __init__(self, real):
            self.real = real

        def verify(self, hash_, password):
            checks.append(hash_)
            return self.real.verify(hash_, password)

    monkeypatch.setattr(passwords, "_hasher", CountingHasher(passwords._hasher))
    for username in ("nobody", "retired", "invited", "locked", "manager1"):
        checks.clear()
        assert auth.login(db, username, "not the password").token is None
        assert len(checks) == 1 and checks[0].startswith("$argon2id$"), username
