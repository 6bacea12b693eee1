from datetime import UTC, datetime, timedelta

from complaint_console.domain import login_rules as rules

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_fifth_wrong_password_locks_for_fifteen_minutes():
    count, locked = 0, None
    for _ in range(4):
        count, locked = rules.after_failed_login(count, NOW)
        assert locked is None
    count, locked = rules.after_failed_login(count, NOW)
    assert locked == NOW + timedelta(minutes=15)
    assert rules.is_locked(locked, NOW + timedelta(minutes=14, seconds=59))
    assert not rules.is_locked(locked, NOW + timedelta(minutes=15))


def test_session_expires_after_eight_idle_hours():
    assert not rules.session_expired(NOW, NOW, NOW + timedelta(hours=7, minutes=59))
    assert rules.session_expired(NOW, NOW, NOW + timedelta(hours=8))


def test_an_active_session_ends_at_its_absolute_lifetime():
    signed_in = NOW - timedelta(days=7)
    assert not rules.session_expired(NOW - timedelta(minutes=1), signed_in + timedelta(seconds=1), NOW)  # 7 days less 1 s
    assert rules.session_expired(NOW - timedelta(minutes=1), signed_in, NOW)  # active a minute ago, but 7 days old
    assert not rules.session_expired(NOW - timedelta(minutes=1), signed_in, NOW, lifetime=timedelta(days=30))


def test_password_rules():
    assert rules.password_problem("short", "bob") == "password.too_short"
    assert rules.password_problem("manager1xx", "MANAGER1XX") == "password.same_as_username"
    assert rules.password_problem("a long enough one", "bob") is None


def test_common_repetitive_and_sequential_passwords_are_refused():
    for guessable in ("1234567890", "manager2manager2", "qwertyuiop", "password123!", "aaaaaaaaaaaa", "iloveyou2026"):
        assert rules.password_problem(guessable, "manager2") == "password.too_guessable", guessable
    assert rules.password_problem("manager2-2026", "manager2") == "password.too_guessable"  # the username, barely changed
    for good in ("second password 2", "Zhang-Wei-parcel-desk", "correct horse battery"):
        assert rules.password_problem(good, "manager2") is None, good
