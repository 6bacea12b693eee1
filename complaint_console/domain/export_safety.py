"""What exported text may carry: spreadsheet cells that never run as formulas, and Markdown that
never carries live HTML (OWASP "CSV injection"; the case pack's meeting notes).

Every CSV writer passes each cell through `csv_cell`; every XLSX writer appends rows with
`services/xlsx_safe.append`, which stores formula-like text as quoted text; every Markdown
writer passes user text through `markdown_text`.
"""

from __future__ import annotations

import html

# A cell starting with one of these is read as a formula (or DDE) by Excel, LibreOffice and Sheets;
# tab and carriage return let such a prefix hide behind white space.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MARKDOWN_MARKUP = ("\\", "*", "_", "#", "|", "[", "]", "`")


def looks_like_formula(value: object) -> bool:
    """Text a spreadsheet would evaluate rather than show."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value: object) -> object:
    """A CSV cell: numbers, dates and None as they are; formula-like text behind an apostrophe,
    which spreadsheets show as text (OWASP's advice for CSV)."""
    return "'" + value if looks_like_formula(value) else value


def csv_row(values: list) -> list:
    return ["" if v is None else csv_cell(v) for v in values]


def markdown_text(text: str) -> str:
    """User text inside Markdown: HTML escaped, Markdown's own markup characters escaped."""
    for char in MARKDOWN_MARKUP:  # the backslash first, so the escapes added after it stay single
        text = text.replace(char, "\\" + char)
    return html.escape(text, quote=False)
