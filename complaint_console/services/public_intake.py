"""The public complaint form: a customer files a complaint with evidence, without an account.

Throttled per client (generously), per phone number and per waybill (domain/public_limits.py);
evidence is checked by size before it is read and by content before anything is written; files are
stored under random names in the file store (local disk or S3); if recording fails, the stored
files are removed again, so a complaint is either recorded with all its evidence or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from complaint_console.db import rate_limit
from complaint_console.db.models import Attachment
from complaint_console.db.types import utcnow
from complaint_console.domain import evidence, public_limits
from complaint_console.domain.intake import ComplaintInput
from complaint_console.services import intake
from complaint_console.services.file_store import FileStore, file_store, new_key
from complaint_console.settings import get_settings


@dataclass(frozen=True)
class Filed:
    number: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    answer: str = ""  # an inquiry's instant answer


def file_complaint(
    db: Session,
    client: str,
    data: ComplaintInput,
    files: list[tuple[str, bytes]],
    now: datetime | None = None,
    store: FileStore | None = None,
) -> Filed:
    now = now or utcnow()
    limits = get_settings().public_limits
    windows = public_limits.complaint_windows(limits, client, data.customer_phone, data.waybill_no)
    if any(rate_limit.over_limit(db, w.key, w.limit, w.length, now) for w in windows):
        return Filed(errors={"*": "complain.throttled"})
    file_problems = evidence.problems(files)
    if file_problems:
        return refuse_upload(db, client, file_problems[0], now)
    store = store or file_store()
    stored: list[tuple[str, str, str, int]] = []
    try:
        for name, content in files:
            extension, content_type = evidence.sniff(content)
            stored_name = new_key(extension)
            store.put(stored_name, content)
            stored.append((name[:255], stored_name, content_type, len(content)))
        result = intake.stage(db, None, data, now=now)
        if result.ticket is None:
            _remove(store, stored)
            return Filed(errors=result.errors)
        for original, stored_name, content_type, size in stored:  # the evidence, in the ticket's transaction
            db.add(
                Attachment(
                    ticket_id=result.ticket.id,
                    original_name=original,
                    stored_name=stored_name,
                    content_type=content_type,
                    size_bytes=size,
                    uploaded_at=now,
                )
            )
        db.commit()
    except Exception:
        _remove(store, stored)
        raise
    for window in windows:
        rate_limit.hit(db, window.key, now)
    return Filed(number=result.number, answer=result.answer)


def upload_refused_too_often(db: Session, client: str, now: datetime | None = None) -> bool:
    """Whether this client's refused uploads have reached their limit (checked before any file is read)."""
    window = public_limits.refused_upload_window(get_settings().public_limits, client)
    return rate_limit.over_limit(db, window.key, window.limit, window.length, now or utcnow())


def refuse_upload(db: Session, client: str, problem: str, now: datetime | None = None) -> Filed:
    """Count a refused upload against the client, and say what was wrong."""
    window = public_limits.refused_upload_window(get_settings().public_limits, client)
    rate_limit.hit(db, window.key, now or utcnow())
    return Filed(errors={"evidence": problem})


def _remove(store: FileStore, stored: list[tuple[str, str, str, int]]) -> None:
    for _, stored_name, _, _ in stored:
        store.delete(stored_name)
