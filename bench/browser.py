"""What users feel, in a real Chromium against production builds of the app and of a blank
Reflex app (the floor, bench/blank/), in the same run on the same machine.

Times are taken inside the page: a capturing listener notes the moment the user's input
event fires, a MutationObserver notes the first frame after the page shows the result
(`requestAnimationFrame` after the DOM change), so the driver's own round trips are not
counted. Page loads are timed from the driver (navigation until the first row is there).

The bench's own accounts and tickets are made here and removed again afterwards; the
national data is only read (and moved tickets are put back)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import AppUser, Outlet, Ticket
from complaint_console.domain.numbering import ticket_number
from complaint_console.domain.vocabulary import Role
from complaint_console.services import sla
from complaint_console.services.passwords import hash_password

ROOT = Path(__file__).resolve().parents[1]
BLANK = ROOT / "bench" / "blank"
PASSWORD = "Bench-Password-2026"
PREFIX = "bench-"  # usernames and waybills of what this module makes
MOVES = 24  # moves per phase: fewer than a column's first page (25), so every moved card stays in view
LOAD_USERS = 20
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Arms a one-shot timer in the page: resolves with the milliseconds from the next `event` of
# the user until the frame after the DOM shows `selector` (with `text`, or no longer `notText`).
ARM = """([event, selector, text, notText]) => {
  const shown = () => {
    const el = document.querySelector(selector);
    if (!el) return false;
    const content = el.textContent.trim();
    return (text === null || content === text) && (notText === null || content !== notText);
  };
  window.__bench = new Promise((resolve) => {
    let t0 = null;
    const timeout = setTimeout(() => { observer.disconnect(); resolve(null); }, 15000);
    const observer = new MutationObserver(() => {
      if (t0 !== null && shown()) {
        observer.disconnect();
        clearTimeout(timeout);
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }
    });
    document.addEventListener(event, () => { t0 = performance.now(); }, {capture: true, once: true});
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  });
}"""


def timed_in_page(page, event: str, selector: str, act, text: str | None = None, not_text: str | None = None) -> float:
    page.evaluate(ARM, [event, selector, text, not_text])
    act()
    took = page.evaluate("window.__bench")
    if took is None:
        raise RuntimeError(f"{selector!r} did not show within 15 s of the {event}")
    return float(took)


class Received:
    """Bytes of the websocket frames a page receives."""

    def __init__(self, page) -> None:
        self.total = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._add))

    def _add(self, payload) -> None:
        self.total += len(payload.encode("utf-8") if isinstance(payload, str) else payload)


# --- processes --------------------------------------------------------------------------------


def wait_for_ping(port: int, proc: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the process on port {port} ended with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered /ping on port {port} within {seconds:.0f} s")


@contextmanager
def running(command: list[str], cwd: Path, env: dict, port: int, seconds: float) -> Iterator[None]:
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_ping(port, proc, seconds)
        yield
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def blank_app(port: int):
    """The blank app, built for production and served on one port (the first build takes a minute or two)."""
    env = {**os.environ, "BLANK_PORT": str(port)}
    reflex = str(Path(sys.executable).with_name("reflex"))
    return running([reflex, "run", "--env", "prod", "--loglevel", "warning"], BLANK, env, port, 600)


def the_app(database_url: str, port: int):
    """The app over the bench database, as `make run` serves it (built once; jobs off, so only users load it)."""
    env = {**os.environ, "DATABASE_URL": database_url, "PORT": str(port), "SCHEDULER": "off"}
    env.pop("REDIS_URL", None)
    command = [sys.executable, "-m", "complaint_console"]
    subprocess.run([*command, "build"], cwd=ROOT, env=env, check=True, capture_output=True)
    return running([*command, "serve"], ROOT, env, port, 120)


# --- the bench's accounts and tickets -------------------------------------------------------------


def prepare(engine: sa.Engine) -> dict:
    """Two managers with their own outlet and MOVES investigating tickets each, an analyst, and
    LOAD_USERS managers who only browse. Returns who is who."""
    tidy(engine)
    now = datetime.now(UTC).replace(microsecond=0)
    with Session(engine) as db:
        # The movers' outlets have nothing in the two columns the moves use, so all MOVES cards are in view.
        busy = select(Ticket.outlet_id).where(Ticket.stage.in_(["investigating", "proposing"]), Ticket.outlet_id.is_not(None))
        quiet = db.exec(select(Outlet).where(Outlet.active, Outlet.id.not_in(busy)).order_by(Outlet.id).limit(2)).all()
        others = db.exec(
            select(Outlet).where(Outlet.active, Outlet.id.not_in([o.id for o in quiet])).order_by(Outlet.id).limit(LOAD_USERS)
        ).all()
        outlets = [*quiet, *others]
        secret = hash_password(PASSWORD)
        people = [(f"{PREFIX}analyst", Role.HQ_ANALYST, None)]
        people += [(f"{PREFIX}mover-{i}", Role.OUTLET_MANAGER, outlets[i].id) for i in range(2)]
        people += [(f"{PREFIX}user-{i:02d}", Role.OUTLET_MANAGER, o.id) for i, o in enumerate(outlets[2:])]
        for username, role, outlet_id in people:
            db.add(
                AppUser(
                    username=username,
                    display_name=username,
                    role=role.value,
                    outlet_id=outlet_id,
                    password_hash=secret,
                    must_change_password=False,
                    active=True,
                )
            )
        numbers: dict[str, list[str]] = {}
        sequence = db.exec(select(sa.func.max(Ticket.id))).one() or 0
        for i in range(2):
            numbers[f"{PREFIX}mover-{i}"] = []
            for j in range(MOVES):
                sequence += 1
                created = now - timedelta(minutes=MOVES - j)  # later tickets fall due later: the column's order
                ticket = Ticket(
                    number=ticket_number(now.date(), 900_000 + sequence % 99_999),
                    waybill_no=f"BENCH{sequence:010d}",
                    customer_name="测试客户",
                    customer_phone="13900000000",
                    channel="hotline",
                    category="delay",
                    severity="general",
                    description="bench ticket",
                    outlet_id=outlets[i].id,
                    stage="investigating",
                    created_at=created,
                    first_response_at=created,
                    response_due_at=created,
                    resolution_due_at=created,
                    response_target_minutes=0,
                    resolution_target_minutes=0,
                    updated_at=now,
                )
                sla.apply_due_times(db, ticket)
                db.add(ticket)
                numbers[f"{PREFIX}mover-{i}"].append(ticket.number)
        db.commit()
    return {
        "movers": numbers,
        "users": [p[0] for p in people if p[0].startswith(f"{PREFIX}user-")],
        "analyst": f"{PREFIX}analyst",
    }


def tidy(engine: sa.Engine) -> None:
    """Remove what `prepare` made (and everything that hangs on it)."""
    with engine.begin() as conn:
        tickets = "SELECT id FROM ticket WHERE waybill_no LIKE 'BENCH%'"
        users = f"SELECT id FROM app_user WHERE username LIKE '{PREFIX}%'"
        for table in sa.inspect(conn).get_table_names():
            columns = {c["name"] for c in sa.inspect(conn).get_columns(table)}
            if table != "ticket" and "ticket_id" in columns:
                conn.execute(sa.text(f"DELETE FROM {table} WHERE ticket_id IN ({tickets})"))
            if table != "app_user" and "user_id" in columns:
                conn.execute(sa.text(f"DELETE FROM {table} WHERE user_id IN ({users})"))
        conn.execute(sa.text(f"DELETE FROM ticket WHERE id IN ({tickets})"))
        conn.execute(sa.text(f"DELETE FROM app_user WHERE id IN ({users})"))


# --- the measurements ----------------------------------------------------------------------------


def _login(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(lambda url: "/login" not in url)


def _page_load(page, path: str, selector: str) -> float:
    """Milliseconds from navigating to `path` until `selector` is in the page."""
    start = time.perf_counter()
    page.goto(path)
    page.wait_for_selector(selector)
    return (time.perf_counter() - start) * 1000


def _moves(page, numbers: list[str], received: Received | None) -> tuple[list[float], list[float]]:
    """Each ticket from investigating to proposing with the card's "Move to…" menu (opened, then the
    stage clicked: timed from that click), the latest
    due first (so it lands on top of the proposing column). (milliseconds, bytes) per move."""
    times, sizes = [], []
    for number in reversed(numbers):
        card = f".kanban-card[data-number='{number}']"
        page.wait_for_selector(f".kanban-column[data-stage='investigating'] {card}")
        before = received.total if received else 0
        page.locator(f"{card} .move-menu-button").click()
        item = page.locator(f"{card} .move-menu [role='menuitem'][data-stage='proposing']")
        # Until the server's answer: the board places the card at once, but only as `.kanban-card-pending`.
        times.append(
            timed_in_page(page, "click", f".kanban-column[data-stage='proposing'] {card}", lambda item=item: item.click())
        )
        if received:
            page.wait_for_timeout(300)  # whatever else the server sends for this move
            sizes.append(float(received.total - before))
    return times, sizes


def _filter_region(page, run: int) -> float:
    """Milliseconds from choosing a region in the filter until the table shows that region's outlets
    (a new address: the view is its URL, so this is a navigation within the app)."""
    shown = page.locator(".score-row td:nth-child(4)").first.inner_text()
    page.click("#region-filter")
    regions = [r for r in page.locator("[role=option]").all_inner_texts()[1:] if r != shown]  # not "all regions"
    region = regions[run % len(regions)]  # one the first row does not show yet: its showing means the new table
    option = page.locator("[role=option]", has_text=region).first
    took = timed_in_page(page, "pointerdown", ".score-row td:nth-child(4)", lambda: option.click(), text=region)
    page.wait_for_url(lambda url: "region=" in url)
    return took


def measure(database_url: str, engine: sa.Engine, port: int, blank_port: int, runs: int) -> dict[str, list[float]]:
    """{measurement name: samples}; names match bench/run.py's TARGETS."""
    from playwright.sync_api import sync_playwright

    who = prepare(engine)
    samples: dict[str, list[float]] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            with blank_app(blank_port):
                page = browser.new_context(base_url=f"http://localhost:{blank_port}").new_page()
                loads = [_page_load(page, "/", "#increment") for _ in range(runs)]
                samples["floor: blank app page load (navigation until its button shows)"] = loads
                clicks = []
                for i in range(1, 2 * MOVES + 1):
                    clicks.append(timed_in_page(page, "click", "#count", lambda: page.click("#increment"), text=str(i)))
                samples["floor: blank app event round trip (click until the new count is drawn)"] = clicks
                page.context.close()
            with the_app(database_url, port):
                base = f"http://localhost:{port}"
                mover = browser.new_context(base_url=base, viewport={"width": 1600, "height": 1000}).new_page()
                received = Received(mover)
                _login(mover, f"{PREFIX}mover-0")
                loads = [_page_load(mover, "/board", ".kanban-card") for _ in range(runs)]
                samples["browser: board load (navigation until the first card shows)"] = loads
                times, sizes = _moves(mover, who["movers"][f"{PREFIX}mover-0"], received)
                samples["browser: move p95, alone (menu until the card is drawn in its new column)"] = times
                samples["browser: bytes received per move"] = sizes

                analyst_context = browser.new_context(base_url=base, viewport={"width": 1440, "height": 900})
                signing_in = analyst_context.new_page()
                _login(signing_in, who["analyst"])
                signing_in.close()
                to_table, sorts, pages, filters = [], [], [], []
                for _ in range(runs):
                    analyst = analyst_context.new_page()  # a new tab: no state from an earlier visit
                    to_table.append(_page_load(analyst, "/scores", ".score-row"))
                    analyst.wait_for_selector("#chart-channels .main-svg")  # sorting on a page that has settled
                    analyst.wait_for_timeout(500)
                    for _ in range(2):  # ascending, then descending
                        first = analyst.locator(".score-row .outlet-link").first.inner_text()
                        sorts.append(
                            timed_in_page(
                                analyst,
                                "click",
                                ".score-row .outlet-link",
                                lambda a=analyst: a.click("#sort-timeliness"),
                                not_text=first,
                            )
                        )
                    first = analyst.locator(".score-row .outlet-link").first.inner_text()
                    pages.append(
                        timed_in_page(
                            analyst,
                            "click",
                            ".score-row .outlet-link",
                            lambda a=analyst: a.click("#scores-pager-next"),
                            not_text=first,
                        )
                    )
                    filters.append(_filter_region(analyst, len(filters)))
                    analyst.close()
                samples["browser: /scores time to the first table row"] = to_table
                samples["browser: /scores sort (click until the re-sorted table is drawn)"] = sorts
                samples["browser: /scores next page (click until the next page is drawn)"] = pages
                samples["browser: /scores region filter (choice until the region's table is drawn)"] = filters
                analyst_context.close()

                with load(base, who["users"], who["analyst"]):
                    mover.context.close()
                    mover = browser.new_context(base_url=base, viewport={"width": 1600, "height": 1000}).new_page()
                    _login(mover, f"{PREFIX}mover-1")
                    mover.goto("/board")
                    times, _ = _moves(mover, who["movers"][f"{PREFIX}mover-1"], None)
                    samples[f"browser: move p95, under load ({LOAD_USERS} active users and an analyst reloading /scores)"] = times
            browser.close()
    finally:
        tidy(engine)
    return samples


@contextmanager
def load(base: str, users: list[str], analyst: str) -> Iterator[None]:
    """The other users, in their own process and browser (bench/load_users.py), until the block ends.

    Their browsers stand for other people's computers: they run under the idle scheduling class
    (SCHED_IDLE, `chrt -i 0`), so that drawing their pages takes only CPU time that the measured
    user's browser, the server and the database leave over (these still serve every request the
    simulated users send). Not `nice`: Chromium sets its own processes' nice values (its browser
    process to -8 when it may), undoing a nice of 19; the scheduling class is inherited and kept."""
    idle = ["chrt", "-i", "0"] if shutil.which("chrt") else ["nice", "-n", "19"]
    command = [*idle, sys.executable, str(ROOT / "bench" / "load_users.py"), base, PASSWORD, analyst, *users]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        line = proc.stdout.readline()
        if line.strip() != "ready":
            raise RuntimeError(f"the simulated users did not start: {line!r}")
        time.sleep(3)  # everyone busy
        yield
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
