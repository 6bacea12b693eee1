"""/auth/session: a one-time sign-in code becomes the HttpOnly session cookie; a used, expired
or made-up code sets nothing; only paths of the app are followed; sign-out clears the cookie."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from complaint_console.api import api_app
from complaint_console.api.deps import get_db
from complaint_console.db.types import utcnow
from complaint_console.services import auth
from tests import factories as f
from tests.integration.test_auth import setup_user


@pytest.fixture
def client(db):
    api_app.dependency_overrides[get_db] = lambda: db
    yield TestClient(api_app, follow_redirects=False)
    api_app.dependency_overrides.clear()


def test_a_code_becomes_an_httponly_cookie_once(db, client):
    setup_user(db)
    token = auth.login(db, "manager1", f.PASSWORD).token
    code = auth.handoff(db, token)
    answer = client.get("/auth/session", params={"code": code, "next": "/board"})
    assert answer.status_code == 303 and answer.headers["location"] == "/board"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    issued = cookie.split(";")[0].split("=", 1)[1]
    assert auth.resolve(db, issued).username == "manager1"
    assert auth.resolve(db, token) is None  # the form's token was swapped for the cookie's
    again = client.get("/auth/session", params={"code": code, "next": "/board"})
    assert again.headers["location"] == "/login" and "Max-Age=0" in again.headers["set-cookie"]


def test_an_expired_code_or_an_ended_session_gets_no_cookie(db, client):
    setup_user(db)
    start = utcnow()
    late = auth.handoff(db, auth.login(db, "manager1", f.PASSWORD, start).token, start - timedelta(minutes=2))
    assert auth.take_handoff(db, late, start) is None
    token = auth.login(db, "manager1", f.PASSWORD).token
    code = auth.handoff(db, token)
    auth.logout(db, token)
    assert client.get("/auth/session", params={"code": code}).headers["location"] == "/login"


@pytest.mark.parametrize("target", ["//evil.example/board", "https://evil.example/", "/\\evil.example", "board"])
def test_only_paths_of_the_app_are_followed(db, client, target):
    setup_user(db)
    code = auth.handoff(db, auth.login(db, "manager1", f.PASSWORD).token)
    assert client.get("/auth/session", params={"code": code, "next": target}).headers["location"] == "/"


def test_signing_out_clears_the_cookie(client):
    answer = client.get("/auth/signed-out")
    assert answer.headers["location"] == "/login" and "Max-Age=0" in answer.headers["set-cookie"]
    assert "HttpOnly" in answer.headers["set-cookie"]


def test_over_tls_the_cookie_is_secure(db, client, monkeypatch):
    from dataclasses import replace

    from complaint_console.api import session as session_route
    from complaint_console.settings import get_settings

    setup_user(db)
    code = auth.handoff(db, auth.login(db, "manager1", f.PASSWORD).token)
    served_over_tls = replace(get_settings(), public_url="https://complaints.example.com")
    monkeypatch.setattr(session_route, "get_settings", lambda: served_over_tls)
    cookie = client.get("/auth/session", params={"code": code}).headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    plain = auth.handoff(db, auth.login(db, "manager1", f.PASSWORD).token)
    monkeypatch.setattr(session_route, "get_settings", lambda: replace(served_over_tls, public_url="http://localhost:3000"))
    assert "Secure" not in client.get("/auth/session", params={"code": plain}).headers["set-cookie"]
