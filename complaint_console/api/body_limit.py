"""A cap on the size of upload requests (Reflex's `/_upload`), enforced while the body arrives:
a declared Content-Length over the cap is answered 413 at once, and a body that grows past it
is cut off, before the form parser stores any of it. The cap fits the largest upload the app
accepts: five evidence files of the public form, or one import file of an administrator."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from complaint_console.domain import evidence
from complaint_console.services import outlets, staff

UPLOAD_PATHS = ("/_upload",)
UPLOAD_LIMIT = max(evidence.MAX_FILES * evidence.MAX_BYTES, outlets.MAX_BYTES, staff.MAX_BYTES) + 1024 * 1024  # + form overhead


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int = UPLOAD_LIMIT, paths: tuple[str, ...] = UPLOAD_PATHS) -> None:
        self.app, self.limit, self.paths = app, limit, paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.paths):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await _refuse(send)
            return
        received, started, refused = 0, False, False

        async def counted() -> Message:
            """The body as it arrives; past the cap, the 413 goes out and the app sees the client leave."""
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    if not started and not refused:
                        await _refuse(send)
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is the answer
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except Exception:
            if not refused:
                raise


async def _refuse(send: Send) -> None:
    body = json.dumps({"detail": "upload too large", "limit_bytes": UPLOAD_LIMIT}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
