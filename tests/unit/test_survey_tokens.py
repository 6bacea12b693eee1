"""Survey links: HMAC-signed, carrying the survey id and expiry; only their hash is stored."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from complaint_console.domain import survey_tokens as tokens
from complaint_console.domain.stages import MoveFields, TicketFacts, check_move, check_system_close
from complaint_console.domain.vocabulary import Category, Stage

KEY = "unit-test-secret"
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
EXPIRES = NOW + tokens.VALID_FOR


def test_a_signed_token_carries_the_survey_and_its_expiry():
    token = tokens.sign(42, EXPIRES, KEY)
    claim = tokens.verify(token, KEY)
    assert claim == tokens.Claim(42, EXPIRES)
    assert token.startswith("42.") and "=" not in token and "/" not in token and "+" not in token
    assert not tokens.is_expired(claim, NOW) and not tokens.is_expired(claim, EXPIRES - timedelta(seconds=1))


def test_an_expired_token_is_still_genuine_but_expired():
    claim = tokens.verify(tokens.sign(42, EXPIRES, KEY), KEY)
    assert tokens.is_expired(claim, EXPIRES) and tokens.is_expired(claim, EXPIRES + timedelta(days=1))


def _flip(text: str, index: int) -> str:
    return text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1 :]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t.replace("42.", "43.", 1),  # another survey
        lambda t: ".".join([t.split(".")[0], str(int(t.split(".")[1]) + 86400 * 30), t.split(".")[2]]),  # longer validity
        lambda t: _flip(t, len(t) - 5),  # the signature
        lambda t: t[:-1],
        lambda t: t + "x",
        lambda t: t.rsplit(".", 1)[0],
        lambda t: "",
        lambda t: "not-a-token",
        lambda t: "42.abc." + t.split(".")[2],
        lambda t: "-1." + t.split(".", 1)[1],
        lambda t: t + "." + t,
        lambda t: "４２." + t.split(".", 1)[1],  # non-ASCII digits
        lambda t: "²." + t.split(".", 1)[1],
    ],
)
def test_a_changed_token_is_refused(tamper):
    token = tokens.sign(42, EXPIRES, KEY)
    assert tokens.verify(tamper(token), KEY) is None


def test_a_token_signed_with_another_key_is_refused():
    assert tokens.verify(tokens.sign(42, EXPIRES, "another-secret"), KEY) is None
    with pytest.raises(ValueError):
        tokens.sign(42, EXPIRES, "")


def test_only_a_hash_is_stored_and_it_names_the_whole_token():
    token = tokens.sign(42, EXPIRES, KEY)
    digest = tokens.token_hash(token)
    assert len(digest) == 64 and token not in digest
    assert digest != tokens.token_hash(tokens.sign(42, EXPIRES + timedelta(seconds=1), KEY))


def test_the_signature_is_compared_in_constant_time(monkeypatch):
    calls = []
    real = tokens.hmac.compare_digest
    monkeypatch.setattr(tokens.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    tokens.verify(tokens.sign(42, EXPIRES, KEY), KEY)
    assert calls == [1]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (1, None),
        ("5", None),
        (" 3 ", None),
        ("", "survey.rating_required"),
        ("0", "survey.rating_required"),
        ("6", "survey.rating_required"),
        (None, "survey.rating_required"),
        ("2.5", "survey.rating_required"),
    ],
)
def test_rating_must_be_one_to_five(value, problem):
    assert tokens.rating_problem(value) == problem


def test_comment_is_limited():
    assert tokens.comment_problem("x" * tokens.COMMENT_MAX) is None
    assert tokens.comment_problem("x" * (tokens.COMMENT_MAX + 1)) == "survey.comment_too_long"
    assert tokens.is_low(1) and tokens.is_low(2) and not tokens.is_low(3)


def _facts(stage, low=False):
    return TicketFacts(stage, Category.DELAY, Decimal("500"), None, low)


def test_the_system_reopens_only_after_a_low_rating_and_closes_only_resolved_tickets():
    reopen = MoveFields(reason="survey rating 2/5")
    assert check_move(_facts(Stage.RESOLVED, low=True), None, Stage.INVESTIGATING, reopen) == {}
    assert check_move(_facts(Stage.RESOLVED, low=False), None, Stage.INVESTIGATING, reopen) == {"stage": "move.reopen_forbidden"}
    assert check_system_close(_facts(Stage.RESOLVED)) == {}
    assert check_system_close(_facts(Stage.INVESTIGATING)) == {"stage": "move.not_allowed"}
    assert check_system_close(_facts(Stage.CLOSED)) == {"stage": "move.not_allowed"}
    # a person closing by hand still needs a root cause
    assert check_move(_facts(Stage.RESOLVED), None, Stage.CLOSED, MoveFields()) == {"root_cause": "move.root_cause_required"}
