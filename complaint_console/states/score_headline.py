"""The headline above the /scores table and the side-by-side comparison, as the page shows them."""

from __future__ import annotations

import reflex as rx

from complaint_console.domain.scores import change, direction, score_text
from complaint_console.services import score_headline
from complaint_console.views.score_format import pct, signed


def _mover(m: score_headline.Mover) -> dict[str, str]:
    return {
        "code": m.code,
        "name": m.name,
        "score": score_text(m.score),
        "previous": score_text(m.previous),
        "change": signed(m.change),
        "tier": m.tier,
        "previous_tier": m.previous_tier,
        "cause": f"{m.cause}." if m.cause else "",
        "cause_value": m.cause_value,
        "cause_change": signed(m.cause_change, 0) if m.cause else "",
    }


def _flag(f: score_headline.Flag) -> dict[str, str]:
    shown = score_text if f.on == "score" else (lambda v: f"{v:.0f}")
    return {
        "code": f.code,
        "name": f.name,
        "on": f.on,
        "direction": f.direction,
        "sigmas": f"{abs(f.sigmas):.1f}",
        "value": shown(f.value),
        "mean": shown(f.mean),
    }


def comparison_rows(a: score_headline.Figures, b: score_headline.Figures) -> list[dict[str, str]]:
    """Metric, the two values and what the first has over the second, as the page shows them."""
    rows = [{"metric": "score", "a": score_text(a.score), "b": score_text(b.score), "change": signed(change(a.score, b.score))}]
    for metric in ("resolution", "timeliness", "satisfaction"):
        x, y = getattr(a, metric), getattr(b, metric)
        gap = None if x is None or y is None else 100 * (x - y)
        rows.append({"metric": metric, "a": pct(x), "b": pct(y), "change": "—" if gap is None else f"{gap:+.1f} pp"})
    for metric, x, y in (
        ("outlets", a.outlets, b.outlets),
        ("cohort", a.cohort, b.cohort),
        ("received", a.received, b.received),
        *((f"tier.{t}", a.tiers.get(t, 0), b.tiers.get(t, 0)) for t in "ABCD"),
        ("warnings", a.flagged, b.flagged),
    ):
        rows.append({"metric": metric, "a": str(x), "b": str(y), "change": signed(x - y, 0)})
    return rows


class HeadlineState(rx.State):
    """The headline above the /scores table: the week against the one before, for the filtered network."""

    ready: bool = False
    summary: dict[str, str] = {}  # score, previous, change, direction, fell_total, flagged_total
    tiers: list[dict[str, str]] = []  # tier, count, change, direction (A to D)
    fell: list[dict[str, str]] = []  # outlets that fell a tier, biggest drop first (at most 5)
    drops: list[dict[str, str]] = []  # the biggest score drops, with what grew most under them (at most 5)
    flags: list[dict[str, str]] = []  # early warnings, furthest from the outlet's own weeks first (at most 10)

    def show(self, h: score_headline.Headline) -> None:
        compared = bool(h.previous_tiers)
        self.summary = {
            "score": score_text(h.score),
            "previous": score_text(h.previous_score),
            "change": signed(h.change),
            "direction": direction(h.change),
            "fell_total": str(h.fell_total),
            "flagged_total": str(h.flagged_total),
        }
        self.tiers = [
            {
                "tier": t,
                "count": str(h.tiers.get(t, 0)),
                "change": signed(h.tier_change(t), 0) if compared else "",
                "direction": direction(h.tier_change(t)) if compared else "",
            }
            for t in score_headline.TIER_ORDER
        ]
        self.fell, self.drops = [_mover(m) for m in h.fell], [_mover(m) for m in h.drops]
        self.flags = [_flag(f) for f in h.flags]
        self.ready = True
