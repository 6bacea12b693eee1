"""Rows into an openpyxl sheet without formulas: formula-like text is stored as text.

openpyxl stores any string that starts with "=" as a formula. A cell of ours is data, never a
formula, so such text is kept as a string cell with Excel's quote prefix: it shows exactly as
typed and is not evaluated (domain/export_safety.py says which text looks like a formula)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from complaint_console.domain.export_safety import looks_like_formula


def append(sheet: Worksheet, values: list) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if looks_like_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
