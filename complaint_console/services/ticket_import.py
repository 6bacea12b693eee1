"""CSV import of tickets (hq_admin page and the `import-tickets` CLI).

Every row goes through `services.intake.record`, the one intake path, which commits each
complaint with its event and customer notices in one transaction. A row that fails rolls
back only itself: nothing of it stays, and the rows before it stay imported.

Each imported ticket keeps its row's fingerprint (`domain.import_jobs.ticket_fingerprint`,
a unique column): a row imported before, by this file or another, or by an import that was
interrupted, is reported "already imported" and records nothing, so the customer is never
told twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from complaint_console.db.models import Ticket, TicketEvent
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, Actor, may
from complaint_console.domain.csv_file import FileError, Problem, Report, Row, Table, read_table
from complaint_console.domain.import_jobs import ticket_fingerprint
from complaint_console.domain.import_rows import TICKET_OPTIONAL, TICKET_REQUIRED, TicketRow, parse_ticket_row
from complaint_console.domain.vocabulary import EventKind
from complaint_console.services import intake
from complaint_console.settings import get_settings

log = logging.getLogger(__name__)
Progress = Callable[[Report], None]


def check_actor(actor: Actor | None) -> None:
    """hq_admin, or None for the operator's CLI without `--as`."""
    if actor is not None and not may(actor, Action.ADMINISTER):
        raise FileError("import.forbidden")


def read_file(content: bytes, keep: int | None = None) -> tuple[Table, Report]:
    """The file's rows and a report that already counts the rows refused while reading."""
    table = read_table(content, TICKET_REQUIRED, TICKET_OPTIONAL)
    report = Report(total=len(table.rows) + len(table.problems), keep=keep)
    for problem in table.problems:
        report.reject([problem])
        report.done += 1
    return table, report


ALREADY = "import.already_imported"


def _already_imported(db: Session, row: TicketRow, fingerprint: str) -> bool:
    """The row's fingerprint is a ticket's; or (tickets imported before fingerprints were kept)
    the same complaint received at the same moment is a ticket already."""
    if db.exec(select(Ticket.id).where(Ticket.import_fingerprint == fingerprint).limit(1)).first() is not None:
        return True
    if row.received_at is None:
        return False
    found = db.exec(
        select(Ticket.id)
        .where(
            Ticket.waybill_no == row.data.waybill_no,
            Ticket.customer_phone == row.data.customer_phone,
            Ticket.category == row.data.category,
            Ticket.created_at == row.received_at,
        )
        .limit(1)
    ).first()
    return found is not None


def import_row(db: Session, actor: Actor | None, row: Row, source: str, now: datetime) -> list[Problem]:
    """Record one row as a ticket; its problems, empty when it was imported, [(line, "*", ALREADY)]
    when it was imported before."""
    parsed = parse_ticket_row(row.values, now, ZoneInfo(get_settings().business_tz))
    if isinstance(parsed, dict):
        return [Problem(row.line, name, key) for name, key in parsed.items()]
    fingerprint = ticket_fingerprint(parsed)
    if _already_imported(db, parsed, fingerprint):
        return [Problem(row.line, "*", ALREADY)]
    try:
        result = intake.stage(db, actor, parsed.data, now=parsed.received_at or now, fingerprint=fingerprint)
        if result.ticket is not None:  # where it came from, in the ticket's transaction
            note = f"imported from {source}, line {row.line}"
            db.add(
                TicketEvent(
                    ticket_id=result.ticket.id,
                    at=result.ticket.created_at,
                    actor_id=actor.user_id if actor else None,
                    kind=EventKind.COMMENT.value,
                    note=note,
                )
            )
            db.commit()
    except Exception:  # a database error in this row: drop the row, keep going
        db.rollback()
        log.exception("import of %s line %s failed", source, row.line)
        return [Problem(row.line, "*", "import.row_failed")]
    return [Problem(row.line, name, key) for name, key in result.errors.items()]


def import_rows(
    db: Session,
    actor: Actor | None,
    rows: Iterable[Row],
    report: Report,
    source: str,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> None:
    """Import rows one by one into `report`; `progress` is called after each row."""
    check_actor(actor)
    now = now or utcnow()
    for row in rows:
        problems = import_row(db, actor, row, source, now)
        if len(problems) == 1 and problems[0].message == ALREADY:
            report.skip(problems[0])
        elif problems:
            report.reject(problems)
        else:
            report.imported += 1
        report.done += 1
        if progress is not None:
            progress(report)


def import_tickets(
    db: Session,
    actor: Actor | None,
    content: bytes,
    source: str = "CSV",
    progress: Progress | None = None,
    keep: int | None = None,
) -> Report:
    """The whole file; raises FileError (nothing imported) when the file itself is wrong."""
    check_actor(actor)
    table, report = read_file(content, keep)
    import_rows(db, actor, table.rows, report, source, progress=progress)
    return report
