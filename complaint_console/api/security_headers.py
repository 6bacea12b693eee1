"""Headers every answer of the app carries (pages, the frontend's files, the API): a Content
Security Policy that allows the app's own scripts, styles and WebSocket only, and refuses
framing (clickjacking); no MIME sniffing; no referrer to other sites.

A plain ASGI middleware (the WebSocket passes through untouched), outermost around the app."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def content_security_policy(public_url: str) -> str:
    """Reflex's compiled pages need inline scripts (hydration data), `eval` (how Reflex runs
    `rx.call_script` and its event chains) and inline styles (Radix, emotion); everything else
    comes from the app itself, and no other site may frame it."""
    parts = urlsplit(public_url)
    websocket = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src 'self' {websocket}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp, public_url: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", content_security_policy(public_url).encode()),
            (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.headers if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)
