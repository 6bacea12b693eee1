"""Quality inspection (EMS practice): a random sample of closed tickets per region, scored
on a five-point rubric. Plain rules, no Reflex or database.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

# The rubric, in the order the form and the score page show it.
RUBRIC: tuple[str, ...] = ("reply_speed", "remedy_accuracy", "empathy", "policy_compliance", "record_completeness")
MIN_SCORE, MAX_SCORE = 1, 5
MAX_SIZE = 50  # tickets per region in one sample
COMMENT_MAX = 2000
RESULT_WEEKS = 12  # the score page averages the samples of the last 12 weeks


@dataclass(frozen=True)
class Review:
    scores: dict[str, int]  # every RUBRIC dimension, 1..5
    comment: str

    @property
    def overall(self) -> float:
        return overall(self.scores.values())


def overall(values) -> float:
    """The mean of the five ratings (every dimension weighs the same)."""
    values = list(values)
    return sum(values) / len(values)


def validate_review(form: Mapping[str, str]) -> tuple[Review | None, dict[str, str]]:
    """The review from a submitted form, or None and an error key per field."""
    errors: dict[str, str] = {}
    scores: dict[str, int] = {}
    for dim in RUBRIC:
        raw = str(form.get(dim) or "").strip()
        if not raw:
            errors[dim] = "inspection.error.rating_required"
            continue
        try:
            value = int(raw)
        except ValueError:
            errors[dim] = "inspection.error.rating_range"
            continue
        if not MIN_SCORE <= value <= MAX_SCORE:
            errors[dim] = "inspection.error.rating_range"
            continue
        scores[dim] = value
    comment = str(form.get("comment") or "").strip()
    if not comment:
        errors["comment"] = "inspection.error.comment_required"
    elif len(comment) > COMMENT_MAX:
        errors["comment"] = "inspection.error.comment_long"
    if errors:
        return None, errors
    return Review(scores, comment), {}


def validate_draw(week: date | None, size: str | int, weeks: Sequence[date]) -> tuple[int | None, dict[str, str]]:
    """The sample size per region for a draw, or None and an error key per field."""
    errors: dict[str, str] = {}
    if week is None or week not in weeks:
        errors["week"] = "inspection.error.week"
    try:
        n = int(str(size).strip())
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_SIZE:
        errors["size"] = "inspection.error.size"
    return (None, errors) if errors else (n, {})


def choose(ids: Sequence[int], n: int, seed: int | str) -> list[int]:
    """`n` of `ids` at random (all of them when there are fewer), reproducible from `seed`.

    The ids are sorted first, so the same seed over the same tickets draws the same sample
    whatever order the database returned them in.
    """
    pool = sorted(ids)
    if len(pool) <= n:
        return pool
    return sorted(random.Random(seed).sample(pool, n))
