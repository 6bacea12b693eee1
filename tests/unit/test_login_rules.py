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
    assert not rules.session_expired(NOW, NOW + timedelta(hours=7, minutes=59))
    assert rules.session_expired(NOW, NOW + timedelta(hours=8))


def test_password_rules():
    assert rules.password_problem("short", "bob") == "password.too_short"
    assert rules.password_problem("manager1xx", "MANAGER1XX") == "password.same_as_username"
    assert rules.password_problem("a long enough one", "bob") is None
