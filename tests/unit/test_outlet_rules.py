"""An outlet as HQ types it: business hours in either written form, and each field's message."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from complaint_console.domain.calendar import WEEKDAYS
from complaint_console.domain.outlet_rules import hours_text, parse_hours, validate_outlet

GOOD = {"code": "sh-001", "name": " 上海 浦东新区网点 ", "region": "east", "city": "上海"}


def test_the_short_form_and_the_json_form_give_the_same_hours():
    short = parse_hours("mon-fri 09:00-18:00; sat 9:00-12:00")
    as_json = parse_hours(
        '{"sat": ["09:00", "12:00"], "mon": ["09:00", "18:00"], "tue": ["09:00", "18:00"], '
        '"wed": ["09:00", "18:00"], "thu": ["09:00", "18:00"], "fri": ["09:00", "18:00"]}'
    )
    assert short == as_json
    assert list(short) == ["mon", "tue", "wed", "thu", "fri", "sat"] and short["sat"] == ["09:00", "12:00"]
    assert parse_hours("") is None and parse_hours("  ") is None  # 24/7
    assert parse_hours("sun 08:00-24:00") == {"sun": ["08:00", "24:00"]}


def test_unusable_hours_are_refused():
    bad_hours = (
        "mon-fri 9-18",
        "mon-fri 18:00-09:00",
        "xyz 09:00-10:00",
        "fri-mon 09:00-10:00",
        "mon 09:00-10:00; mon 11:00-12:00",
        '{"mon": ["09:00"]}',
        "[1, 2]",
        "{not json",
    )
    for bad in bad_hours:
        draft, errors = validate_outlet(GOOD | {"business_hours": bad})
        assert draft is None and errors == {"business_hours": "outlet.hours_invalid"}, bad


@st.composite
def weekly_hours(draw):
    hours = {}
    for day in WEEKDAYS:
        if draw(st.booleans()):
            opens = draw(st.integers(0, 22 * 60))
            closes = draw(st.integers(opens + 1, 24 * 60))
            hours[day] = [f"{opens // 60:02d}:{opens % 60:02d}", f"{closes // 60:02d}:{closes % 60:02d}"]
    return hours


@given(weekly_hours())
def test_the_short_form_written_back_reads_as_the_same_hours(hours):
    text = hours_text(hours)
    assert parse_hours(text) == (hours or None)


def test_a_good_outlet_is_normalised_and_defaults_are_filled():
    draft, errors = validate_outlet(GOOD)
    assert errors == {}
    assert (draft.code, draft.name, draft.region, draft.city) == ("SH-001", "上海 浦东新区网点", "EAST", "上海")
    assert (draft.timezone, draft.business_hours, draft.holiday_calendar, draft.authority_limit) == (
        "Asia/Shanghai",
        None,
        None,
        Decimal("500.00"),
    )
    draft, _ = validate_outlet(GOOD | {"holiday_calendar": "cn", "authority_limit": "¥1,200.5", "timezone": "Asia/Urumqi"})
    assert (draft.holiday_calendar, draft.authority_limit, draft.timezone) == ("CN", Decimal("1200.50"), "Asia/Urumqi")


def test_each_bad_field_gets_its_own_message():
    draft, errors = validate_outlet(
        {
            "code": "x",
            "name": "\u202e\u200b",
            "region": "",
            "city": " ",
            "timezone": "Mars/Base",
            "holiday_calendar": "US",
            "authority_limit": "-1",
        }
    )
    assert draft is None
    assert errors == {
        "code": "outlet.code_invalid",
        "name": "outlet.name_required",
        "region": "outlet.region_required",
        "city": "outlet.city_required",
        "timezone": "outlet.timezone_invalid",
        "holiday_calendar": "outlet.calendar_invalid",
        "authority_limit": "outlet.limit_invalid",
    }
    assert validate_outlet(GOOD | {"authority_limit": "1.005"})[1] == {"authority_limit": "outlet.limit_invalid"}


def test_bidi_and_zero_width_characters_are_stripped_from_names():
    draft, _ = validate_outlet(GOOD | {"name": "Shang\u200bhai \u202eEvil"})
    assert draft.name == "Shanghai Evil"
