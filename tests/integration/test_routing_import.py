"""CSV import of the routing table: validation, upsert, all-or-nothing replace, the paged list."""

import pytest
from sqlmodel import select

from complaint_console.db import routing as routing_queries
from complaint_console.db.models import RoutingRule
from complaint_console.domain.csv_file import FileError, Problem
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, routing_import
from tests import factories as f

HEADER = "kind,pattern,outlet_code\n"


def setup(db):
    f.region(db)
    a, b = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002")
    closed = f.outlet(db, "EAST-009")
    closed.active = False
    db.add(RoutingRule(kind="waybill_prefix", pattern="ZT12", outlet_id=a.id))
    db.add(RoutingRule(kind="district", pattern="上海 浦东", outlet_id=a.id))
    admin = auth.actor_of(f.user(db, "admin", Role.HQ_ADMIN))
    analyst = auth.actor_of(f.user(db, "analyst", Role.HQ_ANALYST))
    db.commit()
    return a, b, admin, analyst


def rules(db) -> dict[tuple[str, str], int]:
    return {(r.kind, r.pattern): r.outlet_id for r in db.exec(select(RoutingRule)).all()}


def test_add_or_update_applies_good_rows_and_reports_bad_ones(db):
    a, b, admin, _ = setup(db)
    csv = HEADER + (
        "waybill_prefix,zt12,EAST-002\n"  # replaces the outlet of an existing rule
        "district,上海 徐汇,EAST-002\n"
        "city,上海,EAST-001\n"
        "waybill_prefix,YT9,NOPE\n"
        "waybill_prefix,YT8,EAST-009\n"  # inactive outlet
        "waybill_prefix,ZT12,EAST-001\n"  # the same rule twice in one file
    )
    report = routing_import.import_rules(db, admin, csv.encode(), replace=False)
    assert (report.imported, report.rejected) == (2, 4)
    assert report.problems == [
        Problem(4, "kind", "import.kind_invalid"),
        Problem(7, "pattern", "import.duplicate_rule"),
        Problem(5, "outlet_code", "import.outlet_unknown"),
        Problem(6, "outlet_code", "import.outlet_unknown"),
    ]
    assert rules(db) == {
        ("waybill_prefix", "ZT12"): b.id,
        ("district", "上海 浦东"): a.id,
        ("district", "上海 徐汇"): b.id,
    }


def test_replace_is_all_or_nothing(db):
    a, b, admin, _ = setup(db)
    before = rules(db)
    bad = HEADER + "waybill_prefix,AB1,EAST-002\nwaybill_prefix,A-B,EAST-002\n"
    report = routing_import.import_rules(db, admin, bad.encode(), replace=True)
    assert report.imported == 0 and report.problems == [Problem(3, "pattern", "import.prefix_invalid")]
    assert rules(db) == before

    good = HEADER + "waybill_prefix,AB1,EAST-002\ndistrict,上海 浦东,EAST-002\n"
    assert routing_import.import_rules(db, admin, good.encode(), replace=True).imported == 2
    assert rules(db) == {("waybill_prefix", "AB1"): b.id, ("district", "上海 浦东"): b.id}


def test_only_hq_admin_may_import_and_file_errors_change_nothing(db):
    _, _, admin, analyst = setup(db)
    before = rules(db)
    with pytest.raises(FileError, match="import.forbidden"):
        routing_import.import_rules(db, analyst, (HEADER + "district,x,EAST-001\n").encode(), replace=True)
    with pytest.raises(FileError, match="import.missing_columns"):
        routing_import.import_rules(db, admin, b"kind,pattern\ndistrict,x\n", replace=True)
    assert rules(db) == before


def test_rules_page_is_paged_and_filtered_in_sql(db):
    a, b, admin, _ = setup(db)
    csv = HEADER + "".join(f"waybill_prefix,P{n:03d},EAST-002\n" for n in range(60))
    routing_import.import_rules(db, admin, csv.encode(), replace=False)
    first = routing_queries.rules_page(db)
    assert first.total == 62 and first.matching == 62 and len(first.rows) == 50
    assert routing_queries.rules_page(db, page=1).rows[-1].pattern == "ZT12"
    by_outlet = routing_queries.rules_page(db, "east-001")
    assert by_outlet.matching == 2 and {r.outlet_code for r in by_outlet.rows} == {"EAST-001"}
    assert routing_queries.rules_page(db, "p05").matching == 10
    assert routing_queries.rules_page(db, "浦东").rows[0].kind == "district"
    assert routing_queries.rules_page(db, "%").matching == 0  # no wildcards from the filter box
