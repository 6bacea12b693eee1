"""The public complaint form: a customer files a complaint with evidence, without an account.

Throttled per client; evidence is checked by content before anything is written; files are
stored under random names in the file store (local disk or S3); if recording fails, the stored
files are removed again, so a complaint is either recorded with all its evidence or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from complaint_console.db import rate_limit
from complaint_console.db.models import Attachment, Ticket
from complaint_console.db.types import utcnow
from complaint_console.domain import evidence
from complaint_console.domain.intake import ComplaintInput
from complaint_console.services import intake
from complaint_console.services.file_store import FileStore, file_store, new_key

SUBMISSIONS_PER_HOUR = 5


@dataclass(frozen=True)
class Filed:
    number: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    answer: str = ""  # an inquiry's instant answer


def file_complaint(
    db: Session, client: str, data: ComplaintInput, files: list[tuple[str, bytes]], now: datetime | None = None,
    store: FileStore | None = None,
) -> Filed:  # fmt: skip
    now = now or utcnow()
    key = f"complain:{client}"
    if rate_limit.over_limit(db, key, SUBMISSIONS_PER_HOUR, timedelta(hours=1), now):
        return Filed(errors={"*": "complain.throttled"})
    file_problems = evidence.problems(files)
    if file_problems:
        return Filed(errors={"evidence": file_problems[0]})
    store = store or file_store()
    stored: list[tuple[str, str, str, int]] = []
    try:
        for name, content in files:
            extension, content_type = evidence.sniff(content)
            stored_name = new_key(extension)
            store.put(stored_name, content)
            stored.append((name[:255], stored_name, content_type, len(content)))

        def attach(session: Session, ticket: Ticket) -> None:
            for original, stored_name, content_type, size in stored:
                session.add(Attachment(ticket_id=ticket.id, original_name=original, stored_name=stored_name,
                                       content_type=content_type, size_bytes=size, uploaded_at=now))  # fmt: skip

        result = intake.record(db, None, data, now=now, also=attach)
        if result.number is None:
            _remove(store, stored)
            return Filed(errors=result.errors)
    except Exception:
        _remove(store, stored)
        raise
    rate_limit.hit(db, key, now)
    return Filed(number=result.number, answer=result.answer)


def _remove(store: FileStore, stored: list[tuple[str, str, str, int]]) -> None:
    for _, stored_name, _, _ in stored:
        store.delete(stored_name)
