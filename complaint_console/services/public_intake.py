"""The public complaint form: a customer files a complaint with evidence, without an account.

Throttled per client; evidence is checked by content before anything is written; files are
stored under random names; if recording fails, the stored files are removed again, so a
complaint is either recorded with all its evidence or not at all.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from complaint_console.db import rate_limit
from complaint_console.db.models import Attachment, Ticket
from complaint_console.db.types import utcnow
from complaint_console.domain import evidence
from complaint_console.domain.intake import ComplaintInput
from complaint_console.services import intake
from complaint_console.settings import get_settings

SUBMISSIONS_PER_HOUR = 5


@dataclass(frozen=True)
class Filed:
    number: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    answer: str = ""  # an inquiry's instant answer


def file_complaint(
    db: Session, client: str, data: ComplaintInput, files: list[tuple[str, bytes]], now: datetime | None = None,
    upload_dir: Path | None = None,
) -> Filed:  # fmt: skip
    now = now or utcnow()
    key = f"complain:{client}"
    if rate_limit.over_limit(db, key, SUBMISSIONS_PER_HOUR, timedelta(hours=1), now):
        return Filed(errors={"*": "complain.throttled"})
    file_problems = evidence.problems(files)
    if file_problems:
        return Filed(errors={"evidence": file_problems[0]})
    folder = upload_dir or get_settings().upload_dir
    folder.mkdir(parents=True, exist_ok=True)
    stored: list[tuple[str, str, str, int, Path]] = []
    try:
        for name, content in files:
            extension, content_type = evidence.sniff(content)
            path = folder / f"{secrets.token_hex(16)}.{extension}"
            path.write_bytes(content)
            stored.append((name[:255], path.name, content_type, len(content), path))

        def attach(session: Session, ticket: Ticket) -> None:
            for original, stored_name, content_type, size, _ in stored:
                session.add(Attachment(ticket_id=ticket.id, original_name=original, stored_name=stored_name,
                                       content_type=content_type, size_bytes=size, uploaded_at=now))  # fmt: skip

        result = intake.record(db, None, data, now=now, also=attach)
        if result.number is None:
            _remove(stored)
            return Filed(errors=result.errors)
    except Exception:
        _remove(stored)
        raise
    rate_limit.hit(db, key, now)
    return Filed(number=result.number, answer=result.answer)


def _remove(stored) -> None:
    for *_, path in stored:
        path.unlink(missing_ok=True)
