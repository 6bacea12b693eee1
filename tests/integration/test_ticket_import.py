"""CSV import of tickets against real databases: good rows in, bad rows reported, no half rows."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from complaint_console.db.models import Notification, RoutingRule, Ticket, TicketEvent
from complaint_console.domain.csv_file import FileError, Problem
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, customer_notices, ticket_import
from tests import factories as f

HEADER = "waybill_no,customer_name,customer_phone,channel,category,description,severity,district,received_at\n"
GOOD_1 = "ZT123456789012,王小明,13812345678,hotline,delay,快件超时三天未派送，客户多次查询。,,,2026-11-20 10:30\n"
BAD_3 = "ZT1,李四,12345,hotline,delay,The parcel is three days late.,,,\n"
GOOD_4 = "YT000000000001,Li Na,13987654321,regulator,damage,Parcel came crushed.,,上海 浦东,2026-11-21T08:00:00+00:00\n"
BAD_5 = "YT000000000002,赵六,13700000000,fax,delay,The parcel is three days late.,,,2030-01-01 00:00\n"


def setup(db):
    f.region(db)
    a, b = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002")
    db.add(RoutingRule(kind="waybill_prefix", pattern="ZT12", outlet_id=b.id))
    db.add(RoutingRule(kind="district", pattern="上海 浦东", outlet_id=a.id))
    admin = auth.actor_of(f.user(db, "admin", Role.HQ_ADMIN))
    agent = auth.actor_of(f.user(db, "agent1", Role.AGENT, a.id))
    db.commit()
    return a, b, admin, agent


def tickets(db) -> dict[str, Ticket]:
    return {t.waybill_no: t for t in db.exec(select(Ticket)).all()}


def test_good_rows_are_imported_and_bad_rows_reported_by_line(db):
    a, b, admin, _ = setup(db)
    seen = []
    report = ticket_import.import_tickets(
        db, admin, (HEADER + GOOD_1 + BAD_3 + GOOD_4 + BAD_5).encode(), source="old.csv", progress=lambda r: seen.append(r.done)
    )
    assert (report.total, report.imported, report.rejected) == (4, 2, 2)
    assert report.problems == [
        Problem(3, "waybill_no", "intake.waybill_invalid"),
        Problem(3, "customer_phone", "intake.phone_invalid"),
        Problem(5, "channel", "intake.channel_invalid"),
        Problem(5, "received_at", "import.received_invalid"),
    ]
    assert seen == [1, 2, 3, 4]
    rows = tickets(db)
    assert set(rows) == {"ZT123456789012", "YT000000000001"}
    first, second = rows["ZT123456789012"], rows["YT000000000001"]
    assert first.outlet_id == b.id and second.outlet_id == a.id  # the routing table, as for any HQ intake
    assert first.created_at == datetime(2026, 11, 20, 2, 30, tzinfo=UTC)  # naive = Shanghai time
    assert first.number == "CP-20261120-000001" and first.updated_by_id == admin.user_id
    assert second.severity == "serious"  # the regulator rule of the intake path
    events = db.exec(select(TicketEvent.kind, TicketEvent.note).where(TicketEvent.ticket_id == first.id)).all()
    assert ("comment", "imported from old.csv, line 2") in events and any(kind == "created" for kind, _ in events)
    kinds = db.exec(select(Notification.kind).where(Notification.ticket_id == first.id)).all()
    assert sorted(kinds) == ["customer_accepted", "customer_handed_to_outlet"]


def test_a_row_failing_inside_the_intake_leaves_nothing_and_keeps_the_others(db, monkeypatch):
    _, _, admin, _ = setup(db)
    real_queue = customer_notices.queue

    def failing(session, ticket, node, now):
        if ticket.waybill_no == "ZT123456789012":
            raise RuntimeError("SMS gateway table unavailable")
        real_queue(session, ticket, node, now)

    monkeypatch.setattr(customer_notices, "queue", failing)
    third = "CC5566778899,陈女士,15012345678,wechat,attitude,派件员态度恶劣拒绝送货上门。,,,\n"
    report = ticket_import.import_tickets(db, admin, (HEADER + GOOD_4 + GOOD_1 + third).encode())
    assert report.imported == 2 and report.problems == [Problem(3, "*", "import.row_failed")]
    db.expire_all()
    rows = tickets(db)
    assert set(rows) == {"YT000000000001", "CC5566778899"}  # the row before and the row after
    ticket_ids = {t.id for t in rows.values()}
    assert {e.ticket_id for e in db.exec(select(TicketEvent)).all()} == ticket_ids
    assert {n.ticket_id for n in db.exec(select(Notification)).all()} == ticket_ids


def test_a_file_imported_twice_does_not_duplicate_tickets_received_at_a_known_time(db):
    _, _, admin, _ = setup(db)
    assert ticket_import.import_tickets(db, admin, (HEADER + GOOD_1).encode()).imported == 1
    again = ticket_import.import_tickets(db, admin, (HEADER + GOOD_1).encode())
    assert again.imported == 0 and again.problems == [Problem(2, "*", "import.already_imported")]
    assert len(tickets(db)) == 1


def test_file_level_errors_import_nothing_and_only_hq_admin_may_import(db):
    _, _, admin, agent = setup(db)
    with pytest.raises(FileError) as exc:
        ticket_import.import_tickets(db, admin, ("waybill_no,customer_name\n" + GOOD_1).encode())
    assert exc.value.key == "import.missing_columns" and "customer_phone" in exc.value.detail
    with pytest.raises(FileError, match="import.forbidden"):
        ticket_import.import_tickets(db, agent, (HEADER + GOOD_1).encode())
    assert tickets(db) == {}


def test_gbk_files_from_excel_are_read(db):
    _, _, admin, _ = setup(db)
    report = ticket_import.import_tickets(db, admin, (HEADER + GOOD_1).encode("gbk"))
    assert report.imported == 1 and tickets(db)["ZT123456789012"].customer_name == "王小明"
