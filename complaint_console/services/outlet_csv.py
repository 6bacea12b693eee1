"""What the CSV imports keyed by outlet code share (routing rules, parcel volumes): read the
file, parse each row, refuse repeats within the file, and look the outlets up in chunks.

Bad rows go into the `Report` line by line (domain/csv_file.py); the good ones come back
with their outlet's id, ready to be applied in one transaction by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Protocol, TypeVar

from sqlmodel import Session, select

from complaint_console.db.models import Outlet
from complaint_console.domain.csv_file import Problem, Report, read_table

CHUNK = 500  # rows per IN (…) list, well under every database's parameter limit


class HasOutletCode(Protocol):
    outlet_code: str


RowT = TypeVar("RowT", bound=HasOutletCode)


def chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def active_outlets(db: Session, codes: set[str]) -> dict[str, int]:
    """{code: id} of the active outlets among `codes`."""
    found: dict[str, int] = {}
    for chunk in chunks(sorted(codes)):
        found.update(db.exec(select(Outlet.code, Outlet.id).where(Outlet.code.in_(chunk), Outlet.active)).all())
    return found


def checked_rows(
    db: Session,
    content: bytes,
    report: Report,
    columns: Sequence[str],
    parse: Callable[[dict[str, str]], RowT | dict[str, str]],
    key: Callable[[RowT], Hashable],
    repeat: Problem,
) -> list[tuple[RowT, int]]:
    """The good rows with their outlet ids. A row whose `key` an earlier row had is refused
    with `repeat` (its line filled in); so is a row naming an unknown or inactive outlet."""
    table = read_table(content, columns)
    report.total = report.done = len(table.rows) + len(table.problems)
    for problem in table.problems:
        report.reject([problem])
    parsed: list[tuple[int, RowT]] = []
    seen: set[Hashable] = set()
    for row in table.rows:
        result = parse(row.values)
        if isinstance(result, dict):
            report.reject([Problem(row.line, name, message) for name, message in result.items()])
        elif key(result) in seen:
            report.reject([Problem(row.line, repeat.field, repeat.message)])
        else:
            seen.add(key(result))
            parsed.append((row.line, result))
    outlets = active_outlets(db, {r.outlet_code for _, r in parsed})
    good = []
    for line, result in parsed:
        if result.outlet_code in outlets:
            good.append((result, outlets[result.outlet_code]))
        else:
            report.reject([Problem(line, "outlet_code", "import.outlet_unknown")])
    return good
