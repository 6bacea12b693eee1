"""Browser tests: the production build of the real app, driven by Playwright in system Chromium.

The server gets its own SQLite database with the demo data, and is started as operators
start it: `build` (only when the frontend's sources or port changed), then `serve`. It listens
on E2E_PORT (default 3917, so that later runs reuse the build) or, when that is taken, a free port. Chromium is
Debian's (`scripts/ensure_system_packages.sh`); without it these tests skip and say why.

With E2E_REDIS=1 the server keeps Reflex's state in Redis (TEST_REDIS_URL) and runs several
backend workers, as in production. The compiled frontend carries the backend's port, so
only one server runs at a time: scripts/test.sh runs that variant as its own pytest pass.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "complaints-demo"
BOOT_TIMEOUT = 600


def _port() -> int:
    """E2E_PORT when it is free (the built frontend carries its port), else any free port."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", int(os.environ.get("E2E_PORT", "3917"))))
        except OSError:
            s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(args: list[str], env: dict) -> None:
    subprocess.run([sys.executable, "-m", "complaint_console", *args], cwd=ROOT, env=env, check=True, capture_output=True)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("chromium is not installed (scripts/ensure_system_packages.sh could not install it): browser tests skipped")
    return path


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, chromium_path):
    tmp = tmp_path_factory.mktemp("e2e")
    port = _port()
    db_url = f"sqlite:///{tmp / 'e2e.db'}"
    uploads = tmp / "uploads"
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "PORT": str(port),
        "SECRET_KEY": "e2e-secret",
        "SCHEDULER": "off",
        "UPLOAD_DIR": str(uploads),
        "ALLOWED_ORIGINS": "https://localhost",  # the nginx test's origin (test_nginx.py)
    }
    env.pop("REDIS_URL", None)
    if os.environ.get("E2E_REDIS") == "1":
        if not os.environ.get("TEST_REDIS_URL"):
            pytest.skip("E2E_REDIS=1 but TEST_REDIS_URL is not set: Redis variant skipped")
        env["REDIS_URL"] = os.environ["TEST_REDIS_URL"]
    _cli(["migrate"], env)
    _cli(["seed-demo"], env)
    log_path = tmp / "server.log"
    with open(log_path, "w") as log:
        built = subprocess.run(
            [sys.executable, "-m", "complaint_console", "build"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    if built.returncode != 0:
        pytest.fail(f"the frontend build failed:\n{log_path.read_text()[-3000:]}")
    with open(log_path, "a") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "complaint_console", "serve"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + BOOT_TIMEOUT
    while True:
        if proc.poll() is not None:
            pytest.fail(f"the app exited while starting:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"the app did not answer /ping in {BOOT_TIMEOUT}s:\n{log_path.read_text()[-3000:]}")
        time.sleep(2)
    # /ping answers before the frontend is served; wait for the login page too.
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/login", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(2)
    if os.environ.get("E2E_REDIS") == "1":
        # several workers start one by one: let each answer once before the first journey
        for _ in range(20):
            try:
                urllib.request.urlopen(f"{url}/ping", timeout=5).close()
            except OSError:
                time.sleep(1)
        time.sleep(5)
    yield SimpleNamespace(url=url, db_url=db_url, log=log_path, uploads=uploads, pid=proc.pid)
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser(chromium_path):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_server) -> Page:
    # English unless a test asks otherwise: the app follows the browser's language (public pages default to 中文).
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=app_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def login(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-submit")


def arrow_key(page: Page, key: str) -> None:
    """Press an arrow key as a hand does: held for a moment. Radix radio groups move focus in a
    timer after keydown and check the newly focused item only while the key is still down, so a
    zero-length press (keyup straight after keydown) races that timer on a busy machine."""
    page.keyboard.down(key)
    page.wait_for_timeout(120)
    page.keyboard.up(key)


def screenshot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)  # let fonts and transitions settle
    page.screenshot(path=str(SHOTS / name))


def set_outlets_active(db_url: str, codes: list[str], active: bool) -> None:
    """Put outlets back as the demo had them (tests that add or deactivate outlets tidy up, so
    the other tests still see the demo network of 60 active outlets)."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        update = sa.text("UPDATE outlet SET active = :a WHERE code IN :codes").bindparams(sa.bindparam("codes", expanding=True))
        conn.execute(update, {"a": active, "codes": codes})
    engine.dispose()


def insert_ticket(db_url: str, outlet_code: str | None, sequence: int, **fields) -> str:
    """Put a ticket straight into the app's database, with due times from the SLA service.

    `outlet_code=None` makes a ticket no routing rule matched (HQ's triage queue)."""
    from datetime import UTC, datetime, timedelta

    from sqlmodel import Session, select

    from complaint_console.db.engine import make_engine
    from complaint_console.db.models import Outlet, Ticket
    from complaint_console.domain.numbering import ticket_number
    from complaint_console.services import sla

    now = datetime.now(UTC).replace(microsecond=0)
    created = fields.pop("created_at", now - timedelta(minutes=5))
    engine = make_engine(db_url)
    with Session(engine) as db:
        outlet_id = db.exec(select(Outlet.id).where(Outlet.code == outlet_code)).one() if outlet_code else None
        values = dict(
            number=ticket_number(now.date(), sequence),
            waybill_no=f"CC77{sequence:010d}",
            customer_name="测试客户",
            customer_phone=f"1390000{sequence % 10000:04d}",
            channel="hotline",
            category="delay",
            severity="general",
            description="browser test ticket",
            outlet_id=outlet_id,
            stage="new",
            created_at=created,
            response_due_at=created,
            resolution_due_at=created,
            response_target_minutes=0,
            resolution_target_minutes=0,
            updated_at=now,
        )
        values.update(fields)
        ticket = Ticket(**values)
        sla.apply_due_times(db, ticket)
        db.add(ticket)
        db.commit()
        number = ticket.number
    engine.dispose()
    return number
