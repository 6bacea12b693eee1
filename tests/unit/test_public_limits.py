"""The public form's counters: per client, per phone number (any format) and per parcel."""

from complaint_console.domain import evidence
from complaint_console.domain.public_limits import DAY, HOUR, PublicLimits, complaint_windows, refused_upload_window


def test_one_customer_is_one_counter_whatever_the_format():
    formats = ("13912345678", "139-1234-5678", "139 1234 5678", "+86 139 1234 5678", "１３９１２３４５６７８")
    keys = {complaint_windows(PublicLimits(), "1.2.3.4", phone, "ZT1")[1].key for phone in formats}
    assert keys == {"complain:phone:13912345678"}


def test_one_parcel_is_one_counter_whatever_the_spacing():
    keys = {complaint_windows(PublicLimits(), "1.2.3.4", "", w)[1].key for w in ("ZT123456", "zt 1234 56", " ZT123456 ")}
    assert keys == {"complain:waybill:ZT123456"}


def test_the_windows_and_their_limits():
    limits = PublicLimits(per_client_hour=40, per_phone_day=2, per_waybill_day=4)
    windows = complaint_windows(limits, "1.2.3.4", "13912345678", "ZT1")
    assert [(w.key, w.limit, w.length) for w in windows] == [
        ("complain:client:1.2.3.4", 40, HOUR),
        ("complain:phone:13912345678", 2, DAY),
        ("complain:waybill:ZT1", 4, DAY),
    ]
    assert [w.key for w in complaint_windows(limits, "1.2.3.4", "not a phone", "")] == ["complain:client:1.2.3.4"]
    assert refused_upload_window(limits, "1.2.3.4").limit == PublicLimits().refused_uploads_per_client_hour


def test_sizes_are_judged_before_anything_is_read():
    big = evidence.MAX_BYTES + 1
    assert evidence.size_problems([10, 20]) == []
    assert evidence.size_problems([10, big]) == ["evidence.too_big"]
    assert evidence.size_problems([1] * (evidence.MAX_FILES + 1)) == ["evidence.too_many"]
    assert evidence.size_problems([None]) == []  # unknown: the bounded read and `problems` decide
    assert evidence.problems([("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * big)]) == ["evidence.too_big"]
