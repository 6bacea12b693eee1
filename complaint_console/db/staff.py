"""Reads of the staff pages: accounts searched, filtered and paged in the database (HQ's
/admin/users, an outlet manager's /staff), and one account for its form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import AppUser, Outlet
from complaint_console.db.outlets import PAGE_SIZE, like


@dataclass(frozen=True)
class UserLine:
    id: int
    username: str
    display_name: str
    role: str
    outlet_code: str | None
    email: str | None
    phone: str | None
    active: bool
    locked_until: datetime | None
    must_change_password: bool


def users_page(
    db: Session, query: str = "", role: str = "", status: str = "active", page: int = 0, outlet_id: int | None = None
) -> tuple[list[UserLine], int]:
    """Accounts by username, 50 a page, and how many match; `outlet_id` limits them to one outlet."""
    where = []
    if query.strip():
        pattern = like(query.strip())
        columns = (AppUser.username, AppUser.display_name, AppUser.email, Outlet.code)
        where.append(sa.or_(*(sa.func.lower(sa.func.coalesce(c, "")).like(pattern, escape="\\") for c in columns)))
    if role:
        where.append(AppUser.role == role)
    if status != "all":
        where.append(AppUser.active == (status != "inactive"))
    if outlet_id is not None:
        where.append(AppUser.outlet_id == outlet_id)
    joined = select(sa.func.count()).select_from(AppUser).outerjoin(Outlet, Outlet.id == AppUser.outlet_id)
    total = db.exec(joined.where(*where)).one()
    rows = db.exec(
        select(AppUser, Outlet.code)
        .outerjoin(Outlet, Outlet.id == AppUser.outlet_id)
        .where(*where)
        .order_by(AppUser.username)
        .limit(PAGE_SIZE)
        .offset(page * PAGE_SIZE)
    ).all()
    lines = [
        UserLine(
            u.id, u.username, u.display_name, u.role, code, u.email, u.phone, u.active, u.locked_until, u.must_change_password
        )
        for u, code in rows
    ]
    return lines, total


def user_by_username(db: Session, username: str) -> tuple[AppUser, str | None] | None:
    found = db.exec(
        select(AppUser, Outlet.code).outerjoin(Outlet, Outlet.id == AppUser.outlet_id).where(AppUser.username == username)
    ).first()
    return (found[0], found[1]) if found else None
