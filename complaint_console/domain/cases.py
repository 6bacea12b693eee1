"""Typical cases for the weekly training meeting: the teachability score and the case form.

The score is deliberately simple, so a training lead can explain every candidate:
each signal a ticket shows adds its weight, and the candidates are ranked by the sum.
`db/cases.py` turns `WEIGHTS` into one SQL `CASE` expression per signal; `score()` is the
same rule in plain Python, for tests and for anyone who wants to check a number by hand.

| signal       | weight | when                                                                   |
|--------------|-------:|------------------------------------------------------------------------|
| regulator    | 4      | the complaint came through the postal regulator (always serious)       |
| low_rating   | 3      | the customer rated the handling 1 or 2 in the satisfaction survey      |
| breached     | 3      | the first response or the resolution came after its due time          |
| over_limit   | 2      | compensation above the outlet's authority limit (HQ had to approve)   |
| escalated    | 2      | escalated beyond the outlet (region or HQ)                             |
| reopened     | 2      | reopened after it had been resolved                                    |
| repeat       | 1      | the same waybill or phone + category complained within 30 days before |

Good practice has signals too (`GOOD_WEIGHTS`), so a case worth copying is proposed as well:

| signal       | weight | when                                                                   |
|--------------|-------:|------------------------------------------------------------------------|
| praise       | 3      | a complaint turned into praise: a survey rated 4 or 5 answered after a reopen |
| fast_five    | 2      | rated 5 and resolved within half the time its policy gave it (`resolved_fast`) |

A ticket with no signal is no candidate. Ties go to the older ticket (the earlier number).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from complaint_console.domain.survey_tokens import SATISFIED_RATING

# Ordered: the badges on a candidate appear in this order (heaviest first).
WEIGHTS: dict[str, int] = {
    "regulator": 4,
    "low_rating": 3,
    "breached": 3,
    "over_limit": 2,
    "escalated": 2,
    "reopened": 2,
    "repeat": 1,
}
SIGNALS: tuple[str, ...] = tuple(WEIGHTS)  # bad practice

# Good practice, heaviest first; shown after the bad-practice signals.
GOOD_WEIGHTS: dict[str, int] = {"praise": 3, "fast_five": 2}
GOOD_SIGNALS: tuple[str, ...] = tuple(GOOD_WEIGHTS)
ALL_WEIGHTS: dict[str, int] = WEIGHTS | GOOD_WEIGHTS
ALL_SIGNALS: tuple[str, ...] = SIGNALS + GOOD_SIGNALS
ANY_GOOD = "good"  # the candidate filter's "any good-practice signal"
TOP_RATING = 5  # "a rating of 5"
PRAISE_RATING = SATISFIED_RATING  # a satisfied survey after a reopen: the complaint turned into praise
# "Fast": resolved within FAST_NUM/FAST_DEN of the time the policy gave the ticket (created -> resolution due,
# which already counts its business hours and pauses). A fraction, so SQL compares whole seconds exactly.
FAST_NUM, FAST_DEN = 1, 2
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_seconds(moment: datetime) -> int:
    """Whole seconds since 1970 (floored), as the SQL twin `db.types.epoch_seconds` counts them."""
    return (moment - _EPOCH) // timedelta(seconds=1)


def resolved_fast(created_at: datetime, resolved_at: datetime | None, resolution_due_at: datetime) -> bool:
    """Resolved within FAST_NUM/FAST_DEN of the time from creation to the resolution due time."""
    if resolved_at is None:
        return False
    took = epoch_seconds(resolved_at) - epoch_seconds(created_at)
    allowed = epoch_seconds(resolution_due_at) - epoch_seconds(created_at)
    return took * FAST_DEN <= allowed * FAST_NUM


def good_signals(
    created_at: datetime,
    resolved_at: datetime | None,
    resolution_due_at: datetime,
    surveys: Iterable[tuple[datetime | None, int | None]],
    reopened_at: Iterable[datetime],
) -> set[str]:
    """The good-practice signals of a ticket, in plain Python (`db/cases.signal_conditions` is the SQL twin).

    `surveys` are (answered_at, rating) pairs, `reopened_at` the times of its `reopened` events.
    """
    answered = [(at, r) for at, r in surveys if at is not None and r is not None]
    reopens = list(reopened_at)
    found = set()
    if any(r >= PRAISE_RATING and any(e < at for e in reopens) for at, r in answered):
        found.add("praise")
    if any(r == TOP_RATING for _, r in answered) and resolved_fast(created_at, resolved_at, resolution_due_at):
        found.add("fast_five")
    return found


def score(signals: set[str] | frozenset[str]) -> int:
    """The teachability score of a ticket that shows `signals`: the sum of their weights."""
    unknown = set(signals) - set(ALL_WEIGHTS)
    if unknown:
        raise ValueError(f"unknown signals: {sorted(unknown)}")
    return sum(ALL_WEIGHTS[s] for s in signals)


# --- the case form -------------------------------------------------------------------

PRACTICES = ("good", "bad")
MAX_WHYS = 5
MAX_TAGS = 8
MAX_TAG_LENGTH = 30
MAX_TITLE = 200
MAX_TEXT = 2000
MAX_OWNER = 100


@dataclass(frozen=True)
class WhyStep:
    why: str
    because: str


@dataclass(frozen=True)
class CaseDraft:
    """A validated case, ready to store."""

    title: str
    tags: list[str]
    practice: str
    lesson: str
    five_whys: list[WhyStep] = field(default_factory=list)
    root_cause: str = ""
    corrective_action: str = ""
    action_owner: str = ""
    action_due: date | None = None


def parse_tags(text: str) -> list[str]:
    """`"分拣, late call ,分拣"` -> `["分拣", "late call"]`: trimmed, de-duplicated, in order.

    Commas in either script (`,` `，`) and `、` separate tags; case is kept but duplicates
    are found case-insensitively."""
    seen, tags = set(), []
    for raw in re.split(r"[,，、]", text or ""):
        tag = " ".join(raw.split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


def tags_text(tags: list[str]) -> str:
    """The searchable form of a tag list: `|分拣|late call|`, lower-cased (see db/cases.py)."""
    return "|" + "|".join(t.casefold() for t in tags) + "|" if tags else ""


def _text(form: dict, name: str) -> str:
    return str(form.get(name) or "").strip()


def validate_case(form: dict, week_start: date) -> tuple[CaseDraft | None, dict[str, str]]:
    """Check the case form. Returns the draft, or None and `{field: message key}`.

    Fields: title, tags (comma-separated), practice, lesson, why_1..why_5 and
    because_1..because_5, root_cause, corrective_action, action_owner, action_due
    (YYYY-MM-DD). The 5-Why chain is optional, but once started it has no gaps, every
    why has its because, and it ends in a root cause. A bad practice needs a corrective
    action; any corrective action needs an owner and a due date no earlier than the week.
    """
    errors: dict[str, str] = {}
    title = _text(form, "title")
    if not title or len(title) > MAX_TITLE:
        errors["title"] = "cases.error.title"
    tags = parse_tags(_text(form, "tags"))
    if not tags:
        errors["tags"] = "cases.error.tags_required"
    elif len(tags) > MAX_TAGS or any(len(t) > MAX_TAG_LENGTH for t in tags):
        errors["tags"] = "cases.error.tags_too_many"
    practice = _text(form, "practice")
    if practice not in PRACTICES:
        errors["practice"] = "cases.error.practice"
    lesson = _text(form, "lesson")
    if not lesson or len(lesson) > MAX_TEXT:
        errors["lesson"] = "cases.error.lesson"

    steps: list[WhyStep] = []
    last_filled = max((i for i in range(1, MAX_WHYS + 1) if _text(form, f"why_{i}") or _text(form, f"because_{i}")), default=0)
    for i in range(1, last_filled + 1):
        why, because = _text(form, f"why_{i}"), _text(form, f"because_{i}")
        if not why:
            errors[f"why_{i}"] = "cases.error.why_missing"
        elif len(why) > MAX_TEXT:
            errors[f"why_{i}"] = "cases.error.too_long"
        if not because:
            errors[f"because_{i}"] = "cases.error.because_missing"
        elif len(because) > MAX_TEXT:
            errors[f"because_{i}"] = "cases.error.too_long"
        steps.append(WhyStep(why, because))
    root_cause = _text(form, "root_cause")
    if steps and not root_cause:
        errors["root_cause"] = "cases.error.root_cause_missing"
    elif root_cause and not steps:
        errors["root_cause"] = "cases.error.root_cause_without_why"
    elif len(root_cause) > MAX_TEXT:
        errors["root_cause"] = "cases.error.too_long"

    action, owner, due_text = _text(form, "corrective_action"), _text(form, "action_owner"), _text(form, "action_due")
    due: date | None = None
    if len(action) > MAX_TEXT:
        errors["corrective_action"] = "cases.error.too_long"
    elif practice == "bad" and not action:
        errors["corrective_action"] = "cases.error.action_required"
    if action or owner or due_text:
        if not owner or len(owner) > MAX_OWNER:
            errors["action_owner"] = "cases.error.owner"
        try:
            due = date.fromisoformat(due_text)
        except ValueError:
            errors["action_due"] = "cases.error.due"
        else:
            if due < week_start:
                errors["action_due"] = "cases.error.due_past"
        if not action and "corrective_action" not in errors:
            errors["corrective_action"] = "cases.error.action_required"
    if errors:
        return None, errors
    draft = CaseDraft(title, tags, practice, lesson, steps, root_cause, action, owner, due)
    return draft, {}


def form_of(
    title: str,
    tags: list[str],
    practice: str,
    lesson: str,
    five_whys: list[dict],
    root_cause: str,
    corrective_action: str,
    action_owner: str,
    action_due: date | None,
) -> dict[str, str]:
    """A stored case as the form's field values (the inverse of `validate_case`)."""
    form = {
        "title": title,
        "tags": ", ".join(tags),
        "practice": practice,
        "lesson": lesson,
        "root_cause": root_cause,
        "corrective_action": corrective_action,
        "action_owner": action_owner,
        "action_due": action_due.isoformat() if action_due else "",
    }
    for i in range(1, MAX_WHYS + 1):
        step = five_whys[i - 1] if i <= len(five_whys) else {}
        form[f"why_{i}"], form[f"because_{i}"] = step.get("why", ""), step.get("because", "")
    return form
