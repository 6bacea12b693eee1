"""Reading an uploaded CSV or XLSX file (plain Python): encoding, header, limits and line numbers.

Every CSV import (tickets, routing rules) reads files here and reports problems the same
way: the line as a spreadsheet shows it (the header is line 1), the column, a message key.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
ENCODINGS = ("utf-8-sig", "gb18030")  # UTF-8 with or without BOM; GBK (and its superset) from Excel


class FileError(Exception):
    """The file as a whole cannot be imported; nothing was imported. `detail` names columns etc."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key} {detail}".strip())
        self.key = key
        self.detail = detail


@dataclass(frozen=True)
class Problem:
    line: int
    field: str  # the column, or "*" for the row as a whole
    message: str  # catalogue key


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    rows: list[Row]
    problems: list[Problem]  # rows refused while reading (e.g. more cells than columns)


def decode(content: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise FileError("import.encoding")


def _header(cells: list[str], required: Sequence[str], optional: Sequence[str]) -> list[str]:
    names = [c.strip().lower() for c in cells]
    while names and names[-1] == "":  # spreadsheets add empty trailing columns
        names.pop()
    if not names:
        raise FileError("import.no_header")
    known = set(required) | set(optional)
    if unknown := [n or "(empty)" for n in names if n not in known]:
        raise FileError("import.unknown_columns", ", ".join(unknown))
    if duplicates := sorted({n for n in names if names.count(n) > 1}):
        raise FileError("import.duplicate_columns", ", ".join(duplicates))
    if missing := [n for n in required if n not in names]:
        raise FileError("import.missing_columns", ", ".join(missing))
    return names


XLSX_MAGIC = b"PK\x03\x04"  # an XLSX file is a zip archive


def _xlsx_records(content: bytes) -> Iterator[list[str]]:
    """The first sheet's rows as text cells, as a CSV reader would give them."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001  (zip, XML or format errors alike: not a workbook we can read)
        raise FileError("import.unreadable", type(exc).__name__) from exc
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield ["" if v is None else _cell_text(v) for v in values]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet's 500 is 500.0 in openpyxl
    return str(value)


def read_table(
    content: bytes,
    required: Sequence[str],
    optional: Sequence[str] = (),
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
) -> Table:
    """The data rows of a CSV or XLSX file with a header row; raises FileError before any row is used."""
    if len(content) > max_bytes:
        raise FileError("import.too_big", f"{max_bytes // (1024 * 1024)} MB")
    if content.startswith(XLSX_MAGIC):
        records: Iterator[list[str]] = _xlsx_records(content)
    else:
        records = csv.reader(io.StringIO(decode(content), newline=""))
    try:
        names = _header(next(records, []), required, optional)
        rows: list[Row] = []
        problems: list[Problem] = []
        for line, cells in enumerate(records, start=2):  # a spreadsheet's row number
            if not any(c.strip() for c in cells):
                continue  # blank lines and trailing empty rows
            if len(rows) + len(problems) >= max_rows:
                raise FileError("import.too_many_rows", f"{max_rows:,}")
            if any(c.strip() for c in cells[len(names) :]):
                problems.append(Problem(line, "*", "import.extra_cells"))
                continue
            rows.append(Row(line, {n: (cells[i] if i < len(cells) else "") for i, n in enumerate(names)}))
    except csv.Error as exc:
        raise FileError("import.unreadable", str(exc)) from exc
    if not rows and not problems:
        raise FileError("import.no_rows")
    return Table(rows, problems)


@dataclass
class Report:
    """What an import did. Keeps the first `keep` problems (None: all) and counts the rest."""

    total: int = 0
    done: int = 0
    imported: int = 0
    rejected: int = 0
    unchanged: int = 0  # good rows that were there already, exactly so (imports that update)
    already: int = 0  # rows imported before (a file imported again, or the rest of an interrupted import)
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0
    keep: int | None = None

    def reject(self, problems: Sequence[Problem]) -> None:
        self.rejected += 1
        for problem in problems:
            if self.keep is None or len(self.problems) < self.keep:
                self.problems.append(problem)
            else:
                self.more_problems += 1

    def skip(self, problem: Problem) -> None:
        """A row imported before: listed row by row with the problems, counted apart from the rejected."""
        self.already += 1
        if self.keep is None or len(self.problems) < self.keep:
            self.problems.append(problem)
        else:
            self.more_problems += 1

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else self.done * 100 // self.total
