"""#12: per-session state stays at most 64 KB on every page, as Reflex stores it in Redis.

Each page is opened in a tab of its own (a new Reflex session token, the sign-in cookie shared),
so what is stored under that token is what that one page needs. Redis variant only (E2E_REDIS=1):
that is where the state's size matters, and where it can be weighed."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from tests.e2e.conftest import login
from tests.e2e.test_live_board import STATE_BUDGET

PAGES = {
    "admin": [
        "/board",
        "/scores",
        "/scores/EAST-001",
        "/reports",
        "/admin",
        "/admin/users",
        "/admin/users/manager1",
        "/admin/outlets",
        "/admin/outlets/EAST-001",
        "/admin/sla",
        "/admin/routing",
        "/admin/scores",
        "/admin/volumes",
        "/admin/jobs",
        "/admin/import",
        "/admin/knowledge",
        "/intake",
        "/account",
        "/staff",
        "/approvals",
        "/tickets/{ticket}",
        "/reports/{week}",
    ],
    "manager1": ["/board", "/tickets/{ticket}", "/scores/EAST-001", "/approvals", "/account"],
    "trainer": ["/cases", "/cases/library", "/cases/ticket/{ticket}", "/inspection", "/inspection-results"],
}


def session_state_sizes(token: str) -> dict[str, int]:
    import redis

    client = redis.Redis.from_url(os.environ["TEST_REDIS_URL"])
    return {key.decode(): client.strlen(key) for key in client.scan_iter(f"{token}*")}


@pytest.mark.skipif(os.environ.get("E2E_REDIS") != "1", reason="weighs the state in Redis: E2E_REDIS=1 only")
def test_state_size_of_every_page_stays_under_64_kb(browser, app_server):
    engine = sa.create_engine(app_server.db_url)
    with engine.connect() as conn:
        ticket = conn.execute(
            sa.text(
                "SELECT t.number FROM ticket t JOIN outlet o ON o.id = t.outlet_id WHERE o.code = 'EAST-001' "
                "AND t.stage = 'closed' ORDER BY t.number LIMIT 1"
            )
        ).scalar_one()
        week = conn.execute(sa.text("SELECT MAX(week_start) FROM weekly_report")).scalar_one()
    weighed = []
    for username, paths in PAGES.items():
        context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=app_server.url)
        first = context.new_page()
        login(first, username)
        first.wait_for_url(lambda url: "/login" not in url)
        first.close()
        for path in paths:
            page = context.new_page()
            page.goto(path.format(ticket=ticket, week=week))
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1_000)  # what the page loads after its first paint (charts, live watches)
            token = page.evaluate("window.sessionStorage.getItem('token')")
            assert token, f"{path}: no Reflex session token in the tab"
            sizes = session_state_sizes(token)
            assert sizes, f"{path}: nothing stored in Redis for the tab's session"
            weighed.append((sum(sizes.values()), username, path, max(sizes.items(), key=lambda kv: kv[1])))
            page.close()
        context.close()
    weighed.sort(reverse=True)
    for total, username, path, (key, size) in weighed[:8]:
        print(f"{total:>7} bytes  {username:<9} {path:<28} largest part {key.split('_', 1)[-1]}: {size}")
    heaviest = weighed[0]
    assert heaviest[0] <= STATE_BUDGET, heaviest
