"""Imports as recorded jobs, the plain rules: a row's fingerprint (the same complaint however the
file was re-saved; another complaint never), and when a job's process counts as gone."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from complaint_console.domain.import_jobs import STALE_AFTER, abandoned, content_hash, ticket_fingerprint
from complaint_console.domain.import_rows import TicketRow, parse_ticket_row

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def fingerprint(**kw: str) -> str:
    values = dict(
        waybill_no="ZT123456789012",
        customer_name="王小明",
        customer_phone="13812345678",
        channel="hotline",
        category="delay",
        description="快件超时三天未派送，客户多次查询。",
        received_at="",
    )
    values.update(kw)
    parsed = parse_ticket_row(values, NOW, SHANGHAI)
    assert isinstance(parsed, TicketRow), parsed
    return ticket_fingerprint(parsed)


def test_the_same_row_re_saved_by_a_spreadsheet_has_the_same_fingerprint():
    first = fingerprint()
    assert len(first) == 64 and int(first, 16) >= 0
    assert fingerprint() == first
    assert fingerprint(waybill_no=" zt 1234 5678 9012 ", customer_phone="138-1234-5678") == first  # as the intake normalises
    assert fingerprint(customer_phone="+86 138 1234 5678") == first
    assert fingerprint(description="  快件超时三天未派送，客户多次查询。\n") == first  # spaces around
    assert fingerprint(description="快件超时三天未派送,客户多次查询。") == first  # a half-width comma for the full-width one
    assert fingerprint(description="快件超时三天未派送；客户多次查询。") != first  # other punctuation is other text
    assert fingerprint(channel=" hotline ") == first


def test_width_case_and_runs_of_spaces_do_not_make_another_complaint():
    base = fingerprint(description="Parcel  ZT12 is   LATE again")
    assert fingerprint(description="parcel zt12 is late again") == base
    assert fingerprint(description="Ｐａｒｃｅｌ ＺＴ１２ is late again") == base  # full-width forms (NFKC)
    assert fingerprint(description="Parcel\tZT12 is\nlate again") == base


def test_the_time_received_counts_in_utc_whatever_its_form():
    local = fingerprint(received_at="2026-11-20 14:30")
    assert fingerprint(received_at="2026/11/20 14:30") == local  # Excel's form
    assert fingerprint(received_at="2026-11-20T06:30:00+00:00") == local  # the same moment, in UTC
    assert fingerprint(received_at="2026-11-20 14:31") != local
    assert fingerprint() != local  # no time received is not any time


def test_what_tells_complaints_apart_changes_the_fingerprint_and_the_rest_does_not():
    base = fingerprint()
    for other in (
        dict(waybill_no="ZT123456789013"),
        dict(customer_phone="13812345679"),
        dict(channel="wechat"),
        dict(category="damage"),
        dict(description="快件外包装破损，内物损坏。"),
    ):
        assert fingerprint(**other) != base, other
    for same in (
        dict(customer_name="王 小明"),
        dict(severity="urgent"),
        dict(district="上海 浦东"),
        dict(customer_language="en"),
        dict(customer_email="wang@example.com"),
    ):
        assert fingerprint(**same) == base, same


def test_the_file_hash_is_of_its_bytes():
    assert content_hash(b"a,b\n1,2\n") == content_hash(b"a,b\n1,2\n") != content_hash(b"a,b\r\n1,2\r\n")


def test_a_job_is_abandoned_when_its_heartbeat_is_stale_or_its_pid_on_this_host_is_dead():
    alive = {100}.__contains__
    fresh = NOW - timedelta(seconds=5)
    assert not abandoned("web-1:100", fresh, NOW, "web-1", alive)
    assert abandoned("web-1:200", fresh, NOW, "web-1", alive)  # killed on this host: found at once
    assert not abandoned("web-2:200", fresh, NOW, "web-1", alive)  # another host's pid says nothing here
    assert abandoned("web-2:200", NOW - STALE_AFTER - timedelta(seconds=1), NOW, "web-1", alive)  # silent too long
    assert abandoned("web-1:100", NOW - STALE_AFTER - timedelta(seconds=1), NOW, "web-1", alive)  # alive but stuck
    assert not abandoned("web-2:200", NOW - STALE_AFTER, NOW, "web-1", alive)
    assert abandoned("web-1:100", None, NOW, "web-1", alive)
    assert not abandoned("host:with:colons:100", fresh, NOW, "host:with:colons", alive)
