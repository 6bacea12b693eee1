"""A card's age is sent as a message key and its numbers, so each language words it (issue 17:
中文 showed English unit letters)."""

from datetime import UTC, datetime, timedelta

from complaint_console.i18n import en, zh
from complaint_console.states.clock_view import age

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def test_minutes_then_hours_and_minutes_then_days_and_hours():
    assert age(NOW - timedelta(minutes=5), NOW) == {"key": "card.age_minutes", "m": 5}
    assert age(NOW - timedelta(hours=3, minutes=12), NOW) == {"key": "card.age_hours", "h": 3, "m": 12}
    assert age(NOW - timedelta(days=2, hours=4, minutes=59), NOW) == {"key": "card.age_days", "d": 2, "h": 4}
    assert age(NOW + timedelta(minutes=1), NOW) == {"key": "card.age_minutes", "m": 0}  # clocks a little apart


def test_every_age_key_is_worded_in_both_languages_with_its_numbers():
    for parts in (age(NOW - timedelta(minutes=m), NOW) for m in (5, 200, 3000)):
        values = {k: v for k, v in parts.items() if k != "key"}
        for messages in (en.MESSAGES, zh.MESSAGES):
            assert messages[parts["key"]].format(**values) != messages[parts["key"]]
    assert zh.MESSAGES["card.age_hours"].format(h=3, m=12) == "3小时12分钟"
    assert zh.MESSAGES["card.age_days"].format(d=2, h=4) == "2天4小时"
