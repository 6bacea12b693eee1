"""Evidence files for staff: served only to a signed-in user who may see the ticket.

Files are stored under random names in the file store (local disk or S3), outside any public
folder; this route is the only way to read them, and it streams them from the store. The staff
session cookie identifies the user (same-origin requests carry it); a file of a ticket outside
the user's scope answers exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlmodel import Session

from complaint_console.api.deps import get_db
from complaint_console.db.tickets import visible_attachment
from complaint_console.services import auth
from complaint_console.services.file_store import file_store

router = APIRouter()
CHUNK_BYTES = 64 * 1024


@router.get("/api/evidence/{attachment_id}", include_in_schema=False)
def evidence(attachment_id: int, request: Request, db: Session = Depends(get_db)) -> Response:
    actor = auth.resolve(db, request.cookies.get(auth.SESSION_COOKIE))
    attachment = visible_attachment(db, actor, attachment_id) if actor else None
    try:
        file = file_store().open(attachment.stored_name) if attachment else None
    except FileNotFoundError:
        file = None
    if file is None:
        return JSONResponse({"errors": {"file": "not found"}}, status_code=404)
    return StreamingResponse(  # a sync iterator: Starlette reads it in a worker thread
        _chunks(file),
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": f"inline; filename*=UTF-8''{quote(attachment.original_name)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, max-age=300",
        },
    )


def _chunks(file: BinaryIO) -> Iterator[bytes]:
    with file:
        while chunk := file.read(CHUNK_BYTES):
            yield chunk
