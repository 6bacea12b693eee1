"""The admin audit trail of outlets and staff accounts: who changed what, when, old -> new.

Every service that changes an outlet or a user writes one row here in the same transaction
as the change (`record`, or `rows` for bulk writes); the admin pages show them per entity.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlmodel import Session

from complaint_console.db.models import AdminAudit


def _plain(value: object) -> object:
    """A value as JSON keeps it: money as text, dicts and lists as they are."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def diff(old: dict, new: dict) -> dict[str, list]:
    """{field: [old, new]} for the fields of `new` whose value differs from `old`'s."""
    return {k: [_plain(old.get(k)), _plain(v)] for k, v in new.items() if _plain(old.get(k)) != _plain(v)}


def row(actor_id: int | None, entity: str, entity_id: int, action: str, changes: dict, at: datetime) -> dict:
    return {"at": at, "actor_id": actor_id, "entity": entity, "entity_id": entity_id, "action": action, "changes": changes}


def record(
    db: Session, actor_id: int | None, entity: str, entity_id: int, action: str, changes: dict, at: datetime
) -> AdminAudit:
    entry = AdminAudit(**row(actor_id, entity, entity_id, action, changes, at))
    db.add(entry)
    return entry
