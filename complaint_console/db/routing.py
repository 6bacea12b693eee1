"""Routing table queries: the rules page, filtered and paged in SQL."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import Outlet, RoutingRule

PAGE_SIZE = 50


@dataclass(frozen=True)
class RuleRow:
    kind: str
    pattern: str
    outlet_code: str
    outlet_name: str


@dataclass(frozen=True)
class RulePage:
    rows: list[RuleRow]
    matching: int  # rules that match the filter
    total: int  # every rule in the table


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def rules_page(db: Session, text: str = "", page: int = 0, size: int = PAGE_SIZE) -> RulePage:
    """One page of rules, ordered by kind and pattern; `text` filters by outlet code or pattern."""
    stmt = select(RoutingRule.kind, RoutingRule.pattern, Outlet.code, Outlet.name).join(
        Outlet, Outlet.id == RoutingRule.outlet_id
    )
    if text := text.strip():
        like = f"%{_escaped(text.lower())}%"
        stmt = stmt.where(
            sa.or_(sa.func.lower(Outlet.code).like(like, escape="\\"), sa.func.lower(RoutingRule.pattern).like(like, escape="\\"))
        )
    matching = db.exec(select(sa.func.count()).select_from(stmt.subquery())).one()
    total = db.exec(select(sa.func.count()).select_from(RoutingRule)).one()
    rows = db.exec(stmt.order_by(RoutingRule.kind, RoutingRule.pattern).offset(page * size).limit(size)).all()
    return RulePage([RuleRow(*r) for r in rows], matching, total)
