"""One CSV row of an import: a ticket's fields and time received, a routing rule."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from complaint_console.domain.import_rows import RoutingRow, TicketRow, parse_received_at, parse_routing_row, parse_ticket_row

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def row(**kw) -> dict[str, str]:
    base = dict(
        waybill_no="zt 1234 5678 9012",
        customer_name="王小明",
        customer_phone="138-1234-5678",
        channel="hotline",
        category="delay",
        description="The parcel is three days late.",
    )
    base.update(kw)
    return base


def test_a_good_row_is_normalised_like_the_intake_form():
    parsed = parse_ticket_row(row(severity=" Serious ", customer_language="EN", received_at=""), NOW, SHANGHAI)
    assert isinstance(parsed, TicketRow)
    assert parsed.data.waybill_no == "ZT123456789012" and parsed.data.customer_phone == "13812345678"
    assert parsed.data.severity == "serious" and parsed.data.customer_language == "en" and parsed.received_at is None


def test_bad_fields_get_the_intake_messages_and_import_ones():
    parsed = parse_ticket_row(
        row(customer_phone="12", channel="fax", description="late", customer_language="fr", received_at="yesterday"),
        NOW,
        SHANGHAI,
    )
    assert parsed == {
        "customer_phone": "intake.phone_invalid",
        "channel": "intake.channel_invalid",
        "description": "intake.description_short",
        "customer_language": "import.language_invalid",
        "received_at": "import.received_invalid",
    }


def test_received_at_naive_is_business_time_offsets_are_kept_and_the_future_is_refused():
    assert parse_received_at("2026-11-20 10:30", NOW, SHANGHAI) == datetime(2026, 11, 20, 2, 30, tzinfo=UTC)
    assert parse_received_at("2026-11-20T10:30:00+00:00", NOW, SHANGHAI) == datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
    assert parse_received_at("2026-11-20T10:30Z", NOW, SHANGHAI) == datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
    assert parse_received_at("2026/11/5 9:05", NOW, SHANGHAI) == datetime(2026, 11, 5, 1, 5, tzinfo=UTC)  # Excel's way
    assert parse_received_at("2026-11-23 16:01", NOW, SHANGHAI) is None  # a minute in the future
    assert parse_received_at("1999-12-31 10:00", NOW, SHANGHAI) is None
    assert parse_received_at("20/11/2026", NOW, SHANGHAI) is None


def test_routing_rows():
    assert parse_routing_row({"kind": " Waybill_Prefix ", "pattern": "zt 12", "outlet_code": " EAST-001 "}) == RoutingRow(
        "waybill_prefix", "ZT12", "EAST-001"
    )
    assert parse_routing_row({"kind": "district", "pattern": " 上海 浦东 ", "outlet_code": "E1"}) == RoutingRow(
        "district", "上海 浦东", "E1"
    )
    assert parse_routing_row({"kind": "city", "pattern": "", "outlet_code": ""}) == {
        "kind": "import.kind_invalid",
        "pattern": "import.pattern_required",
        "outlet_code": "import.outlet_required",
    }
    assert parse_routing_row({"kind": "waybill_prefix", "pattern": "ZT-1", "outlet_code": "E1"}) == {
        "pattern": "import.prefix_invalid"
    }
    assert parse_routing_row({"kind": "district", "pattern": "x" * 101, "outlet_code": "E1"}) == {
        "pattern": "import.pattern_too_long"
    }


# --- parcel volumes ------------------------------------------------------------------------


def test_a_volume_row_is_an_outlet_a_monday_and_a_positive_count():
    from datetime import date

    from complaint_console.domain.import_rows import VolumeRow, parse_volume_row

    good = parse_volume_row({"outlet_code": " EAST-001 ", "week": "2026-11-16", "parcels": "48,200"})
    assert good == VolumeRow("EAST-001", date(2026, 11, 16), 48200)
    assert parse_volume_row({"outlet_code": "A", "week": "2026/11/16", "parcels": "1"}) == VolumeRow("A", date(2026, 11, 16), 1)
    assert parse_volume_row({"outlet_code": "", "week": "2026-11-17", "parcels": "0"}) == {
        "outlet_code": "import.outlet_required",
        "week": "import.week_invalid",  # a Tuesday
        "parcels": "import.parcels_invalid",
    }
    for parcels in ("-5", "1.5", "abc", "", "3000000000"):
        assert parse_volume_row({"outlet_code": "A", "week": "2026-11-16", "parcels": parcels}) == {
            "parcels": "import.parcels_invalid"
        }, parcels
    for week in ("16/11/2026", "2026-11-16T00:00", "", "1999-12-27"):
        assert parse_volume_row({"outlet_code": "A", "week": week, "parcels": "9"}) == {"week": "import.week_invalid"}, week
