"""/scores rows and figures as the page shows them (text, one decimal, signs, arrows)."""

from __future__ import annotations

from decimal import Decimal

from complaint_console.db import score_table
from complaint_console.domain.scores import direction, score_text


def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def num(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def yuan(value: Decimal | None) -> str:
    return "—" if value is None else f"¥{value:,.2f}"


def score_row(r: score_table.ScoreRow) -> dict[str, str]:
    return {
        "rank": "—" if r.rank is None else str(r.rank),
        "code": r.code,
        "name": r.name,
        "region": r.region,
        "score": score_text(r.score),
        "tier": "" if r.insufficient else (r.tier or ""),
        "resolution": pct(r.resolution_rate),
        "timeliness": pct(r.timeliness_rate),
        "satisfaction": pct(r.satisfaction_rate),
        "cohort": str(r.cohort_size),
        "received": str(r.received),
        "repeat": pct(r.repeat_rate),
        "per_10k": num(r.per_10k),
        "escalations": str(r.escalated),
        "compensation": yuan(r.average_compensation),
        "change": "—" if r.change is None else f"{r.change:+.1f}",
        "direction": direction(r.change),
        "warning": "" if r.insufficient else (r.warning or ""),
        "insufficient": "1" if r.insufficient else "",
        "not_yet_due": str(r.not_yet_due),
    }


def signed(value: float | int | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:+.{digits}f}" if digits else f"{value:+d}"
