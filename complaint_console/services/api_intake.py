"""Complaints from the JSON API: the key's channel, the one intake path, idempotent retries.

With an `Idempotency-Key`, the key is claimed first (a row in `idempotency_record`) and the
answer is filled in and committed in the same transaction as the ticket, so a retry (even
one racing the first request) replays that answer and never makes a second ticket; the
unique (api_key_id, key) constraint decides a race. Claiming first also makes the claim,
not the ticket's savepoint, open the transaction, which keeps it atomic on SQLite (where
pysqlite starts no transaction before a SAVEPOINT, so releasing it would commit the ticket).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from complaint_console.db.models import ApiKey, IdempotencyRecord, Outlet, Ticket
from complaint_console.db.types import utcnow
from complaint_console.domain import intake as intake_rules
from complaint_console.domain.intake import ComplaintInput
from complaint_console.domain.vocabulary import Category
from complaint_console.services import intake, knowledge

IDEMPOTENCY_KEY_MAX = 200


@dataclass(frozen=True)
class Answer:
    """What to send back: a status with either a body or errors (field -> message key)."""

    status: int
    body: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    replayed: bool = False


def request_hash(fields: dict[str, Any]) -> str:
    """SHA-256 of the body as canonical JSON: key order and spacing do not matter."""
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()  # JSON may carry lone surrogates


def submit(
    db: Session, api_key: ApiKey, fields: dict[str, str], idempotency_key: str | None = None, now: datetime | None = None
) -> Answer:
    """Record a complaint sent with `api_key`; the ticket's channel is the key's channel."""
    digest = request_hash(fields)
    if idempotency_key is not None and (earlier := _stored(db, api_key.id, idempotency_key)) is not None:
        return _replay(earlier, digest)
    now = now or utcnow()
    data = ComplaintInput(
        waybill_no=fields.get("waybill_no", ""),
        customer_name=fields.get("customer_name", ""),
        customer_phone=fields.get("customer_phone", ""),
        channel=api_key.channel,
        category=fields.get("category", ""),
        description=fields.get("description", ""),
        district=fields.get("district", ""),
        customer_language=fields.get("customer_language", "zh"),
        customer_email=fields.get("customer_email", ""),
    )
    errors = intake_rules.validate(data.normalised())  # the API's schema holds the same limits (api/schemas.py)
    if errors:
        return Answer(422, errors=errors)  # refused requests are not stored: a corrected retry may reuse the key
    claim = None
    if idempotency_key is not None:
        claim = IdempotencyRecord(api_key_id=api_key.id, key=idempotency_key, request_hash=digest, status_code=0, created_at=now)
        try:
            db.add(claim)
            db.flush()  # a concurrent request with the same key waits here, then fails once the first commits
        except IntegrityError:
            db.rollback()
            if (earlier := _stored(db, api_key.id, idempotency_key)) is None:
                raise
            return _replay(earlier, digest)
    result = intake.stage(db, None, data, now=now)
    if result.ticket is None:
        db.rollback()
        return Answer(503 if "*" in result.errors else 422, errors=result.errors)
    created = _created_body(db, result.ticket)
    if claim is not None:  # the claim is answered in the ticket's transaction: a retry replays it
        claim.status_code, claim.response, claim.ticket_id = 201, dict(created), result.ticket.id
        db.add(claim)
    db.commit()
    return Answer(201, body=created)


def _stored(db: Session, api_key_id: int, key: str) -> IdempotencyRecord | None:
    return db.exec(
        select(IdempotencyRecord).where(IdempotencyRecord.api_key_id == api_key_id, IdempotencyRecord.key == key)
    ).first()


def _replay(record: IdempotencyRecord, digest: str) -> Answer:
    if record.request_hash != digest:
        return Answer(409, errors={"Idempotency-Key": "api.idempotency_conflict"})
    return Answer(record.status_code, body=dict(record.response or {}), replayed=True)


def _created_body(db: Session, ticket: Ticket) -> dict[str, Any]:
    outlet = db.get(Outlet, ticket.outlet_id) if ticket.outlet_id else None
    return {
        "number": ticket.number,
        "tracking_url": f"/track?number={ticket.number}",
        "stage": ticket.stage,
        "severity": ticket.severity,
        "outlet_code": outlet.code if outlet else None,
        "response_due_at": ticket.response_due_at.isoformat(),
        "resolution_due_at": ticket.resolution_due_at.isoformat(),
        "answer": _instant_answer(db, ticket),
    }


def _instant_answer(db: Session, ticket: Ticket) -> str | None:
    """The knowledge base's answer an inquiry got at intake (the same match intake made)."""
    if ticket.category != Category.INQUIRY:
        return None
    article = knowledge.instant_answer(db, ticket.description)
    return article.answer(ticket.customer_language) if article else None
