"""The production app behind a real nginx (Debian's package) running the shipped site file
(deploy/nginx/complaint-console.conf) with only its addresses and paths replaced: a manager
signs in over TLS on port 443, the /_event WebSocket goes through nginx, a move is made, and
/metrics, scraped through nginx, counts the handler; the server's log has the event's line."""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, insert_ticket, login, screenshot

SITE = ROOT / "deploy" / "nginx" / "complaint-console.conf"
TLS_PORT = 443  # the site's own port: the compiled frontend reaches /_event on it (PUBLIC_URL unset)


def _free(port: int) -> bool:
    """Nobody listens there (connections of an earlier run in TIME_WAIT do not count)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _replace(text: str, old: str, new: str, count: int) -> str:
    """Replace exactly `count` occurrences: the test fails if the site file no longer has them."""
    assert text.count(old) == count, f"the site file should hold {old!r} {count} time(s)"
    return text.replace(old, new)


def site_for_test(app_port: int, http_port: int, tmp: Path) -> str:
    site = SITE.read_text()
    site = _replace(site, "server 127.0.0.1:3000;", f"server 127.0.0.1:{app_port};", 1)
    site = _replace(site, "listen 80;", f"listen 127.0.0.1:{http_port};", 1)
    site = _replace(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{TLS_PORT} ssl http2;", 1)
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)  # no IPv6 in every container
    site = _replace(site, "complaints.example.com;", "localhost;", 2)
    site = _replace(site, "/etc/letsencrypt/live/complaints.example.com/fullchain.pem", str(tmp / "cert.pem"), 1)
    site = _replace(site, "/etc/letsencrypt/live/complaints.example.com/privkey.pem", str(tmp / "key.pem"), 1)
    site = _replace(site, "/var/log/nginx/complaint-console.access.log", str(tmp / "access.log"), 1)
    return _replace(site, "/var/log/nginx/complaint-console.error.log", str(tmp / "error.log"), 1)


@pytest.fixture
def nginx(app_server, tmp_path):
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        pytest.skip("nginx is not installed (scripts/ensure_system_packages.sh installs it as root): proxy test skipped")
    if os.geteuid() != 0 or not _free(TLS_PORT):
        pytest.skip("port 443 cannot be bound here (not root, or taken): proxy test skipped")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(tmp_path / "key.pem"),
            "-out",
            str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    http_port = _free_port()
    app_port = int(app_server.url.rsplit(":", 1)[1])
    (tmp_path / "site.conf").write_text(site_for_test(app_port, http_port, tmp_path))
    (tmp_path / "nginx.conf").write_text(
        f"user root;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    command = [binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE, text=True)
    for _ in range(50):
        if not _free(TLS_PORT):
            break
        time.sleep(0.1)
    yield type("Nginx", (), {"url": "https://localhost", "http_port": http_port, "access_log": tmp_path / "access.log"})
    proc.terminate()
    proc.wait(timeout=10)


def _get(url: str) -> tuple[int, str, dict]:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect())
    try:
        with opener.open(url, timeout=10) as answer:
            return answer.status, answer.read().decode(), dict(answer.headers)
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read().decode(), dict(answer.headers)


def test_a_manager_signs_in_and_moves_a_ticket_through_nginx(browser, app_server, nginx):
    status, _, headers = _get(f"http://localhost:{nginx.http_port}/board")
    assert status == 301 and headers["Location"] == "https://localhost/board"
    status, body, _ = _get(f"{nginx.url}/health")
    assert status == 200 and '"status":"ok"' in body.replace(" ", "")

    number = insert_ticket(app_server.db_url, "EAST-001", 980_401, stage="investigating", first_response_at=datetime.now(UTC))
    context = browser.new_context(
        viewport={"width": 1400, "height": 900}, base_url=nginx.url, locale="en-US", ignore_https_errors=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, "manager1")
        page.wait_for_url(re.compile(r"^https://localhost/board/?$"))
        expect(page.locator("#header-role")).to_have_text("Outlet manager")
        card = page.locator(f".kanban-card[data-number='{number}']")
        card.locator(".move-menu-button").click()
        card.locator(".move-menu [role='menuitem'][data-stage='proposing']").click()
        expect(page.locator(f".kanban-column[data-stage='proposing'] .kanban-card[data-number='{number}']")).to_be_visible()
        screenshot(page, "behind-nginx.png")
    finally:
        context.close()

    websocket = [line for line in nginx.access_log.read_text().splitlines() if '"GET /_event' in line]
    assert websocket and all('" 101 ' in line for line in websocket), websocket  # upgraded through nginx

    status, metrics, _ = _get(f"{nginx.url}/metrics")
    assert status == 200
    moves = re.search(r'cc_event_handler_seconds_count\{handler="move_state.request"\} (\d+)', metrics)
    assert moves and float(moves.group(1)) >= 1, metrics[:2000]
    assert re.search(r'cc_open_tickets\{sla_state="running"\} \d+', metrics)
    log = app_server.log.read_text()
    assert re.search(r"msg=event handler=move_state\.request user_id=\d+ ms=[\d.]+ outcome=ok", log), log[-2000:]
