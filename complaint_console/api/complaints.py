"""`POST /api/v1/complaints`: thin; the use case is `services.api_intake`."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Header
from fastapi.responses import JSONResponse
from sqlmodel import Session

from complaint_console.api.deps import ApiError, current_key, get_db
from complaint_console.api.schemas import ComplaintRequest, Created, Problem
from complaint_console.db.models import ApiKey
from complaint_console.services import api_intake

router = APIRouter()

REPLAYED = {
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.",
        "schema": {"type": "string", "enum": ["true"]},
    }
}
RESPONSES = {
    201: {"description": "Recorded.", "headers": REPLAYED},
    401: {
        "model": Problem,
        "description": "No API key, or an unknown or revoked one.",
        "headers": {"WWW-Authenticate": {"description": "`Bearer`.", "schema": {"type": "string"}}},
    },
    409: {"model": Problem, "description": "The Idempotency-Key was used before with a different body."},
    422: {
        "model": Problem,
        "description": "What is wrong, by field (or header); `body` when the body is not a JSON "
        "object (malformed JSON, another content type, an array).",
    },
    503: {
        "model": Problem,
        "description": "Too many complaints at once; send the same request again.",
        "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "string"}}},
    },
}


@router.post("/complaints", status_code=201, response_model=Created, responses=RESPONSES, summary="Record a complaint")
def create_complaint(
    body: ComplaintRequest,
    key: Annotated[ApiKey, Depends(current_key)],
    db: Annotated[Session, Depends(get_db)],
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=api_intake.IDEMPOTENCY_KEY_MAX,
            description="Any unique string per complaint; a retry with the same key and body gets the first answer "
            "and never makes a second ticket.",
        ),
    ] = None,
    accept_language: Annotated[str | None, Header(description="`zh` for messages in Chinese; English otherwise.")] = None,
) -> JSONResponse:
    """Record a complaint for the API key's channel; it is routed, numbered and timed like any other."""
    answer = api_intake.submit(db, key, body.model_dump(mode="json", exclude_unset=True), idempotency_key)
    if answer.errors:
        busy = answer.status == HTTPStatus.SERVICE_UNAVAILABLE
        raise ApiError(answer.status, answer.errors, {"Retry-After": "1"} if busy else None)
    headers = {"Idempotent-Replayed": "true"} if answer.replayed else None
    return JSONResponse(answer.body, status_code=answer.status, headers=headers)
