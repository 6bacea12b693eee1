"""Quality inspection (EMS practice): a random sample of closed tickets per outlet, scored
on a five-point rubric by one or more inspectors. Plain rules, no Reflex or database.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

# The rubric, in the order the form and the score page show it.
RUBRIC: tuple[str, ...] = ("reply_speed", "remedy_accuracy", "empathy", "policy_compliance", "record_completeness")
MIN_SCORE, MAX_SCORE = 1, 5
MAX_SIZE = 50  # tickets per outlet in one sample
DEFAULT_SIZE = 3  # the draw form's N: tickets per outlet
PER_OUTLET, PROPORTIONAL = "per_outlet", "proportional"
MODES: tuple[str, ...] = (PER_OUTLET, PROPORTIONAL)
DEFAULT_MODE = PER_OUTLET
CALIBRATION_REVIEWERS = 2  # a ticket reviewed by this many inspectors or more is compared (calibration)
AGREE_WITHIN = 1  # two inspectors agree on a dimension when their scores differ by at most this
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


def validate_draw(
    week: date | None, size: str | int, weeks: Sequence[date], mode: str = DEFAULT_MODE
) -> tuple[int | None, dict[str, str]]:
    """The sample size per outlet for a draw, or None and an error key per field."""
    errors: dict[str, str] = {}
    if mode not in MODES:
        errors["mode"] = "inspection.error.mode"
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


def targets(mode: str, size: int, closed: Mapping[int, int]) -> dict[int, int]:
    """How many tickets the sample should hold per outlet, given each outlet's closed count.

    `per_outlet`: `size` from every outlet (all of them when it closed fewer).
    `proportional`: `size` per outlet on average, shared by closed volume: an outlet that
    closed `c` of the week's `total` gets round(size × outlets × c / total), at least 1,
    never more than it closed. Outlets that closed nothing get nothing.
    """
    busy = {o: c for o, c in closed.items() if c > 0}
    if mode == PROPORTIONAL:
        total = sum(busy.values())
        share = {o: max(1, math.floor(size * len(busy) * c / total + 0.5)) for o, c in busy.items()} if total else {}
    else:
        share = dict.fromkeys(busy, size)
    return {o: min(n, busy[o]) for o, n in share.items()}


def top_up(target: int, sampled: Sequence[int], closed_ids: Sequence[int], seed: int | str) -> list[int]:
    """The tickets to add so an outlet's sample reaches `target`: drawn from its closed tickets
    not sampled yet (never a duplicate), none when it already holds enough."""
    taken = set(sampled)
    missing = target - len(taken)
    return choose([i for i in closed_ids if i not in taken], missing, seed) if missing > 0 else []


@dataclass(frozen=True)
class Agreement:
    """How two (or more) inspectors of the same tickets agree, per dimension and overall.

    Every pair of reviews of one ticket counts once per dimension: `pairs` such pairs,
    `agreed` of them within AGREE_WITHIN points, `mean_diff` their mean absolute difference.
    """

    pairs: dict[str, int]
    agreed: dict[str, int]
    mean_diff: dict[str, float | None]

    def rate(self, dim: str | None = None) -> float | None:
        """The share of agreeing pairs for one dimension, or over all dimensions (None)."""
        dims = RUBRIC if dim is None else (dim,)
        pairs = sum(self.pairs[d] for d in dims)
        return sum(self.agreed[d] for d in dims) / pairs if pairs else None


def agreement(reviews_per_ticket: Iterable[Sequence[Mapping[str, int]]]) -> Agreement:
    """The agreement over tickets, each given as the score dicts of its reviews."""
    pairs = dict.fromkeys(RUBRIC, 0)
    agreed = dict.fromkeys(RUBRIC, 0)
    diffs = dict.fromkeys(RUBRIC, 0)
    for reviews in reviews_per_ticket:
        for i, a in enumerate(reviews):
            for b in reviews[i + 1 :]:
                for d in RUBRIC:
                    diff = abs(a[d] - b[d])
                    pairs[d] += 1
                    agreed[d] += diff <= AGREE_WITHIN
                    diffs[d] += diff
    return Agreement(pairs, agreed, {d: diffs[d] / pairs[d] if pairs[d] else None for d in RUBRIC})
