from datetime import UTC, datetime, timedelta

from complaint_console.domain.intake import ComplaintInput, Earlier, Rule, decide_severity, repeat_of, route, validate
from complaint_console.domain.vocabulary import Severity

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def complaint(**kw) -> ComplaintInput:
    base = dict(
        waybill_no="cc 1234 5678 9012",
        customer_name=" 王小明 ",
        customer_phone="+86 138-1234-5678",
        channel="hotline",
        category="delay",
        description="The parcel is three days late.",
    )
    base.update(kw)
    return ComplaintInput(**base).normalised()


def test_normalising_then_validating_a_good_complaint():
    data = complaint()
    assert data.waybill_no == "CC123456789012" and data.customer_phone == "13812345678" and data.customer_name == "王小明"
    assert validate(data) == {}


def test_text_a_database_cannot_store_is_cleaned():
    data = complaint(customer_name="王\x00小明", description="Late \ud800 parcel, three days.", district="浦东\x00")
    assert data.customer_name == "王小明" and data.district == "浦东"
    assert data.description == "Late ? parcel, three days."


def test_every_bad_field_is_named():
    data = complaint(waybill_no="x", customer_name="", customer_phone="12345", channel="fax", category="?", description="late")
    assert validate(data) == {
        "waybill_no": "intake.waybill_invalid",
        "customer_name": "intake.name_required",
        "customer_phone": "intake.phone_invalid",
        "channel": "intake.channel_invalid",
        "category": "intake.category_invalid",
        "description": "intake.description_short",
    }


def test_severity_rules():
    assert decide_severity("", "hotline", 0) == Severity.GENERAL
    assert decide_severity("", "regulator", 0) == Severity.SERIOUS
    assert decide_severity("urgent", "regulator", 0) == Severity.URGENT
    assert decide_severity("", "app", 1) == Severity.GENERAL  # second complaint
    assert decide_severity("", "app", 2) == Severity.SERIOUS  # third complaint in 30 days


def test_repeat_rule():
    data = complaint()
    same_waybill = Earlier(1, NOW - timedelta(days=3), "CC123456789012", "13900000000", "damage")
    same_phone_category = Earlier(2, NOW - timedelta(days=1), "CC000000000000", "13812345678", "delay")
    same_phone_other_category = Earlier(3, NOW - timedelta(hours=1), "CC000000000001", "13812345678", "fee")
    too_old = Earlier(4, NOW - timedelta(days=31), "CC123456789012", "13812345678", "delay")
    assert repeat_of(data, [same_waybill, same_phone_category, same_phone_other_category, too_old], NOW) == 2
    assert repeat_of(data, [same_phone_other_category, too_old], NOW) is None


def test_routing_prefers_the_longest_prefix_then_the_district():
    rules = [Rule("waybill_prefix", "CC", 1), Rule("waybill_prefix", "CC12", 2), Rule("district", "上海 浦东", 3)]
    assert route(complaint(), rules) == 2
    assert route(complaint(waybill_no="ZT1234567890"), rules) is None
    assert route(complaint(waybill_no="ZT1234567890", district="上海 浦东"), rules) == 3
