"""A week's outlet table as CSV or XLSX: the whole filtered table, in the table's order."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from complaint_console.domain.export_safety import csv_row
from complaint_console.i18n import en, zh
from complaint_console.services import xlsx_safe
from complaint_console.services.scores import ScoreRow

COLUMNS = (
    "rank", "code", "name", "region", "score", "tier", "resolution", "timeliness", "satisfaction", "cohort",
    "received", "repeat", "per_10k", "escalations", "compensation", "change", "warning",
)  # fmt: skip


def headers(lang: str = "en") -> list[str]:
    messages = zh.MESSAGES if lang == "zh" else en.MESSAGES
    return [messages[f"scores.col.{c}"] for c in COLUMNS]


def values(r: ScoreRow) -> list:
    """One row as numbers (rates 0–1, unrounded) and text; blanks where there is no value."""
    return [
        r.rank, r.code, r.name, r.region, r.score, r.tier, r.resolution_rate, r.timeliness_rate, r.satisfaction_rate,
        r.cohort_size, r.received, r.repeat_rate, r.per_10k, r.escalated, r.average_compensation, r.change, r.warning,
    ]  # fmt: skip


def to_csv(rows: list[ScoreRow], lang: str = "en") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers(lang))
    for r in rows:
        writer.writerow(csv_row(values(r)))
    return out.getvalue()


def to_xlsx(rows: list[ScoreRow], title: str, lang: str = "en") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "scores"
    xlsx_safe.append(sheet, [title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(headers(lang))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        xlsx_safe.append(sheet, values(r))
    for column in ("G", "H", "I", "L"):  # the rates
        for cell in sheet[column][2:]:
            cell.number_format = "0.0%"
    for column in ("E", "M", "O", "P"):  # score, per 10,000 parcels, average compensation, change
        for cell in sheet[column][2:]:
            cell.number_format = "0.00"
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
