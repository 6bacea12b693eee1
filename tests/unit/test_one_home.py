"""One home per rule (#16): nothing outside domain/access.py decides by comparing roles, and no
threshold is written as a number outside domain/ (a comparison with a literal names a constant)."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "complaint_console"
ACCESS = PACKAGE / "domain" / "access.py"
ROLE_COMPARISON = re.compile(
    r"Role\.[A-Z_]+\s*(?:==|!=)"  # Role.AGENT == …
    r"|(?:==|!=)\s*Role\.[A-Z_]+"  # … != Role.HQ_ADMIN
    r"|\brole\s+(?:not\s+)?in\s+(?!\()"  # actor.role in REOPENERS (a set of roles)
    r"|Role\.[A-Z_]+(?:\.value)?\s+(?:not\s+)?in\b"  # Role.X in …
)


DOMAIN = PACKAGE / "domain"
# A comparison with a number: `rating <= 2`, `score >= 90`, `len(text) == 4`; `0.75 * allowed` is not one.
THRESHOLD = re.compile(r"(?<=[\w)\]\s])(?:<=|>=|==|!=|(?<![<>=-])<(?![<=])|(?<![-=<>])>(?![>=]))\s*(\d+(?:\.\d+)?)\b")
NOT_THRESHOLDS = {"0", "1", "60", "24", "3600", "1440", "86400", "1000"}  # empty/one, and units of time


def _code_lines(path: Path):
    for number, line in enumerate(path.read_text().splitlines(), 1):
        yield number, line.split("#", 1)[0]


def offenders() -> list[str]:
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path == ACCESS:
            continue
        for number, code in _code_lines(path):
            if ROLE_COMPARISON.search(code):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {code.strip()}")
    return found


def _thresholds(code: str) -> list[str]:
    return [value for value in THRESHOLD.findall(code) if value not in NOT_THRESHOLDS]


def threshold_literals() -> list[str]:
    found = []
    for path in PACKAGE.rglob("*.py"):
        if DOMAIN in path.parents or path.parent.name == "i18n":
            continue
        for number, code in _code_lines(path):
            if _thresholds(code):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {code.strip()}")
    return found


def test_the_pattern_finds_what_it_should():
    caught = (
        "if actor.role == Role.AGENT and x:",
        "if actor.role != Role.HQ_ADMIN:",
        "ok = actor.role in REOPENERS",
        "if role not in REOPENERS and not low:",
        ".where(AppUser.role == Role.OUTLET_MANAGER.value)",
    )
    for line in caught:
        assert ROLE_COMPARISON.search(line), line
    for line in ("if may(actor, Action.ASSIGN_TICKETS):", "AppUser.role.in_(roles_that(Action.LEAD_OUTLET))", "role=Role.AGENT,"):
        assert not ROLE_COMPARISON.search(line), line


def test_no_role_is_compared_outside_access():
    assert offenders() == []


def test_the_threshold_pattern_finds_what_it_should():
    for line in ("if rating <= 2:", "score >= 90", "if len(text) == 4 and x", "n > 50", "0 <= i <= 9", "x < 2.5"):
        assert _thresholds(line), line
    for line in ("if rating <= LOW_RATING:", "x = 0.75 * allowed", "if minutes < 60:", "n > 0", "-> list[int]:", "a >= b"):
        assert not _thresholds(line), line


def test_no_threshold_literal_outside_domain():
    assert threshold_literals() == []
