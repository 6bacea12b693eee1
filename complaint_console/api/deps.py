"""Dependencies of the API routes: the database session, the caller's API key, the language."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from complaint_console.db.engine import get_engine
from complaint_console.db.models import ApiKey
from complaint_console.i18n.catalogue import preferred_language
from complaint_console.services import api_keys

bearer = HTTPBearer(auto_error=False, scheme_name="ApiKey", description="The channel's API key: `Authorization: Bearer <key>`.")


class ApiError(Exception):
    """An answer other than success; `errors` holds message keys by field or header."""

    def __init__(self, status: int, errors: dict[str, str], headers: dict[str, str] | None = None) -> None:
        super().__init__(status, errors)
        self.status, self.errors, self.headers = status, errors, headers


def get_db() -> Iterator[Session]:
    """One session per request (tests override this dependency with their own engine)."""
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


def current_key(credentials: HTTPAuthorizationCredentials | None = Depends(bearer), db: Session = Depends(get_db)) -> ApiKey:
    """The caller's API key; 401 when it is missing, unknown or revoked."""
    key = api_keys.authenticate(db, credentials.credentials if credentials else None)
    if key is None:
        raise ApiError(401, {"Authorization": "api.unauthorized"}, {"WWW-Authenticate": "Bearer"})
    return key


def language(accept_language: str | None) -> str:
    """`zh` when the client prefers Chinese over English, else `en` (the API's default)."""
    return preferred_language(accept_language, "en")
