"""Every page passes axe-core without a critical or serious violation (issue #15, point 7), the
404 page is translated and leads back, the app serves its own favicon, and the board fits a
1440 px screen without the page scrolling sideways.

axe-core comes from the pinned PyPI package `axe-core-python` (it ships axe.min.js): nothing is
downloaded while the tests run."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from axe_core_python.base import AXE_FILE_PATH
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.conftest import insert_ticket, login, screenshot

BLOCKING = ("critical", "serious")
PUBLIC = ["/login", "/complain", "/track", "/set-password/not-a-token", "/no-such-page"]
# Each staff page, opened by a demo user whose role may open it (domain/access.py NAVIGATION).
STAFF = {
    "admin": [
        "/scores",
        "/scores/{outlet}",
        "/periods",
        "/reports",
        "/reports/{week}",
        "/approvals",
        "/inspection",
        "/tickets/{ticket}",
        "/admin",
        "/admin/sla",
        "/admin/import",
        "/admin/jobs",
        "/admin/outlets",
        "/admin/outlets/{outlet}",
        "/admin/routing",
        "/admin/root-causes",
        "/admin/scores",
        "/admin/users",
        "/admin/users/manager1",
        "/admin/volumes",
        "/admin/knowledge",
        "/board",
        "/intake",
        "/account",
    ],
    "manager1": ["/board", "/intake", "/staff", "/scores", "/tickets/{ticket}", "/homework", "/account"],
    "trainer": ["/cases", "/cases/library", "/cases/root-causes", "/cases/ticket/{ticket}", "/inspection-results", "/account"],
}


def axe_problems(page) -> list[str]:
    """The page's critical and serious axe violations, one line per element."""
    page.add_script_tag(path=str(AXE_FILE_PATH))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            why = "; ".join(check["message"] for check in node["any"] + node["all"])
            lines.append(f"{violation['impact']} {violation['id']}: {node['target']} {node['html'][:120]} -- {why}")
    return lines


def settle(page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.locator("h1, h2, h3, h4").first.wait_for(timeout=10_000)  # every page has a heading, the 404 page too
    page.wait_for_timeout(800)  # the page's loaders fill it in


def check_pages(page, paths: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        try:
            settle(page, path)
        except PlaywrightError as error:
            found[path] = [f"did not load: {error.message.splitlines()[0]}"]
            continue
        problems = axe_problems(page)
        if (mains := page.locator("main").count()) != 1:  # axe rates a missing landmark "moderate": checked here
            problems.append(f"{mains} <main> landmarks instead of one")
        if problems:
            found[path] = problems
    return found


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{path}:\n  " + "\n  ".join(lines) for path, lines in found.items())


@pytest.fixture(scope="module")
def ids(app_server) -> dict[str, str]:
    """A ticket and an outlet of the demo data, the newest weekly report when there is one, and an unread bell
    item for the trainer. No week is frozen here: a roll-up queues report mails and moves /scores to that week,
    which later tests do not expect (test_scores freezes the past weeks itself)."""
    engine = sa.create_engine(app_server.db_url)
    with engine.begin() as conn:
        ticket = conn.execute(
            sa.text("SELECT t.number FROM ticket t JOIN outlet o ON o.id = t.outlet_id WHERE o.code = 'EAST-001' LIMIT 1")
        ).scalar_one()
        week = conn.execute(sa.text("SELECT MAX(week_start) FROM weekly_report")).scalar()
        trainer = conn.execute(sa.text("SELECT id FROM app_user WHERE username = 'trainer'")).scalar_one()
        conn.execute(
            sa.text(
                "INSERT INTO notification (channel, recipient, kind, dedupe_key, status, attempts, subject, body, "
                "created_at, sent_at) VALUES ('in_app', :r, 'a11y', 'a11y-bell', 'sent', 1, 'Case pack ready', "
                "'The weekly case pack is ready.', :at, :at)"
            ),
            {"r": f"user:{trainer}", "at": datetime.now(UTC)},
        )
    engine.dispose()
    return {"ticket": ticket, "outlet": "EAST-001", "week": str(week)[:10] if week else ""}


def survey_link(app_server) -> str:
    """An unanswered survey of a resolved ticket, and its signed link (as the revisit job makes them)."""
    from complaint_console.domain import survey_tokens

    now = datetime.now(UTC).replace(microsecond=0)
    number = insert_ticket(
        app_server.db_url,
        "EAST-001",
        915_001,
        stage="resolved",
        created_at=now - timedelta(hours=30),
        first_response_at=now - timedelta(hours=29),
        resolved_at=now - timedelta(hours=25),
        resolution_summary="Parcel re-delivered.",
        responsibility="outlet",
        compensation_amount=0,
    )
    engine = sa.create_engine(app_server.db_url)
    with engine.begin() as conn:
        ticket_id = conn.execute(sa.text("SELECT id FROM ticket WHERE number = :n"), {"n": number}).scalar_one()
        survey_id = conn.execute(
            sa.text("INSERT INTO survey (ticket_id, sent_at) VALUES (:t, :at) RETURNING id"), {"t": ticket_id, "at": now}
        ).scalar_one()
        token = survey_tokens.sign(survey_id, now + survey_tokens.VALID_FOR, "e2e-secret")  # the server's key (conftest)
        conn.execute(
            sa.text("UPDATE survey SET token_hash = :h, expires_at = :e WHERE id = :i"),
            {"h": survey_tokens.token_hash(token), "e": now + survey_tokens.VALID_FOR, "i": survey_id},
        )
    engine.dispose()
    return f"/survey/{token}"


def test_public_pages_have_no_serious_axe_violation(page, app_server):
    paths = [*PUBLIC, survey_link(app_server), "/survey/1.99999999999.forged"]
    found = check_pages(page, paths)
    assert not found, "axe found critical or serious violations:\n" + report(found)


@pytest.mark.parametrize("user", sorted(STAFF))
def test_staff_pages_have_no_serious_axe_violation(page, ids, user):
    login(page, user)
    page.wait_for_url(re.compile(r"/(board|scores|cases)/?$"))
    paths = [path.format(**ids) for path in STAFF[user] if "{week}" not in path or ids["week"]]  # a report once frozen
    found = check_pages(page, paths)
    assert not found, f"axe found critical or serious violations for {user}:\n" + report(found)


NOT_FOUND = [("en-US", "Page not found", "Go to the start page"), ("zh-CN", "页面不存在", "返回首页")]


@pytest.mark.parametrize("locale,heading,back", NOT_FOUND)
def test_unknown_address_gets_a_translated_404_with_a_way_back(browser, app_server, locale, heading, back):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=app_server.url, locale=locale)
    page = context.new_page()
    page.goto("/no-such-page/at-all")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.locator("main")).to_have_count(1)
    link = page.get_by_role("link", name=back)
    expect(link).to_have_attribute("href", "/")
    screenshot(page, f"404-{locale[:2]}.png")
    link.click()
    page.wait_for_url(re.compile(r"/login/?$"))  # nobody is signed in: the start page asks them to
    context.close()


def test_the_app_serves_its_favicon(page, app_server):
    page.goto("/login")
    icons = page.locator("head link[rel='icon']")
    expect(icons.first).to_be_attached()
    for href in [icons.nth(i).get_attribute("href") for i in range(icons.count())] + ["/favicon.ico"]:
        response = page.request.get(href)
        assert response.ok, href
        assert response.headers["content-type"].startswith("image/"), (href, response.headers["content-type"])


@pytest.mark.parametrize("user", ["manager1", "admin"])
def test_the_board_fits_a_1440_screen(browser, app_server, user):
    """The page never scrolls sideways; the columns scroll inside the board when they need to."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=app_server.url, locale="en-US")
    page = context.new_page()
    login(page, user)
    page.wait_for_url(re.compile(r"/(board|scores)/?$"))
    page.goto("/board")
    expect(page.locator(".kanban-column").first).to_be_visible()
    page.wait_for_timeout(800)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways at 1440 px: {width}"
    board = page.evaluate(
        "(() => { const b = document.querySelector('.kanban');"
        " return [getComputedStyle(b).overflowX, b.getBoundingClientRect().right]; })()"
    )
    assert board[0] == "auto" and board[1] <= width[1], board
    screenshot(page, f"board-1440-{user}.png")
    context.close()
