"""Evidence files for staff: served only to a signed-in user who may see the ticket.

Files are stored under random names outside any public folder; this route is the only way
to read them. The staff session cookie identifies the user (same-origin requests carry it);
a file of a ticket outside the user's scope answers exactly like a missing one.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlmodel import Session

from complaint_console.api.deps import get_db
from complaint_console.db.tickets import visible_attachment
from complaint_console.services import auth
from complaint_console.settings import get_settings

router = APIRouter()


@router.get("/api/evidence/{attachment_id}", include_in_schema=False)
def evidence(attachment_id: int, request: Request, db: Session = Depends(get_db)) -> Response:
    actor = auth.resolve(db, request.cookies.get(auth.SESSION_COOKIE))
    attachment = visible_attachment(db, actor, attachment_id) if actor else None
    path = get_settings().upload_dir / attachment.stored_name if attachment else None
    if path is None or not path.is_file():
        return JSONResponse({"errors": {"file": "not found"}}, status_code=404)
    return FileResponse(
        path,
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": f"inline; filename*=UTF-8''{quote(attachment.original_name)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, max-age=300",
        },
    )
