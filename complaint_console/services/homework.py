"""Homework: the training lead gives a case to outlets (all, a region, a list); each outlet's
manager sees it and acknowledges it once; the training lead reads who has and who has not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import AppUser, CaseHomework, Outlet, TypicalCase
from complaint_console.domain.access import Action, Actor, may, roles_that
from complaint_console.i18n.catalogue import translate
from complaint_console.services.staff_alerts import tell

HOMEWORK_PAGE = "/homework"  # where a manager reads and acknowledges it (the bell item links there)


class NotAllowed(PermissionError):
    """The actor may not do this to this homework."""


def outlets_for(db: Session, everyone: bool = False, region: str | None = None, outlet_ids: list[int] | None = None) -> list[int]:
    """The active outlets a case goes to: all of them, one region's, or a list."""
    stmt = select(Outlet.id).where(Outlet.active == sa.true()).order_by(Outlet.id)
    if not everyone:
        if region is not None:
            stmt = stmt.where(Outlet.region == region)
        elif outlet_ids:
            stmt = stmt.where(Outlet.id.in_(outlet_ids))
        else:
            return []
    return list(db.exec(stmt))


def assign(db: Session, actor: Actor | None, case_id: int, outlet_ids: list[int], now: datetime) -> int:
    """Give the case to these outlets (again is harmless); how many outlets got it now. Their
    managers hear in the bell (and by e-mail), once per case and outlet."""
    if not may(actor, Action.EDIT_CASES):
        raise NotAllowed("edit_cases")
    case = db.get(TypicalCase, case_id)
    if case is None:
        raise LookupError(case_id)
    have = set(db.exec(select(CaseHomework.outlet_id).where(CaseHomework.case_id == case_id)))
    new = [o for o in dict.fromkeys(outlet_ids) if o not in have]
    for outlet_id in new:
        db.add(CaseHomework(case_id=case_id, outlet_id=outlet_id, assigned_by_id=actor.user_id, assigned_at=now))
    db.flush()
    _tell_managers(db, case, new, now)
    db.commit()
    return len(new)


def _tell_managers(db: Session, case: TypicalCase, outlet_ids: list[int], now: datetime) -> None:
    if not outlet_ids:
        return
    managers = select(AppUser).where(
        AppUser.active, AppUser.role.in_(roles_that(Action.ACKNOWLEDGE_HOMEWORK)), AppUser.outlet_id.in_(outlet_ids)
    )
    for person in db.exec(managers.order_by(AppUser.id)):
        subject = translate("homework.alert.subject", person.language).format(title=case.title)
        key, payload = f"homework:{case.id}:{person.outlet_id}", {"case_id": case.id, "path": HOMEWORK_PAGE}
        tell(db, person, "homework", key, subject, subject, now, payload=payload)


@dataclass(frozen=True)
class HomeworkItem:
    homework_id: int
    case_id: int
    title: str
    assigned_at: datetime
    acknowledged_at: datetime | None
    lesson: str = ""
    practice: str = ""
    root_cause_code: str | None = None
    corrective_action: str = ""


def for_manager(
    db: Session, actor: Actor | None, limit: int | None = None, offset: int = 0, open_only: bool = False
) -> list[HomeworkItem]:
    """The homework of the actor's outlet, newest first (nothing for anyone else); a page of it
    with `limit`, only what is not acknowledged yet with `open_only`."""
    if not may(actor, Action.ACKNOWLEDGE_HOMEWORK) or actor.outlet_id is None:
        return []
    stmt = (
        select(CaseHomework, TypicalCase)
        .join(TypicalCase, TypicalCase.id == CaseHomework.case_id)
        .where(CaseHomework.outlet_id == actor.outlet_id)
        .order_by(CaseHomework.assigned_at.desc(), CaseHomework.id.desc())
    )
    if open_only:
        stmt = stmt.where(CaseHomework.acknowledged_at.is_(None))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return [
        HomeworkItem(
            h.id, c.id, c.title, h.assigned_at, h.acknowledged_at, c.lesson, c.practice, c.root_cause_code, c.corrective_action
        )
        for h, c in db.exec(stmt)
    ]


def count_for_manager(db: Session, actor: Actor | None, open_only: bool = False) -> int:
    """How much homework the actor's outlet has (not yet acknowledged, with `open_only`)."""
    if not may(actor, Action.ACKNOWLEDGE_HOMEWORK) or actor.outlet_id is None:
        return 0
    stmt = select(sa.func.count()).select_from(CaseHomework).where(CaseHomework.outlet_id == actor.outlet_id)
    if open_only:
        stmt = stmt.where(CaseHomework.acknowledged_at.is_(None))
    return db.exec(stmt).one()


def acknowledge(db: Session, actor: Actor | None, homework_id: int, now: datetime) -> bool:
    """The outlet's manager acknowledges; True when this call recorded it (once only)."""
    row = db.get(CaseHomework, homework_id)
    if row is None or not may(actor, Action.ACKNOWLEDGE_HOMEWORK) or actor.outlet_id != row.outlet_id:
        raise NotAllowed("acknowledge")
    if row.acknowledged_at is not None:
        return False
    row.acknowledged_at, row.acknowledged_by_id = now, actor.user_id
    db.add(row)
    db.commit()
    return True


@dataclass(frozen=True)
class HomeworkStatus:
    outlet_code: str
    outlet_name: str
    acknowledged_at: datetime | None


def status(db: Session, actor: Actor | None, case_id: int, limit: int | None = None, offset: int = 0) -> list[HomeworkStatus]:
    """Who has acknowledged the case and who not, for those who may read cases (a page of it
    with `limit`: the acknowledged first, latest first, then the others by code)."""
    if not may(actor, Action.VIEW_CASES):
        raise NotAllowed("view_cases")
    stmt = (
        select(Outlet.code, Outlet.name, CaseHomework.acknowledged_at)
        .join(Outlet, Outlet.id == CaseHomework.outlet_id)
        .where(CaseHomework.case_id == case_id)
    )
    if limit is None:
        stmt = stmt.order_by(Outlet.code)
    else:
        acked = CaseHomework.acknowledged_at.is_(None)
        stmt = stmt.order_by(acked, CaseHomework.acknowledged_at.desc(), Outlet.code).limit(limit).offset(offset)
    return [HomeworkStatus(code, name, at) for code, name, at in db.exec(stmt)]


def status_counts(db: Session, actor: Actor | None, case_id: int) -> tuple[int, int]:
    """(outlets that acknowledged the case, outlets it was given to)."""
    if not may(actor, Action.VIEW_CASES):
        raise NotAllowed("view_cases")
    acked = sa.func.count(CaseHomework.acknowledged_at)
    row = db.exec(select(acked, sa.func.count()).select_from(CaseHomework).where(CaseHomework.case_id == case_id)).one()
    return int(row[0]), int(row[1])
