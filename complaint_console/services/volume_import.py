"""CSV import of weekly parcel volumes (hq_admin): outlet code, week (a Monday), parcels.

Good rows are added or replace the outlet's count for that week (upsert on outlet and
week); bad rows are reported line by line. The changes are one transaction. The volumes
give "complaints per 10,000 parcels" (received / parcels × 10,000) in the scores.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from complaint_console.db.models import ParcelVolume
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, Actor, may
from complaint_console.domain.csv_file import FileError, Problem, Report
from complaint_console.domain.import_rows import VOLUME_COLUMNS, parse_volume_row
from complaint_console.services.outlet_csv import checked_rows, chunks


def _checked(db: Session, content: bytes, report: Report) -> dict[tuple[int, object], int]:
    """{(outlet id, week): parcels} of the good rows; bad rows go into the report."""
    repeat = Problem(0, "week", "import.duplicate_volume")
    good = checked_rows(db, content, report, VOLUME_COLUMNS, parse_volume_row, lambda v: (v.outlet_code, v.week_start), repeat)
    return {(outlet_id, volume.week_start): volume.parcels for volume, outlet_id in good}


def _upsert(db: Session, good: dict[tuple[int, object], int], user_id: int | None, now: datetime) -> None:
    for week in {w for _, w in good}:
        of_week = [(outlet_id, parcels) for (outlet_id, w), parcels in good.items() if w == week]
        for chunk in chunks(of_week):
            ids = [outlet_id for outlet_id, _ in chunk]
            existing = {
                v.outlet_id: v
                for v in db.exec(
                    select(ParcelVolume).where(ParcelVolume.week_start == week, ParcelVolume.outlet_id.in_(ids))
                ).all()
            }
            for outlet_id, parcels in chunk:
                row = existing.get(outlet_id) or ParcelVolume(outlet_id=outlet_id, week_start=week, parcels=parcels)
                row.parcels, row.imported_at, row.imported_by_id = parcels, now, user_id
                db.add(row)
            db.flush()


def import_volumes(db: Session, actor: Actor | None, content: bytes, keep: int | None = None) -> Report:
    """Validate every row, then upsert the good ones; raises FileError when the file itself is wrong."""
    if not may(actor, Action.ADMINISTER):
        raise FileError("import.forbidden")
    report = Report(keep=keep)
    good = _checked(db, content, report)
    try:
        _upsert(db, good, actor.user_id, utcnow())
        db.commit()
    except IntegrityError as exc:  # another import added the same week meanwhile
        db.rollback()
        raise FileError("import.conflict") from exc
    report.imported = len(good)
    return report


PAGE_SIZE = 50


def imported_weeks(db: Session, page: int = 0) -> tuple[list[tuple[object, int, int]], int]:
    """(week, outlets, parcels) per imported week, newest first, 50 a page; and the number of weeks."""
    v = ParcelVolume
    total = db.exec(select(sa.func.count(sa.distinct(v.week_start)))).one()
    rows = db.exec(
        select(v.week_start, sa.func.count(), sa.func.sum(v.parcels))
        .group_by(v.week_start)
        .order_by(v.week_start.desc())
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return [(w, int(n), int(p or 0)) for w, n, p in rows], int(total)
