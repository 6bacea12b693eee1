"""CSV import of the routing table (hq_admin): waybill prefix or district -> outlet code.

"Add or update" applies the good rows (same kind and pattern: the outlet is replaced) and
reports the bad ones. "Replace the whole table" is all or nothing: one bad row and nothing
changes. Either way the changes are one transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from complaint_console.db.models import RoutingRule
from complaint_console.domain.access import Action, Actor, may
from complaint_console.domain.csv_file import FileError, Problem, Report
from complaint_console.domain.import_rows import ROUTING_COLUMNS, RoutingRow, parse_routing_row
from complaint_console.services.outlet_csv import checked_rows, chunks


def _checked(db: Session, content: bytes, report: Report) -> list[tuple[RoutingRow, int]]:
    """The good rows with their outlet ids; bad rows go into the report."""
    repeat = Problem(0, "pattern", "import.duplicate_rule")
    return checked_rows(db, content, report, ROUTING_COLUMNS, parse_routing_row, lambda r: (r.kind, r.pattern), repeat)


def _upsert(db: Session, good: list[tuple[RoutingRow, int]]) -> None:
    for kind in {rule.kind for rule, _ in good}:
        of_kind = [(rule.pattern, outlet_id) for rule, outlet_id in good if rule.kind == kind]
        for chunk in chunks(of_kind):
            patterns = [pattern for pattern, _ in chunk]
            existing = {
                r.pattern: r
                for r in db.exec(select(RoutingRule).where(RoutingRule.kind == kind, RoutingRule.pattern.in_(patterns))).all()
            }
            for pattern, outlet_id in chunk:
                if pattern in existing:
                    existing[pattern].outlet_id = outlet_id
                else:
                    db.add(RoutingRule(kind=kind, pattern=pattern, outlet_id=outlet_id))
            db.flush()


def import_rules(db: Session, actor: Actor | None, content: bytes, replace: bool, keep: int | None = None) -> Report:
    """Validate every row, then apply; raises FileError when the file itself is wrong."""
    if not may(actor, Action.ADMINISTER):
        raise FileError("import.forbidden")
    report = Report(keep=keep)
    good = _checked(db, content, report)
    if replace and report.rejected:
        db.rollback()
        return report  # all or nothing: nothing changed
    try:
        if replace:
            db.exec(sa.delete(RoutingRule))
        _upsert(db, good)
        db.commit()
    except IntegrityError as exc:  # another import added the same rule meanwhile
        db.rollback()
        raise FileError("import.conflict") from exc
    report.imported = len(good)
    return report
