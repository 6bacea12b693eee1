"""The score exports: rounded as shown, a BOM for Excel, headers in the user's language, number
formats and widths in XLSX, formula-like text neutralised."""

import csv
import io
from decimal import Decimal

import openpyxl

from complaint_console.db.score_table import ScoreRow
from complaint_console.views.score_export import COLUMNS, to_csv, to_xlsx


def row(code="EAST-001", name="上海中心网点", rank=3, change=32.00000000000001, resolution=0.1 + 0.2, **extra):
    return ScoreRow(
        outlet_id=1,
        code=code,
        name=name,
        region="EAST",
        cohort_size=12,
        received=14,
        repeat_count=1,
        resolution_rate=resolution,
        timeliness_rate=2 / 3,
        satisfaction_rate=None,
        score=89.99999999999999,
        tier="A",
        rank=rank,
        change=change,
        warning=None,
        parcels=30_000,
        escalated=2,
        compensated=3,
        compensation_total=Decimal("100.00"),
        **extra,
    )


def test_csv_has_a_bom_rounded_numbers_whole_counts_and_blanks():
    data = to_csv([row(), row(code="EAST-002", rank=None, change=None, resolution=None)], lang="zh")
    assert data.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:3] == ["排名", "编码", "名称"]
    first = dict(zip(COLUMNS, table[1], strict=True))
    assert first["change"] == "32.0" and first["resolution"] == "0.3" and first["timeliness"] == "0.667"
    assert first["score"] == "90.0" and first["rank"] == "3" and first["cohort"] == "12"  # whole numbers stay whole
    assert first["compensation"] == "33.33" and first["per_10k"] == "4.67" and first["satisfaction"] == ""
    second = dict(zip(COLUMNS, table[2], strict=True))
    assert second["rank"] == "" and second["change"] == "" and second["resolution"] == ""
    assert "0000000" not in data.decode("utf-8-sig")


def test_csv_neutralises_formula_like_text():
    data = to_csv([row(name='=HYPERLINK("http://x")')]).decode("utf-8-sig")
    assert "'=HYPERLINK" in data


def test_xlsx_has_number_formats_widths_and_headers_in_the_users_language():
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx([row(name="@SUM(1+1)")], "标题", lang="zh"))).active
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["排名", "编码", "名称"]
    cells = dict(zip(COLUMNS, sheet[3], strict=True))
    assert cells["change"].value == 32.0 and cells["change"].number_format == "+0.0;-0.0;0.0"
    assert cells["resolution"].value == 0.3 and cells["resolution"].number_format == "0.0%"
    assert cells["rank"].value == 3 and isinstance(cells["rank"].value, int)
    assert cells["name"].data_type == "s" and cells["name"].value == "@SUM(1+1)"
    assert sheet.column_dimensions["C"].width >= len("@SUM(1+1)") + 2
    assert sheet.freeze_panes == "A3"
