"""Outlet scores (DESIGN "Outlet scores"): rates, weighted score, tier and rank, in plain Python.

The weekly roll-up and the scores view both use this module, so a frozen week and a
live one are computed the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

SCORE_BANDS, BAND_WIDTH = 10, 10  # the score distribution: ten bands of 10 points
MIN_SAMPLE = 5  # a cohort under this is shown, marked "insufficient sample", and not ranked
DEFAULT_TIERS = {"A": 90.0, "B": 80.0, "C": 60.0}  # the lowest score of each tier; below C is D
DEFAULT_WEIGHTS = {"resolution": 0.4, "satisfaction": 0.3, "timeliness": 0.3}
WARNING_WEEKS = 8  # early warning looks at the outlet's own previous 8 weeks
WARNING_MIN_HISTORY = 4  # fewer previous weeks than this: too little to judge, never flagged
WARNING_SIGMAS = 2.0


def is_timely(
    first_response_at: datetime | None,
    response_due_at: datetime,
    resolved_at: datetime | None,
    resolution_due_at: datetime,
    week_end: datetime,
) -> bool:
    """DESIGN timeliness of one cohort ticket: resolved before the week's end, with its first
    response and its resolution each by their due times (SQL twin: `db.predicates.timely`)."""
    return (
        resolved_at is not None
        and resolved_at < week_end
        and first_response_at is not None
        and first_response_at <= response_due_at
        and resolved_at <= resolution_due_at
    )


@dataclass(frozen=True)
class OutletWeek:
    """The counts of one outlet for one week (from the database)."""

    outlet_id: int
    cohort_size: int = 0
    resolved_count: int = 0
    timely_count: int = 0
    survey_count: int = 0
    satisfied_count: int = 0
    received_count: int = 0
    repeat_count: int = 0
    escalated_count: int = 0  # shown, not scored: tickets escalated during the week
    compensated_count: int = 0  # shown, not scored: tickets resolved in the week with compensation
    compensation_total: Decimal = Decimal(0)  # yuan, over those tickets
    not_yet_due_count: int = 0  # live week only: open tickets due later in the week, never failures

    @property
    def average_compensation(self) -> Decimal | None:
        return average_compensation(self.compensation_total, self.compensated_count)


def average_compensation(total: Decimal | None, count: int) -> Decimal | None:
    """Yuan per compensated ticket, to the fen; None when none was compensated."""
    return (Decimal(total or 0) / count).quantize(Decimal("0.01")) if count else None


@dataclass(frozen=True)
class Score:
    counts: OutletWeek
    resolution_rate: float | None
    timeliness_rate: float | None
    satisfaction_rate: float | None
    score: float | None
    tier: str | None
    rank: int | None = None

    @property
    def insufficient(self) -> bool:
        return self.counts.cohort_size < MIN_SAMPLE


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def weighted(rates: dict[str, float | None], weights: dict[str, float]) -> float | None:
    """100 × Σ w·rate / Σ w over the metrics that have data (the others drop out)."""
    present = {k: v for k, v in rates.items() if v is not None and weights.get(k, 0) > 0}
    total = sum(weights[k] for k in present)
    return 100.0 * sum(weights[k] * v for k, v in present.items()) / total if total else None


def shown(score: float | None) -> float | None:
    """The score as it is shown and stored: rounded half up to one decimal, on its decimal digits
    (DESIGN: tier and rank are decided on this value, so a computed 89.99999999999998 is 90.0).

    The float is first read to 9 decimals, so binary noise (89.99999999999998, 80.04999999999999)
    never decides the rounding; then 0.05 rounds up."""
    if score is None:
        return None
    exact = Decimal(repr(score)).quantize(Decimal("1E-9"), rounding=ROUND_HALF_UP)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def score_text(score: float | None) -> str:
    """The score for display, "—" when there is none; the same rounding as the stored score."""
    value = shown(score)
    return "—" if value is None else f"{value:.1f}"


def tier_of(score: float | None, tiers: dict[str, float] = DEFAULT_TIERS) -> str | None:
    """The tier of a score under the thresholds `tiers` ({"A": floor, "B": floor, "C": floor})."""
    if score is None:
        return None
    return next((tier for tier in ("A", "B", "C") if score >= tiers[tier]), "D")


def band_tiers(tiers: dict[str, float] = DEFAULT_TIERS) -> list[str]:
    """The tier of each score band (0–10, …, 90–100) by its lowest score: the distribution
    charts colour their bars by it, so they follow the tiers the admin set."""
    return [tier_of(float(BAND_WIDTH * band), tiers) or "D" for band in range(SCORE_BANDS)]


def band_bounds(band: int) -> tuple[float, float]:
    """The scores of a distribution band: from its floor up to (not including) the next band's;
    the top band includes 100."""
    return BAND_WIDTH * band, BAND_WIDTH * (band + 1)


def score_week(counts: OutletWeek, weights: dict[str, float] = DEFAULT_WEIGHTS, tiers: dict[str, float] = DEFAULT_TIERS) -> Score:
    rates = {
        "resolution": _rate(counts.resolved_count, counts.cohort_size),
        "timeliness": _rate(counts.timely_count, counts.cohort_size),
        "satisfaction": _rate(counts.satisfied_count, counts.survey_count),
    }
    value = shown(weighted(rates, weights))
    tier = tier_of(value, tiers) if counts.cohort_size >= MIN_SAMPLE else None  # insufficient sample: no tier badge
    return Score(counts, rates["resolution"], rates["timeliness"], rates["satisfaction"], value, tier)


def ranked(scores: list[Score]) -> list[Score]:
    """Rank by score, highest first, among outlets with a sufficient sample; ties share the
    better rank (1, 2, 2, 4). Outlets not ranked keep rank None. Order is kept.

    Ranked on the score as shown (one decimal): 85.04 and 84.96 both show 85.0 and share a rank."""
    eligible = sorted((_tie_key(s.score) for s in scores if s.score is not None and not s.insufficient), reverse=True)
    first_place = {}
    for position, value in enumerate(eligible, start=1):
        first_place.setdefault(value, position)
    return [replace(s, rank=first_place[_tie_key(s.score)]) if s.score is not None and not s.insufficient else s for s in scores]


def _tie_key(score: float) -> float:
    return shown(score)


# --- settings hq_admin edits (versioned in the `setting` table) --------------------------


def validate_weights(weights: dict[str, float | str]) -> tuple[dict[str, float], dict[str, str]]:
    """The weights as numbers and the message key for each refused field (empty: valid).

    Each weight is a number from 0 to 1; at least one must be above 0."""
    values, errors = {}, {}
    for key in DEFAULT_WEIGHTS:
        try:
            value = float(str(weights.get(key, "")).strip())
        except ValueError:
            errors[key] = "scores.error_number"
            continue
        if not math.isfinite(value) or not 0 <= value <= 1:
            errors[key] = "scores.error_weight_range"
        else:
            values[key] = value
    if not errors and sum(values.values()) <= 0:
        errors["resolution"] = "scores.error_weights_zero"
    return values, errors


def validate_tiers(tiers: dict[str, float | str]) -> tuple[dict[str, float], dict[str, str]]:
    """Tier floors as numbers, 0–100 and falling from A to C, and the message key per refused field."""
    values, errors = {}, {}
    for key in DEFAULT_TIERS:
        try:
            value = float(str(tiers.get(key, "")).strip())
        except ValueError:
            errors[key] = "scores.error_number"
            continue
        if not math.isfinite(value) or not 0 < value <= 100:
            errors[key] = "scores.error_tier_range"
        else:
            values[key] = value
    if not errors:
        if values["B"] >= values["A"]:
            errors["B"] = "scores.error_tier_order"
        if values["C"] >= values["B"]:
            errors["C"] = "scores.error_tier_order"
    return values, errors


# --- early warning and change -------------------------------------------------------------


@dataclass(frozen=True)
class History:
    """Sums over an outlet's previous weeks of one measure: n, Σx and Σx² (from aggregate SQL)."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    @classmethod
    def of(cls, values: Sequence[float | None]) -> History:
        present = [float(v) for v in values if v is not None]
        return cls(len(present), sum(present), sum(v * v for v in present))

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def stdev(self) -> float | None:
        """Sample standard deviation (n - 1); None under two values."""
        if self.n < 2:
            return None
        return math.sqrt(max(0.0, (self.squares - self.total * self.total / self.n) / (self.n - 1)))


def beyond(value: float | None, history: History, sigmas: float = WARNING_SIGMAS) -> bool:
    """Whether `value` lies more than `sigmas` standard deviations from the history's mean
    (DESIGN: early warning). Too little history, or no value, is never a warning."""
    if value is None or history.n < WARNING_MIN_HISTORY:
        return False
    return abs(value - history.mean) > sigmas * history.stdev + 1e-9


def early_warning(received: int, score: float | None, received_history: History, score_history: History) -> list[str]:
    """What moved beyond 2 standard deviations of the outlet's own previous 8 weeks:
    a subset of ["received", "score"], empty when nothing did."""
    reasons = []
    if beyond(float(received), received_history):
        reasons.append("received")
    if beyond(score, score_history):
        reasons.append("score")
    return reasons


def change(current: float | None, previous: float | None) -> float | None:
    """Score change against the previous week, in points; None when either is missing."""
    return None if current is None or previous is None else current - previous


def direction(points: float | None) -> str:
    """ "up", "down", or "" for a change that is missing or shows as 0.0 (one decimal)."""
    if points is None or shown(abs(points)) == 0:
        return ""
    return "up" if points > 0 else "down"
