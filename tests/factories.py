"""Small builders of rows for integration tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from complaint_console.db.models import Outlet, Region, Ticket
from complaint_console.domain.sla import DEFAULT_TARGETS, due_times
from complaint_console.domain.vocabulary import Role, Severity
from complaint_console.services.auth import create_user

PASSWORD = "correct horse battery"


def region(db: Session, code: str = "EAST") -> Region:
    row = Region(code=code, name=code.title(), name_zh=code)
    db.add(row)
    db.flush()
    return row


def outlet(db: Session, code: str, region_code: str = "EAST") -> Outlet:
    row = Outlet(code=code, name=f"Outlet {code}", region=region_code, city="Shanghai", authority_limit=Decimal("500"))
    db.add(row)
    db.flush()
    return row


def user(db: Session, username: str, role: Role, outlet_id: int | None = None, **extra):
    return create_user(db, username, PASSWORD, role, outlet_id=outlet_id, **extra)


def ticket(db: Session, number: str, outlet_id: int | None, phone: str = "13812345678", name: str = "王小明") -> Ticket:
    created = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    target = DEFAULT_TARGETS[Severity.GENERAL]
    response_due, resolution_due = due_times(created, target)
    row = Ticket(
        number=number,
        waybill_no="CC123456789012",
        customer_name=name,
        customer_phone=phone,
        channel="hotline",
        category="delay",
        severity="general",
        description="parcel late",
        outlet_id=outlet_id,
        created_at=created,
        response_due_at=response_due,
        resolution_due_at=resolution_due,
        response_target_minutes=target.response_minutes,
        resolution_target_minutes=target.resolution_minutes,
        updated_at=created + timedelta(minutes=1),
    )
    db.add(row)
    db.flush()
    return row
