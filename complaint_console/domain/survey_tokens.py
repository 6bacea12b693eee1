"""Signed, single-use survey links: `/survey/<token>` (DESIGN "Scheduled jobs", satisfaction revisit).

A token is `<survey id>.<expiry, unix seconds>.<signature>`, the signature being
HMAC-SHA256 over both numbers with SECRET_KEY (base64url, no padding). Pure functions:
the database keeps only `token_hash` (SHA-256 of the whole token), so a leaked table
gives no working link; "single use" is the survey's `answered_at`, checked by the service.

`verify` only says whether the token is genuine and what it carries; the service then
looks the hash up (unknown), checks `answered_at` (used) and the expiry (expired).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

VALID_FOR = timedelta(days=7)  # the link
SEND_AFTER = timedelta(hours=24)  # after `resolved` (seed 001: revisit within 24 h)
CLOSE_AFTER = timedelta(hours=72)  # no answer this long after sending: the ticket closes
LOW_RATING = 2  # a rating at or below this reopens the ticket
SATISFIED_RATING = 4  # a rating at or above this counts as satisfied (DESIGN satisfaction rate)
COMMENT_MAX = 1000
_CONTEXT = b"complaint-console/survey/v1"
_NUMBER = re.compile(r"[0-9]{1,12}")


class Refusal(StrEnum):
    """Why a link does not open the survey; each has its own message for the customer."""

    TAMPERED = "tampered"  # bad format or signature, wrong key, or no such survey
    EXPIRED = "expired"
    USED = "used"  # already answered


@dataclass(frozen=True)
class Claim:
    """What a genuine token carries."""

    survey_id: int
    expires_at: datetime


def _signature(survey_id: int, expires: int, key: str) -> str:
    mac = hmac.new(key.encode(), _CONTEXT + f":{survey_id}:{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def sign(survey_id: int, expires_at: datetime, key: str) -> str:
    if not key:
        raise ValueError("a survey token needs a secret key")
    expires = int(expires_at.timestamp())
    return f"{survey_id}.{expires}.{_signature(survey_id, expires, key)}"


def verify(token: str, key: str) -> Claim | None:
    """The token's claim if it was signed with `key` and not changed; None otherwise."""
    parts = (token or "").strip().split(".")
    if len(token or "") > 200 or len(parts) != 3 or not all(_NUMBER.fullmatch(p) for p in parts[:2]):
        return None
    survey_id, expires = int(parts[0]), int(parts[1])
    if not hmac.compare_digest(parts[2].encode(), _signature(survey_id, expires, key).encode()):
        return None
    try:
        expires_at = datetime.fromtimestamp(expires, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return Claim(survey_id, expires_at)


def is_expired(claim: Claim, now: datetime) -> bool:
    return now >= claim.expires_at


def token_hash(token: str) -> str:
    """What the database stores (`survey.token_hash`): SHA-256 hex of the token."""
    return hashlib.sha256(token.strip().encode()).hexdigest()


def is_low(rating: int) -> bool:
    return rating <= LOW_RATING


def is_satisfied(rating: int) -> bool:
    return rating >= SATISFIED_RATING


def rating_problem(value: object) -> str | None:
    """A message key when `value` is not a rating from 1 to 5."""
    try:
        rating = int(str(value).strip())
    except (TypeError, ValueError):
        return "survey.rating_required"
    return None if 1 <= rating <= 5 else "survey.rating_required"


def comment_problem(text: str) -> str | None:
    return "survey.comment_too_long" if len((text or "").strip()) > COMMENT_MAX else None
