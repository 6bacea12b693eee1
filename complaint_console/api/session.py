"""The session cookie, set and cleared by the server: HttpOnly (no page script reads it),
SameSite=Strict, Secure when the app is served over TLS (PUBLIC_URL starts with https).

Signing in happens in the Reflex form; it ends with the browser sent to `/auth/session` with
a one-time code, which this route exchanges for the cookie before it sends the browser on.
The token never travels through Reflex state, so it is in no state delta either.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from complaint_console.api.deps import get_db
from complaint_console.services import auth
from complaint_console.settings import get_settings

router = APIRouter()


def _local(path: str) -> str:
    """Only a path of this app: never another site ("//evil.example", "https://…")."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"


def _set(response: RedirectResponse, token: str, max_age: int | None = None) -> RedirectResponse:
    secure = get_settings().public_url.startswith("https://")
    response.set_cookie(auth.SESSION_COOKIE, token, max_age=max_age, path="/", httponly=True, secure=secure, samesite="strict")
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/auth/session", include_in_schema=False)
def take_session(code: str = "", next: str = "/", db: Session = Depends(get_db)) -> RedirectResponse:  # noqa: A002
    token = auth.take_handoff(db, code)
    if token is None:
        return _set(RedirectResponse("/login", status_code=303), "", max_age=0)
    return _set(RedirectResponse(_local(next), status_code=303), token)


@router.get("/auth/signed-out", include_in_schema=False)
def signed_out() -> RedirectResponse:
    """After the session ended on the server (sign-out): the cookie goes too."""
    return _set(RedirectResponse("/login", status_code=303), "", max_age=0)
