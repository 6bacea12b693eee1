"""`GET /health`: 200 when the app's dependencies answer, 503 (with what failed) when one does not.

For load balancers and monitoring; it reveals no data, only which dependency is down."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from complaint_console.db.engine import get_engine
from complaint_console.db.types import utcnow
from complaint_console.services import health
from complaint_console.settings import get_settings

router = APIRouter()


@router.get("/health", include_in_schema=False)
def health_check() -> JSONResponse:  # a plain def: FastAPI runs it in a worker thread, off the event loop
    settings = get_settings()
    result = health.check(get_engine(), settings.redis_url, utcnow(), jobs_required=settings.scheduler == "embedded")
    return JSONResponse(result.as_json(), status_code=200 if result.ok else 503, headers={"Cache-Control": "no-store"})
