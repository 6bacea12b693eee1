"""A staff user's in-app notifications (the bell in the header).

In-app items are queued with recipient `user:<app_user.id>`; the delivery job marks them
`sent`, and from then on the bell shows them. Every query here is limited to the one user,
so nobody reads or marks another user's items whatever event they send.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import Notification, Ticket

LATEST = 20


def recipient(user_id: int) -> str:
    return f"user:{user_id}"


def _mine(user_id: int):
    n = Notification
    return sa.and_(n.channel == "in_app", n.recipient == recipient(user_id), n.status == "sent")


def unread_count(db: Session, user_id: int) -> int:
    where = sa.and_(_mine(user_id), Notification.read_at.is_(None))
    return db.exec(select(sa.func.count()).select_from(Notification).where(where)).one()


@dataclass(frozen=True)
class InboxItem:
    id: int
    at: datetime
    subject: str
    body: str
    ticket_number: str | None
    read: bool
    path: str = ""  # where the item leads in the app when it is not about a ticket (an outlet's scores)


def latest(db: Session, user_id: int, limit: int = LATEST) -> list[InboxItem]:
    n = Notification
    rows = db.exec(
        select(n.id, sa.func.coalesce(n.sent_at, n.created_at), n.subject, n.body, Ticket.number, n.read_at, n.payload)
        .outerjoin(Ticket, Ticket.id == n.ticket_id)
        .where(_mine(user_id))
        .order_by(n.id.desc())
        .limit(limit)
    ).all()
    return [
        InboxItem(i, at, subject, body, number, read_at is not None, str((payload or {}).get("path", "")))
        for i, at, subject, body, number, read_at, payload in rows
    ]


def mark_all_read(db: Session, user_id: int, now: datetime) -> int:
    done = db.execute(sa.update(Notification).where(_mine(user_id), Notification.read_at.is_(None)).values(read_at=now))
    return done.rowcount
