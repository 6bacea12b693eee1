"""Real receivers for delivery tests: an SMTP server (aiosmtpd, its own loop in a thread)
that records what it accepted, and a local HTTP server that records webhook calls."""

from __future__ import annotations

import asyncio
import email
import json
import os
import socket
import subprocess
import sys
import threading
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """An aiosmtpd handler: keeps every accepted message; can refuse, or hold a chosen RCPT."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse = False
        self.rcpt_delay = 0.0  # seconds spent in every RCPT, before the message is accepted
        self.hold_at: int | None = None  # the n-th RCPT (1-based) waits until `release` is set
        self.held = threading.Event()
        self.release = threading.Event()
        self.rcpts = 0
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        self.rcpts += 1
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        if self.hold_at is not None and self.rcpts == self.hold_at:
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self._lock:
            return [m["Message-ID"] for m in self.messages]


class SmtpServer:
    def __init__(self) -> None:
        self.recorder = Recorder()
        self.port = free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.recorder.release.set()
        self.controller.stop()


class WebhookReceiver:
    """A local HTTP server; answers `status` (200 by default) and keeps (headers, raw body)."""

    def __init__(self, status: int = 200, answer: bytes = b'{"errcode":0,"errmsg":"ok"}') -> None:
        self.calls: list[tuple[dict[str, str], bytes]] = []
        self.status, self.answer = status, answer
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802  (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.calls.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(receiver.answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def json(self, index: int = -1) -> dict:
        return json.loads(self.calls[index][1])

    def __enter__(self) -> WebhookReceiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


ROOT = Path(__file__).resolve().parents[1]


def worker_process(db_url: str, smtp_url: str, once: bool = False, **env: str) -> subprocess.Popen:
    """`python -m complaint_console worker [--once]` as an operator starts it, with short leases."""
    full_env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "SMTP_URL": smtp_url,
        "SCHEDULER": "off",
        "SECRET_KEY": "worker-test",
        "JOBS_LEASE_SECONDS": "2",
        "OUTBOX_LOCK_SECONDS": "3",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "complaint_console", "worker", *(["--once"] if once else [])],
        cwd=ROOT,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
