"""`GET /metrics`: Prometheus text format (see observability/metrics.py). It shows counts and
timings, no personal data; the nginx site in deploy/ serves it to the local host only."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from complaint_console.db.engine import get_engine
from complaint_console.db.types import utcnow
from complaint_console.observability.metrics import exposition

router = APIRouter()


@router.get("/metrics", include_in_schema=False)
def metrics() -> Response:  # a plain def: FastAPI runs it in a worker thread, off the event loop
    body, content_type = exposition(get_engine(), utcnow)
    return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})
