"""Reads of /admin/outlets: one page of outlets (searched, filtered, paged in the database),
one outlet for its form, and the admin audit trail of an outlet or a user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import AdminAudit, AppUser, Outlet, Region

PAGE_SIZE = 50
STATUSES = ("active", "inactive", "all")


@dataclass(frozen=True)
class OutletLine:
    id: int
    code: str
    name: str
    region: str
    city: str
    business_hours: dict | None
    holiday_calendar: str | None
    authority_limit: object
    manager: str | None
    active: bool


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str | None
    action: str
    changes: dict


def like(text: str) -> str:
    """A LIKE pattern for `text` anywhere, its own % and _ taken literally."""
    return "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def outlets_page(
    db: Session, query: str = "", region: str = "", status: str = "active", page: int = 0
) -> tuple[list[OutletLine], int]:
    """Outlets by code, 50 a page, and how many match."""
    manager = sa.orm.aliased(AppUser)
    where = []
    if query.strip():
        pattern = like(query.strip())
        where.append(sa.or_(*(sa.func.lower(c).like(pattern, escape="\\") for c in (Outlet.code, Outlet.name, Outlet.city))))
    if region:
        where.append(Outlet.region == region)
    if status != "all":
        where.append(Outlet.active == (status != "inactive"))
    total = db.exec(select(sa.func.count()).select_from(Outlet).where(*where)).one()
    rows = db.exec(
        select(Outlet, manager.username)
        .outerjoin(manager, manager.id == Outlet.manager_id)
        .where(*where)
        .order_by(Outlet.code)
        .limit(PAGE_SIZE)
        .offset(page * PAGE_SIZE)
    ).all()
    lines = [
        OutletLine(o.id, o.code, o.name, o.region, o.city, o.business_hours, o.holiday_calendar, o.authority_limit, m, o.active)
        for o, m in rows
    ]
    return lines, total


def outlet_by_code(db: Session, code: str) -> tuple[Outlet, str | None] | None:
    """An outlet and its manager's username."""
    found = db.exec(
        select(Outlet, AppUser.username).outerjoin(AppUser, AppUser.id == Outlet.manager_id).where(Outlet.code == code)
    ).first()
    return (found[0], found[1]) if found else None


def user_id(db: Session, username: str) -> int | None:
    return db.exec(select(AppUser.id).where(AppUser.username == username)).first()


def region_codes(db: Session) -> list[str]:
    return list(db.exec(select(Region.code).order_by(Region.code)).all())


def audit_lines(db: Session, entity: str, entity_id: int, limit: int = 50) -> list[AuditLine]:
    """The latest changes of one outlet or user, newest first."""
    rows = db.exec(
        select(AdminAudit, AppUser.username)
        .outerjoin(AppUser, AppUser.id == AdminAudit.actor_id)
        .where(AdminAudit.entity == entity, AdminAudit.entity_id == entity_id)
        .order_by(AdminAudit.at.desc(), AdminAudit.id.desc())
        .limit(limit)
    ).all()
    return [AuditLine(a.at, username, a.action, a.changes or {}) for a, username in rows]
