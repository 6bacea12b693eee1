"""Parcel volumes: the CSV import (row report, upsert, hq_admin only) and complaints per
10,000 parcels in the scores table, its sort, the exports and the weekly report."""

import csv
import io
from datetime import UTC, date, datetime

import openpyxl
import pytest
from sqlmodel import select

from complaint_console.db import score_table
from complaint_console.db.models import Outlet, ParcelVolume, WeeklyOutletScore
from complaint_console.domain.csv_file import FileError, Problem
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, live_scores, reports, volume_import
from complaint_console.services.rollup import freeze_week
from complaint_console.views import score_export
from seeds import demo
from tests import factories as f

HEADER = "outlet_code,week,parcels\n"
DEMO_NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
WEEK = date(2026, 11, 16)


def volumes(db) -> dict[tuple[int, date], int]:
    return {(v.outlet_id, v.week_start): v.parcels for v in db.exec(select(ParcelVolume)).all()}


def test_import_upserts_good_rows_and_reports_bad_ones(db):
    f.region(db)
    a, b = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002")
    closed = f.outlet(db, "EAST-009")
    closed.active = False
    admin = auth.actor_of(f.user(db, "admin", Role.HQ_ADMIN))
    db.add(ParcelVolume(outlet_id=a.id, week_start=WEEK, parcels=100))
    db.commit()
    csv_text = HEADER + (
        "EAST-001,2026-11-16,48200\n"  # replaces the imported count
        "EAST-002,2026-11-16,35150\n"
        "EAST-002,2026-11-17,10\n"  # not a Monday
        "NOPE,2026-11-16,10\n"
        "EAST-009,2026-11-16,10\n"  # inactive outlet
        "EAST-002,2026-11-09,0\n"
        "EAST-002,2026-11-16,1\n"  # the same outlet and week twice
    )
    report = volume_import.import_volumes(db, admin, csv_text.encode())
    assert (report.imported, report.rejected) == (2, 5)
    assert report.problems == [
        Problem(4, "week", "import.week_invalid"),
        Problem(7, "parcels", "import.parcels_invalid"),
        Problem(8, "week", "import.duplicate_volume"),
        Problem(5, "outlet_code", "import.outlet_unknown"),
        Problem(6, "outlet_code", "import.outlet_unknown"),
    ]
    assert volumes(db) == {(a.id, WEEK): 48200, (b.id, WEEK): 35150}
    again = volume_import.import_volumes(db, admin, (HEADER + "EAST-002,2026-11-16,35000\n").encode())
    assert again.imported == 1 and volumes(db)[(b.id, WEEK)] == 35000
    assert volume_import.imported_weeks(db) == ([(WEEK, 2, 83200)], 1)


def test_only_hq_admin_imports_and_a_wrong_file_imports_nothing(db):
    f.region(db)
    f.outlet(db, "EAST-001")
    analyst = auth.actor_of(f.user(db, "analyst", Role.HQ_ANALYST))
    admin = auth.actor_of(f.user(db, "admin", Role.HQ_ADMIN))
    db.commit()
    with pytest.raises(FileError) as refused:
        volume_import.import_volumes(db, analyst, (HEADER + "EAST-001,2026-11-16,5\n").encode())
    assert refused.value.key == "import.forbidden"
    with pytest.raises(FileError) as wrong:
        volume_import.import_volumes(db, admin, b"outlet_code,week\nEAST-001,2026-11-16\n")
    assert (wrong.value.key, wrong.value.detail) == ("import.missing_columns", "parcels")
    assert volumes(db) == {}


def test_per_10k_parcels_in_the_table_sort_exports_and_report(db):
    demo.load(db, DEMO_NOW)
    assert freeze_week(db, WEEK, DEMO_NOW)
    rows, _ = score_table.score_table(db, score_table.TableQuery(WEEK), size=None)
    busy = sorted((r for r in rows if r.received), key=lambda r: r.code)[:2]
    admin = auth.actor_of(f.user(db, "volumes-admin", Role.HQ_ADMIN))
    db.commit()
    content = HEADER + "".join(f"{r.code},{WEEK.isoformat()},{40000 + i * 10000}\n" for i, r in enumerate(busy))
    assert volume_import.import_volumes(db, admin, content.encode()).imported == 2

    rows, _ = score_table.score_table(db, score_table.TableQuery(WEEK, sort="per_10k", descending=True), size=None)
    expected = {r.code: r.received * 10_000 / (40000 + i * 10000) for i, r in enumerate(busy)}
    with_volume = rows[:2]  # sorted in SQL, NULLs (no volume) last
    assert {r.code: r.per_10k for r in with_volume} == pytest.approx(expected)
    assert with_volume[0].per_10k >= with_volume[1].per_10k
    assert all(r.per_10k is None and r.parcels is None for r in rows[2:])

    table = list(csv.reader(io.StringIO(score_export.to_csv(rows).decode("utf-8-sig"))))
    column = table[0].index("Per 10,000 parcels")
    assert float(table[1][column]) == round(with_volume[0].per_10k, 2) and table[3][column] == ""  # rounded as shown
    sheet = openpyxl.load_workbook(io.BytesIO(score_export.to_xlsx(rows, "t"))).active
    assert sheet.cell(3, column + 1).value == round(with_volume[0].per_10k, 2)

    report = reports.load_report(db, WEEK, DEMO_NOW)
    received = sum(r.received for r in busy)
    assert report.per_10k == pytest.approx(received * 10_000 / 90000)
    summary = openpyxl.load_workbook(io.BytesIO(reports.report_xlsx(db, report, DEMO_NOW)))["summary"]
    assert ["Per 10,000 parcels", pytest.approx(report.per_10k)] in [[r[0], r[1]] for r in summary.iter_rows(values_only=True)]
    assert reports.report_pdf(db, report, DEMO_NOW).startswith(b"%PDF")


def test_the_live_week_and_a_week_without_volumes(db):
    demo.load(db, DEMO_NOW)
    assert freeze_week(db, WEEK, DEMO_NOW)
    assert reports.load_report(db, WEEK, DEMO_NOW).per_10k is None
    live_week = live_scores.current_week(DEMO_NOW)
    outlet = db.exec(select(Outlet).order_by(Outlet.code)).first()
    db.add(ParcelVolume(outlet_id=outlet.id, week_start=live_week, parcels=20000))
    db.commit()
    live = {r.code: r for r in live_scores.live_rows(db, DEMO_NOW)}
    assert live[outlet.code].parcels == 20000
    assert live[outlet.code].per_10k == pytest.approx(live[outlet.code].received / 2)
    assert sum(r.parcels is not None for r in live.values()) == 1


def test_category_and_channel_shares_count_the_weeks_received_tickets(db):
    from complaint_console.views import score_charts

    demo.load(db, DEMO_NOW)
    assert freeze_week(db, WEEK, DEMO_NOW)
    rows, _ = score_table.score_table(db, score_table.TableQuery(WEEK), size=None)
    received = sum(r.received for r in rows)
    categories = score_table.shares(db, score_table.TableQuery(WEEK), "category")
    channels = score_table.shares(db, score_table.TableQuery(WEEK), "channel")
    assert received > 0 and sum(n for _, n in categories) == sum(n for _, n in channels) == received
    assert [n for _, n in categories] == sorted((n for _, n in categories), reverse=True)
    east = score_table.TableQuery(WEEK, region="EAST")
    east_received = sum(r.received for r in score_table.score_table(db, live_scores.ready(db, east, DEMO_NOW), size=None)[0])
    assert sum(n for _, n in score_table.shares(db, east, "channel")) == east_received
    pie = score_charts.category_share(categories, "zh")
    assert sum(pie.data[0].values) == received and "延误" in pie.data[0].labels
    bars = score_charts.channel_distribution(channels, "en")
    assert sum(bars.data[0].x) == received


def test_the_report_has_sla_compliance_and_the_shares(db):
    from complaint_console.views import score_charts

    demo.load(db, DEMO_NOW)
    assert freeze_week(db, WEEK, DEMO_NOW)
    sla = reports.sla_compliance(db, WEEK)
    rows, _ = score_table.score_table(db, score_table.TableQuery(WEEK), size=None)
    frozen = db.exec(
        select(WeeklyOutletScore.cohort_size, WeeklyOutletScore.timely_count).where(WeeklyOutletScore.week_start == WEEK)
    ).all()
    assert sum(n for _, n, _ in sla) == sum(c for c, _ in frozen) == sum(r.cohort_size for r in rows)
    assert sum(k for _, _, k in sla) == sum(t for _, t in frozen)  # the timeliness rule, network-wide
    assert [s for s, _, _ in sla][0] in ("urgent", "serious")  # most severe first
    figure = score_charts.sla_compliance(sla, "zh")
    assert len(figure.data[0].y) == len(sla)
    pdf = reports.report_pdf(db, reports.load_report(db, WEEK, DEMO_NOW), DEMO_NOW, "en")
    assert pdf.startswith(b"%PDF")
