"""A week's outlet table as CSV or XLSX: the whole filtered table, in the table's order.

One pandas table (`table`) for every export: numbers rounded as the page shows them (no float
noise such as 32.00000000000001), whole numbers as whole numbers, blanks where there is no value,
headers in the user's language. CSV carries a BOM, so Excel on Chinese Windows reads it as
UTF-8; XLSX has number formats and column widths. Formula-like text is neutralised in both
(domain/export_safety.py)."""

from __future__ import annotations

import io
import unicodedata
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from complaint_console.db.score_table import ScoreRow
from complaint_console.domain.export_safety import csv_cell
from complaint_console.i18n import catalogue
from complaint_console.views import xlsx_safe

COLUMNS = (
    "rank",
    "code",
    "name",
    "region",
    "score",
    "tier",
    "resolution",
    "timeliness",
    "satisfaction",
    "cohort",
    "received",
    "repeat",
    "per_10k",
    "escalations",
    "compensation",
    "change",
    "warning",
)
TEXT = ("code", "name", "region", "tier", "warning")
WHOLE = ("rank", "cohort", "received", "escalations")
RATES = ("resolution", "timeliness", "satisfaction", "repeat")  # 0–1, shown as percentages with one decimal
DIGITS = {"score": 1, "change": 1, "per_10k": 2, "compensation": 2} | {c: 3 for c in RATES}
XLSX_FORMATS = {"score": "0.0", "change": "+0.0;-0.0;0.0", "per_10k": "0.00", "compensation": "#,##0.00"} | {
    c: "0.0%" for c in RATES
}


def headers(lang: str = "en") -> list[str]:
    messages = catalogue.messages(lang)
    return [messages[f"scores.col.{c}"] for c in COLUMNS]


def values(r: ScoreRow) -> list:
    """One row as numbers (rates 0–1, unrounded) and text; None where there is no value."""
    return [
        r.rank,
        r.code,
        r.name,
        r.region,
        r.score,
        r.tier,
        r.resolution_rate,
        r.timeliness_rate,
        r.satisfaction_rate,
        r.cohort_size,
        r.received,
        r.repeat_rate,
        r.per_10k,
        r.escalated,
        r.average_compensation,
        r.change,
        r.warning,
    ]


def table(rows: list[ScoreRow]) -> pd.DataFrame:
    """The export table (columns COLUMNS), rounded as shown."""
    frame = pd.DataFrame.from_records([values(r) for r in rows], columns=list(COLUMNS))
    frame["compensation"] = frame["compensation"].map(lambda v: float(v) if isinstance(v, Decimal) else v)
    numbers = [c for c in COLUMNS if c not in TEXT]
    frame[numbers] = frame[numbers].apply(pd.to_numeric)
    return frame.astype({c: "Int64" for c in WHOLE}).round(DIGITS)


def _cells(frame: pd.DataFrame) -> list[list]:
    """Rows of plain Python values, None for a blank."""
    return [[None if pd.isna(v) else v.item() if hasattr(v, "item") else v for v in row] for row in frame.itertuples(index=False)]


def to_csv(rows: list[ScoreRow], lang: str = "en") -> bytes:
    """UTF-8 with a BOM."""
    frame = table(rows)
    frame[list(TEXT)] = frame[list(TEXT)].map(lambda v: None if v is None else csv_cell(v))
    frame.columns = headers(lang)
    return frame.to_csv(index=False, na_rep="", lineterminator="\r\n").encode("utf-8-sig")


def _width(value: object) -> int:
    """Characters a cell needs; CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def write_sheet(sheet: Worksheet, rows: list[ScoreRow], lang: str = "en", first_row: int = 1) -> None:
    """The table into `sheet` from `first_row`: bold headers, number formats, column widths, frozen header."""
    frame = table(rows)
    xlsx_safe.append(sheet, headers(lang))
    for cell in sheet[first_row]:
        cell.font = Font(bold=True)
    for values_ in _cells(frame):
        xlsx_safe.append(sheet, values_)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        if column in XLSX_FORMATS:
            for (cell,) in sheet.iter_rows(min_row=first_row + 1, min_col=index, max_col=index):
                cell.number_format = XLSX_FORMATS[column]
        shown = [headers(lang)[index - 1], *frame[column].head(500).astype(str)]
        sheet.column_dimensions[letter].width = min(40, max(6, max(_width(v) for v in shown) + 2))
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)


def to_xlsx(rows: list[ScoreRow], title: str, lang: str = "en") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "scores"
    xlsx_safe.append(sheet, [title])
    sheet["A1"].font = Font(bold=True)
    write_sheet(sheet, rows, lang, first_row=2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
