"""Outlet scores (DESIGN "Outlet scores"): rates, weighted score, tier and rank, in plain Python.

The weekly roll-up and the scores view both use this module, so a frozen week and a
live one are computed the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MIN_SAMPLE = 5  # a cohort under this is shown, marked "insufficient sample", and not ranked
TIERS = ((90.0, "A"), (80.0, "B"), (60.0, "C"))
DEFAULT_WEIGHTS = {"resolution": 0.4, "satisfaction": 0.3, "timeliness": 0.3}


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


def tier_of(score: float | None) -> str | None:
    if score is None:
        return None
    return next((tier for floor, tier in TIERS if score >= floor), "D")


def score_week(counts: OutletWeek, weights: dict[str, float] = DEFAULT_WEIGHTS) -> Score:
    rates = {
        "resolution": _rate(counts.resolved_count, counts.cohort_size),
        "timeliness": _rate(counts.timely_count, counts.cohort_size),
        "satisfaction": _rate(counts.satisfied_count, counts.survey_count),
    }
    value = weighted(rates, weights)
    return Score(counts, rates["resolution"], rates["timeliness"], rates["satisfaction"], value, tier_of(value))


def ranked(scores: list[Score]) -> list[Score]:
    """Rank by score, highest first, among outlets with a sufficient sample; ties share the
    better rank (1, 2, 2, 4). Outlets not ranked keep rank None. Order is kept."""
    eligible = sorted((s.score for s in scores if s.score is not None and not s.insufficient), reverse=True)
    first_place = {}
    for position, value in enumerate(eligible, start=1):
        first_place.setdefault(value, position)
    return [replace(s, rank=first_place[s.score]) if s.score is not None and not s.insufficient else s for s in scores]
