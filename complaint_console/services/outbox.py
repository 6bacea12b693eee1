"""Delivering the notification outbox: claim, send, record (DESIGN "Scheduled jobs").

An item's life: `pending` → `sending` (claimed) → `sent` | `failed` (retried after a
back-off) → … → `dead` after the 8th failed attempt. (`recorded`: SMS of older builds, which
had no provider.)

- **Claim before sending.** One conditional UPDATE per item (status still due, lock free)
  sets `sending`, `locked_until = now + OUTBOX_LOCK_SECONDS` and `attempts + 1`, and is
  committed before anything is sent. Its rowcount says whether this worker won the item,
  so two workers never send the same item.
- **Record after sending.** `sent` / `failed` / `dead` is written only while the claim is
  still this worker's (same `attempts`, still `sending`).
- **A worker that dies** between the claim and the record leaves the item in `sending`;
  once `locked_until` passes, the item is due again. So a crash costs at most one repeated
  attempt of the one item that was in flight, and never loses one. E-mails keep the same
  Message-ID on every attempt (`channels.message_id`), so a receiver can drop such a repeat.
- **Back-off:** 1 min × 2^(attempts − 1), at most 1 h: 1, 2, 4, 8, 16, 32, 60 min; the 8th
  failure makes the item `dead`. A missing SMTP_URL or WEBHOOK_URL is a failure like any
  other, so such items show up on /admin/jobs instead of waiting unseen.
- **Held:** a channel that cannot send yet (no SMS provider, no template for the notice)
  puts the item back to `pending` with the reason in `last_error`, its attempt not counted,
  looked at again every HOLD; so configuring the provider later delivers it: nothing lost.
- **Refused** for good (the SMS provider refuses the number or template): `dead` at once,
  with the provider's code and message; retrying the same request cannot succeed.
- **Retry** (hq_admin on /admin/jobs): a failed or dead item goes back to `pending`, due now,
  with its attempts reset to 0 (a fresh round of 8); `last_error` stays until the next attempt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import AppUser, Notification, Ticket
from complaint_console.db.types import utcnow
from complaint_console.observability.logs import fields
from complaint_console.services import report_mail
from complaint_console.services.channels import SENDERS, DeliveryError, DeliveryHeld, DeliveryRefused, Item
from complaint_console.settings import get_settings

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
HOLD = timedelta(minutes=5)
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)
BATCH = 50
MAX_BATCHES = 20  # one run delivers at most 1,000 items; the next run goes on
STATUSES = ("pending", "sending", "sent", "recorded", "failed", "dead")
PROBLEM_STATUSES = ("failed", "dead")
PAGE_SIZE = 50


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt."""
    return min(BACKOFF_BASE * (2 ** max(0, attempts - 1)), BACKOFF_CAP)


def _lock() -> timedelta:
    return timedelta(seconds=get_settings().outbox_lock_seconds)


def _due(now: datetime):
    """Waiting and due, or claimed by a worker whose lock has run out."""
    n = Notification
    return sa.or_(
        sa.and_(n.status.in_(("pending", "failed")), sa.or_(n.next_attempt_at.is_(None), n.next_attempt_at <= now)),
        sa.and_(n.status == "sending", sa.or_(n.locked_until.is_(None), n.locked_until < now)),
    )


def due_ids(db: Session, now: datetime, limit: int = BATCH) -> list[int]:
    n = Notification
    order = (sa.func.coalesce(n.next_attempt_at, n.created_at), n.id)
    return list(db.exec(select(n.id).where(_due(now)).order_by(*order).limit(limit)).all())


def claim(engine: sa.Engine, item_id: int, now: datetime) -> tuple[Item, int] | None:
    """Take one item for this worker, committed before anything is sent: the item and its
    attempt number (the claim's token); None when another worker took it or it is not due."""
    n = Notification
    with Session(engine) as db:
        won = db.execute(
            sa.update(n)
            .where(n.id == item_id, _due(now))
            .values(status="sending", locked_until=now + _lock(), attempts=n.attempts + 1)
        )
        if won.rowcount != 1:
            db.rollback()
            return None
        row = db.get(n, item_id)
        claimed = _item(db, row), row.attempts
        db.commit()
    return claimed


def _item(db: Session, row: Notification) -> Item:
    payload = dict(row.payload or {})
    number = None
    if row.ticket_id is not None:
        number = db.exec(select(Ticket.number).where(Ticket.id == row.ticket_id)).first()
    language = payload.get("language")
    if not language and row.channel == "email":
        language = db.exec(select(AppUser.language).where(AppUser.email == row.recipient)).first()
    if not language and row.recipient.startswith("user:") and row.recipient[5:].isdigit():
        language = db.exec(select(AppUser.language).where(AppUser.id == int(row.recipient[5:]))).first()
    return Item(
        id=row.id,
        channel=row.channel,
        recipient=row.recipient,
        kind=row.kind,
        dedupe_key=row.dedupe_key,
        subject=row.subject,
        body=row.body,
        payload=payload,
        created_at=row.created_at,
        ticket_number=number or payload.get("number"),
        language=language or "en",
    )


def _record(engine: sa.Engine, item_id: int, attempts: int, values: dict) -> bool:
    """Write the outcome only while the claim is still ours (status and attempts unchanged)."""
    n = Notification
    with Session(engine) as db:
        done = db.execute(sa.update(n).where(n.id == item_id, n.status == "sending", n.attempts == attempts).values(**values))
        db.commit()
        return done.rowcount == 1


def deliver_one(engine: sa.Engine, item_id: int, now: datetime) -> str | None:
    """Claim, send and record one item; the status it ended in, or None when not claimed."""
    claimed = claim(engine, item_id, now)
    if claimed is None:
        return None
    item, attempts = claimed
    status, error = _send(engine, item, attempts, now)
    what = {"notification": item.id, "channel": item.channel, "kind": item.kind, "ticket": item.ticket_number}
    log.log(
        logging.WARNING if error else logging.INFO,
        "notification",
        extra=fields(**what, attempt=attempts, status=status, error=error),
    )
    return status


def _send(engine: sa.Engine, item: Item, attempts: int, now: datetime) -> tuple[str, str | None]:
    """Send one claimed item and record the outcome: the status it ended in, and why it was not sent."""
    item_id = item.id
    sender = SENDERS.get(item.channel)
    try:
        if sender is None:
            raise DeliveryError(f"unknown channel {item.channel!r}")
        if item.channel == "email" and item.payload.get("attachment") is not None:
            item = replace(item, files=(report_mail.attachment(engine, item.payload["attachment"], item.language, now),))
        status = sender(item, now)
    except DeliveryHeld as exc:
        values = {
            "status": "pending",
            "attempts": attempts - 1,
            "locked_until": None,
            "next_attempt_at": max(now, utcnow()) + HOLD,
            "last_error": str(exc)[:2000],
        }
        _record(engine, item_id, attempts, values)
        return "held", values["last_error"]
    except DeliveryRefused as exc:
        values = {"status": "dead", "locked_until": None, "next_attempt_at": None, "last_error": str(exc)[:2000]}
        _record(engine, item_id, attempts, values)
        return "dead", values["last_error"]
    except DeliveryError as exc:
        error = str(exc)[:2000]
    except Exception as exc:  # noqa: BLE001  (a bug in one channel must not stop the batch)
        log.exception("delivering notification %s failed", item_id)
        error = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        done = max(now, utcnow())
        _record(engine, item_id, attempts, {"status": status, "sent_at": done, "locked_until": None, "last_error": None})
        return status, None
    done = max(now, utcnow())
    if attempts >= MAX_ATTEMPTS:
        values = {"status": "dead", "locked_until": None, "next_attempt_at": None, "last_error": error}
    else:
        values = {"status": "failed", "locked_until": None, "next_attempt_at": done + backoff(attempts), "last_error": error}
    _record(engine, item_id, attempts, values)
    return values["status"], error


def _bury_crash_loops(engine: sa.Engine, now: datetime) -> int:
    """An item whose lock ran out after its 8th attempt took a worker down each time: dead."""
    n = Notification
    with Session(engine) as db:
        buried = db.execute(
            sa.update(n)
            .where(n.status == "sending", n.locked_until < now, n.attempts >= MAX_ATTEMPTS)
            .values(status="dead", locked_until=None, last_error="the worker stopped during every attempt")
        )
        db.commit()
        return buried.rowcount


def deliver_due(engine: sa.Engine, now: datetime | None = None, batch: int = BATCH) -> dict[str, int]:
    """Deliver what is due, `batch` items at a time; counts of what became of them."""
    counts = {"sent": 0, "held": 0, "failed": 0, "dead": 0}
    start = now or utcnow()
    counts["dead"] += _bury_crash_loops(engine, start)
    for _ in range(MAX_BATCHES):
        with Session(engine) as db:
            ids = due_ids(db, max(start, utcnow()), batch)
        if not ids:
            break
        for item_id in ids:
            status = deliver_one(engine, item_id, max(start, utcnow()))
            if status in counts:
                counts[status] += 1
    if counts["failed"] or counts["dead"]:
        log.warning("outbox: %(failed)s attempts failed, %(dead)s items dead (see /admin/jobs)", counts)
    return counts


# -- hq_admin: the outbox on /admin/jobs --------------------------------------------------


def status_counts(db: Session) -> dict[str, int]:
    rows = db.exec(select(Notification.status, sa.func.count()).group_by(Notification.status)).all()
    found = dict(rows)
    return {status: found.get(status, 0) for status in (*STATUSES, *sorted(set(found) - set(STATUSES)))}


@dataclass(frozen=True)
class ProblemPage:
    rows: list[Notification]
    total: int


def problem_items(db: Session, page: int, size: int = PAGE_SIZE) -> ProblemPage:
    """Failed and dead items, dead first, newest failure first, one page from SQL."""
    n = Notification
    where = n.status.in_(PROBLEM_STATUSES)
    total = db.exec(select(sa.func.count()).select_from(n).where(where)).one()
    order = (sa.case((n.status == "dead", 0), else_=1), n.id.desc())
    rows = db.exec(select(n).where(where).order_by(*order).offset(page * size).limit(size)).all()
    return ProblemPage(list(rows), total)


def retry(db: Session, item_id: int, now: datetime) -> bool:
    """A failed or dead item back to pending, due now, with a fresh round of attempts."""
    n = Notification
    done = db.execute(
        sa.update(n)
        .where(n.id == item_id, n.status.in_(PROBLEM_STATUSES))
        .values(status="pending", next_attempt_at=now, attempts=0, locked_until=None)
    )
    return done.rowcount == 1
