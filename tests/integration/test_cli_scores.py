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
    rows = list(csv.reader(out_csv.open(encoding="utf-8")))
    assert rows[0][:3] == ["Rank", "Code", "Name"] and len(rows) == 61
    ranks = [int(r[0]) for r in rows[1:] if r[0]]
    assert ranks == sorted(ranks) and ranks[0] == 1

    out_xlsx = tmp_path / "scores.xlsx"
    assert run(["export-scores", "--week", week, "--format", "xlsx", "--out", str(out_xlsx)], db_path).returncode == 0
    sheet = openpyxl.load_workbook(out_xlsx).active
    assert week in sheet["A1"].value and sheet.max_row == 62
