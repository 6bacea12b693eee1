"""Outlets and regions without SQL: the form's service and the CSV/XLSX import (SQLite and PostgreSQL)."""

import io
import os
from decimal import Decimal

import openpyxl
import pytest
from sqlmodel import func, select

from complaint_console.db import outlets as outlet_queries
from complaint_console.db.models import AdminAudit, Outlet, Region
from complaint_console.domain.csv_file import FileError
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, outlets
from tests import factories as f

HEADER = "code,name,region,city,timezone,business_hours,holiday_calendar,authority_limit\n"
FILE = HEADER + (
    "SH-001,上海 浦东新区网点,EAST,上海,Asia/Shanghai,,,500\n"
    'SH-002,上海 徐汇区网点,EAST,上海,,"mon-fri 09:00-18:00; sat 09:00-12:00",CN,800\n'
    'GZ-001,广州 天河区网点,SOUTH,广州,,"{""mon"": [""08:00"", ""20:00""]}",,\n'
)


@pytest.fixture
def admin(db):
    return auth.actor_of(f.user(db, "admin", Role.HQ_ADMIN))


def count(db, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def by_code(db, code) -> Outlet:
    return db.exec(select(Outlet).where(Outlet.code == code).execution_options(populate_existing=True)).one()


def test_an_import_creates_outlets_and_regions_and_a_second_run_changes_nothing(db, admin):
    report = outlets.import_outlets(db, admin, FILE.encode("utf-8-sig"))  # UTF-8 with a BOM, as Excel saves it
    assert (report.total, report.imported, report.rejected, report.problems) == (3, 3, 0, [])
    assert set(db.exec(select(Region.code)).all()) == {"EAST", "SOUTH"}
    sh2 = by_code(db, "SH-002")
    assert sh2.business_hours["sat"] == ["09:00", "12:00"] and sh2.holiday_calendar == "CN"
    assert sh2.authority_limit == Decimal("800.00") and sh2.timezone == "Asia/Shanghai"
    assert by_code(db, "GZ-001").business_hours == {"mon": ["08:00", "20:00"]} and by_code(db, "SH-001").business_hours is None
    audits = count(db, AdminAudit)
    assert audits == 3

    again = outlets.import_outlets(db, admin, FILE.encode("utf-8"))
    assert (again.imported, again.unchanged, again.rejected) == (0, 3, 0)
    assert count(db, Outlet) == 3 and count(db, AdminAudit) == audits  # nothing written, nothing audited


def test_a_known_code_is_updated_only_in_the_columns_of_the_file_and_audited(db, admin):
    outlets.import_outlets(db, admin, FILE.encode())
    changed = "code,name,region,city,authority_limit\nsh-002,上海 徐汇网点,EAST,上海,1000\n"
    report = outlets.import_outlets(db, admin, changed.encode("gbk"))  # GBK, as Excel on Chinese Windows saves CSV
    assert (report.imported, report.rejected) == (1, 0)
    sh2 = by_code(db, "SH-002")
    assert (sh2.name, sh2.authority_limit) == ("上海 徐汇网点", Decimal("1000.00"))
    assert sh2.holiday_calendar == "CN" and sh2.business_hours is not None  # columns not in the file stay
    line = outlet_queries.audit_lines(db, "outlet", sh2.id)[0]
    assert line.action == "import" and line.actor == "admin"
    assert line.changes == {"name": ["上海 徐汇区网点", "上海 徐汇网点"], "authority_limit": ["800.00", "1000.00"]}
    assert count(db, Outlet) == 3


def test_bad_rows_are_reported_by_line_and_column_and_the_good_ones_imported(db, admin):
    text = HEADER + (
        "SH-001,Good,EAST,上海,,,,\n"
        "x,Bad code,EAST,上海,,,,\n"
        "SH-003,Bad hours,EAST,上海,,mon-fri 18:00-09:00,,\n"
        "SH-004,,EAST,上海,Mars/Base,,US,-5\n"
        "sh-001,Repeated,EAST,上海,,,,\n"
        "SH-005,Also good,NORTH,北京,,,,\n"
    )
    report = outlets.import_outlets(db, admin, text.encode())
    assert (report.imported, report.rejected) == (2, 4)
    assert {(p.line, p.field, p.message) for p in report.problems} == {
        (3, "code", "outlet.code_invalid"),
        (4, "business_hours", "outlet.hours_invalid"),
        (5, "name", "outlet.name_required"),
        (5, "timezone", "outlet.timezone_invalid"),
        (5, "holiday_calendar", "outlet.calendar_invalid"),
        (5, "authority_limit", "outlet.limit_invalid"),
        (6, "code", "import.outlet_repeated"),
    }
    assert set(db.exec(select(Outlet.code)).all()) == {"SH-001", "SH-005"}  # nothing of a bad row was written


def test_an_xlsx_file_imports_like_a_csv(db, admin):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "name", "region", "city", "authority_limit"])
    sheet.append(["BJ-001", "北京 朝阳区网点", "NORTH", "北京", 650])
    sheet.append(["BJ-002", "北京 海淀区网点", "NORTH", "北京", None])
    out = io.BytesIO()
    book.save(out)
    report = outlets.import_outlets(db, admin, out.getvalue())
    assert (report.imported, report.rejected) == (2, 0)
    assert by_code(db, "BJ-001").authority_limit == Decimal("650.00") and by_code(db, "BJ-002").authority_limit == Decimal(
        "500.00"
    )


def test_files_that_cannot_be_imported_say_why_and_only_hq_admin_imports(db, admin):
    with pytest.raises(FileError) as refused:
        outlets.import_outlets(db, admin, b"code,name\nX-1,Y\n")
    assert refused.value.key == "import.missing_columns" and "region" in refused.value.detail
    with pytest.raises(FileError) as not_xlsx:
        outlets.import_outlets(db, admin, b"PK\x03\x04 broken zip")
    assert not_xlsx.value.key == "import.unreadable"
    f.region(db)
    manager = auth.actor_of(f.user(db, "manager1", Role.OUTLET_MANAGER, f.outlet(db, "EAST-001").id))
    with pytest.raises(FileError) as forbidden:
        outlets.import_outlets(db, manager, FILE.encode())
    assert forbidden.value.key == "import.forbidden" and count(db, Outlet) == 1


def test_the_form_creates_edits_deactivates_with_an_audit_line_each(db, admin):
    values = {
        "code": "hz-001",
        "name": "杭州 西湖区网点",
        "region": "EAST",
        "city": "杭州",
        "business_hours": "mon-sat 08:30-19:00",
    }
    created = outlets.save(db, admin, None, values)
    assert created.errors == {}
    assert outlets.save(db, admin, None, values).errors == {"code": "outlet.code_taken"}
    assert outlets.save(db, admin, created.outlet_id, values | {"timezone": "Nowhere/City"}).errors == {
        "timezone": "outlet.timezone_invalid"
    }
    elsewhere = f.user(db, "mgr.other", Role.OUTLET_MANAGER, f.outlet(db, "EAST-001").id)
    assert outlets.save(db, admin, created.outlet_id, values, manager_id=elsewhere.id).errors == {
        "manager": "outlet.manager_elsewhere"
    }
    manager = f.user(db, "mgr.hz", Role.OUTLET_MANAGER, created.outlet_id)
    edited = outlets.save(db, admin, created.outlet_id, values | {"authority_limit": "700"}, manager_id=manager.id)
    assert edited.errors == {}
    hz = by_code(db, "HZ-001")
    assert (hz.authority_limit, hz.manager_id) == (Decimal("700.00"), manager.id)
    assert outlets.set_active(db, admin, hz.id, False).errors == {} and not by_code(db, "HZ-001").active
    actions = [line.action for line in outlet_queries.audit_lines(db, "outlet", hz.id)]
    assert actions == ["deactivate", "update", "create"]
    update = outlet_queries.audit_lines(db, "outlet", hz.id)[1]
    assert update.changes == {"authority_limit": ["500.00", "700.00"], "manager_id": [None, manager.id]}
    analyst = auth.actor_of(f.user(db, "analyst", Role.HQ_ANALYST))
    assert outlets.save(db, analyst, hz.id, values).errors == {"*": "import.forbidden"}
    assert outlets.set_active(db, analyst, hz.id, True).errors == {"*": "import.forbidden"} and not by_code(db, "HZ-001").active


def test_the_list_is_searched_filtered_and_paged_in_the_database(db, admin):
    rows = "".join(f"EAST-{n:03d},Outlet {n},EAST,{'上海' if n % 2 else '杭州'},,,,\n" for n in range(1, 121))
    outlets.import_outlets(db, admin, (HEADER + rows).encode())
    page, total = outlet_queries.outlets_page(db)
    assert total == 120 and len(page) == outlet_queries.PAGE_SIZE and page[0].code == "EAST-001"
    assert outlet_queries.outlets_page(db, page=2)[0][0].code == "EAST-101"
    assert outlet_queries.outlets_page(db, query="杭州")[1] == 60
    assert outlet_queries.outlets_page(db, query="east-10")[1] == 10  # EAST-100…109, whatever the case
    assert outlet_queries.outlets_page(db, query="100%")[1] == 0  # LIKE's wildcards are taken literally
    outlets.set_active(db, admin, by_code(db, "EAST-007").id, False)
    assert outlet_queries.outlets_page(db, status="inactive")[1] == 1 and outlet_queries.outlets_page(db)[1] == 119


@pytest.mark.skipif(not os.environ.get("TEST_POSTGRES_URL"), reason="the national-size import runs on PostgreSQL")
def test_the_network_of_30000_outlets_imports_and_a_second_run_changes_nothing(migrated_engine, db, admin):
    if migrated_engine.dialect.name != "postgresql":
        pytest.skip("the national-size import is checked on PostgreSQL (SQLite runs the same code in the other tests)")
    regions = ("EAST", "SOUTH", "NORTH", "WEST", "CENTRAL")
    lines = [
        f"N-{n:05d},网点 {n},{regions[n % 5]},城市 {n % 300},,{'mon-fri 09:00-18:00' if n % 3 == 0 else ''},,\n"
        for n in range(30_000)
    ]
    content = (HEADER + "".join(lines)).encode()
    seen = []
    report = outlets.import_outlets(db, admin, content, progress=lambda r: seen.append(r.done))
    assert (report.imported, report.rejected) == (30_000, 0)
    assert seen == sorted(seen) and seen[-1] == 30_000 and len(seen) == 30  # a progress step per chunk
    assert count(db, Outlet) == 30_000 and count(db, AdminAudit) == 30_000
    again = outlets.import_outlets(db, admin, content)
    assert (again.imported, again.unchanged) == (0, 30_000)
    assert count(db, Outlet) == 30_000 and count(db, AdminAudit) == 30_000
