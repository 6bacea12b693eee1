"""export-scores as an operator runs it: a frozen week to CSV and XLSX; refusals say why."""

import csv
from datetime import UTC, datetime, timedelta

import openpyxl

from complaint_console.db.scores import monday_of
from tests.integration.test_cli import run


def test_export_scores_writes_the_whole_week(tmp_path):
    db_path = tmp_path / "cli.db"
    assert run(["migrate"], db_path).returncode == 0
    assert run(["seed-demo"], db_path).returncode == 0
    week = (monday_of(datetime.now(UTC), "Asia/Shanghai") - timedelta(weeks=1)).isoformat()
    not_frozen = run(["export-scores", "--week", week, "--format", "csv"], db_path)
    assert not_frozen.returncode == 2 and "rollup --week" in not_frozen.stderr
    assert run(["export-scores", "--week", "2026-11-10", "--format", "csv"], db_path).returncode == 2  # a Tuesday
    assert run(["rollup", "--week", week], db_path).returncode == 0

    out_csv = tmp_path / "scores.csv"
    done = run(["export-scores", "--week", week, "--format", "csv", "--out", str(out_csv)], db_path)
    assert done.returncode == 0 and "60 outlets" in done.stdout, done.stderr
    rows = list(csv.reader(out_csv.open(encoding="utf-8-sig")))  # with a BOM, for Excel
    assert rows[0][:3] == ["Rank", "Code", "Name"] and len(rows) == 61
    ranks = [int(r[0]) for r in rows[1:] if r[0]]
    assert ranks == sorted(ranks) and ranks[0] == 1

    out_xlsx = tmp_path / "scores.xlsx"
    assert run(["export-scores", "--week", week, "--format", "xlsx", "--out", str(out_xlsx)], db_path).returncode == 0
    sheet = openpyxl.load_workbook(out_xlsx).active
    assert week in sheet["A1"].value and sheet.max_row == 62


def test_rollup_refreeze_reports_what_changed_and_audits_it(tmp_path):
    import sqlite3

    db_path = tmp_path / "cli.db"
    assert run(["migrate"], db_path).returncode == 0
    assert run(["seed-demo"], db_path).returncode == 0
    week = (monday_of(datetime.now(UTC), "Asia/Shanghai") - timedelta(weeks=1)).isoformat()
    assert run(["rollup", "--week", week], db_path).returncode == 0
    with sqlite3.connect(db_path) as con:  # one row as the old rule froze it: a 90 stored unrounded, graded B
        outlet_id, score = con.execute("SELECT outlet_id, score FROM weekly_outlet_score WHERE rank = 1 LIMIT 1").fetchone()
        con.execute(
            "UPDATE weekly_outlet_score SET score = ?, tier = 'D' WHERE outlet_id = ? AND week_start = ?",
            (score - 1e-12, outlet_id, week),
        )
    done = run(["rollup", "--refreeze"], db_path)
    assert done.returncode == 0 and f"week of {week}: 1 scores, 1 tiers, 0 ranks changed" in done.stdout, done.stdout
    assert "1 refrozen" in done.stdout
    with sqlite3.connect(db_path) as con:
        assert (
            con.execute(
                "SELECT score FROM weekly_outlet_score WHERE outlet_id = ? AND week_start = ?", (outlet_id, week)
            ).fetchone()[0]
            == score
        )
        assert con.execute("SELECT COUNT(*) FROM admin_audit WHERE entity = 'week' AND action = 'refreeze'").fetchone()[0] == 1
    again = run(["rollup", "--refreeze", "--week", week], db_path)
    assert again.returncode == 0 and f"week of {week}: unchanged" in again.stdout
    assert run(["rollup", "--refreeze", "--week", "2020-01-06"], db_path).returncode == 2  # not frozen: says so
