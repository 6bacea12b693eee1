"""One home per rule: nothing outside domain/access.py decides by comparing roles (#16)."""

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


def offenders() -> list[str]:
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path == ACCESS:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ROLE_COMPARISON.search(line.split("#", 1)[0]):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    return found


def test_the_pattern_finds_what_it_should():
    caught = ("if actor.role == Role.AGENT and x:", "if actor.role != Role.HQ_ADMIN:", "ok = actor.role in REOPENERS",
              "if role not in REOPENERS and not low:", ".where(AppUser.role == Role.OUTLET_MANAGER.value)")  # fmt: skip
    for line in caught:
        assert ROLE_COMPARISON.search(line), line
    for line in ("if may(actor, Action.ASSIGN_TICKETS):", "AppUser.role.in_(roles_that(Action.LEAD_OUTLET))", "role=Role.AGENT,"):
        assert not ROLE_COMPARISON.search(line), line


def test_no_role_is_compared_outside_access():
    assert offenders() == []
