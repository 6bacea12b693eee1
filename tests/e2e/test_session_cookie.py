"""The session cookie as the browser holds it: set by the server, HttpOnly and SameSite=Strict,
out of page script's reach and never in what the websocket sends; cleared at sign-out. Every
answer carries the CSP and anti-framing headers, no page breaks them, and another origin gets
no CORS grant."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login


def test_the_session_cookie_is_the_servers_and_never_reaches_page_script_or_state(browser, app_server):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=app_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    frames, violations = [], []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    try:
        login(page, "manager1")
        page.wait_for_url(re.compile(r"/board/?$"))
        expect(page.locator(".kanban-column").first).to_be_visible()
        session = [c for c in context.cookies() if c["name"] == "cc_session"]
        assert len(session) == 1 and session[0]["value"]
        assert session[0]["httpOnly"] and session[0]["sameSite"] == "Strict" and session[0]["path"] == "/"
        assert "cc_session" not in page.evaluate("document.cookie")
        page.goto("/scores/EAST-001")
        expect(page.locator("#header-role")).to_have_text("Outlet manager")
        page.goto("/account")
        expect(page.locator("#header-role")).to_have_text("Outlet manager")
        assert frames and not [f for f in frames if session[0]["value"] in f], "the token went out over the websocket"
        assert violations == []

        answer = page.request.get("/login")
        csp = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
        assert answer.headers["x-frame-options"] == "DENY" and answer.headers["x-content-type-options"] == "nosniff"
        foreign = page.request.get("/api/v1/openapi.json", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in foreign.headers
        own = page.request.get("/api/v1/openapi.json", headers={"Origin": app_server.url})
        assert own.headers.get("access-control-allow-origin") == app_server.url

        page.click("#sign-out")
        page.wait_for_url(re.compile(r"/login/?$"))
        assert not [c for c in context.cookies() if c["name"] == "cc_session"]
        page.goto("/board")
        page.wait_for_url(re.compile(r"/login/?$"))  # signed out for real: the board sends back to sign-in
    finally:
        context.close()


def test_a_used_or_made_up_sign_in_code_sets_no_cookie(page, app_server):
    answer = page.request.get("/auth/session?code=made-up&next=/board", max_redirects=0)
    assert answer.status == 303 and answer.headers["location"] == "/login"
    assert "Max-Age=0" in answer.headers["set-cookie"]
    outside = page.request.get("/auth/session?code=made-up&next=//evil.example/", max_redirects=0)
    assert outside.headers["location"] == "/login"
