"""The early warning for every outlet at once, in pandas over the aggregated rows SQL hands back:
each outlet's mean and sample standard deviation of its previous 8 frozen weeks from n, Σx and Σx²
(db/score_table.history_rows), and which measures moved beyond 2σ.

The rule itself is domain.scores (`History`, `beyond`, `early_warning`: at least 4 weeks of
history, strictly more than 2σ, an insufficient sample never flagged); this is its vectorised
twin for the roll-up's 30,000 outlets and the headline, tested against it
(tests/unit/test_score_stats.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from complaint_console.db.score_table import HISTORY_COLUMNS
from complaint_console.domain.scores import WARNING_MIN_HISTORY, WARNING_SIGMAS

MEASURES = ("received", "score")


def spread(n: pd.Series, total: pd.Series, squares: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Mean and sample standard deviation (n - 1) from n, Σx and Σx²; NaN where n is too small."""
    n, total, squares = (pd.to_numeric(s).astype(float) for s in (n, total, squares))  # SQL sums may be Decimal
    mean = total / n.where(n > 0)
    variance = ((squares - total * total / n.where(n > 0)) / (n - 1).where(n > 1)).clip(lower=0.0)
    return mean, np.sqrt(variance)


def with_history(current: pd.DataFrame, history: list[tuple]) -> pd.DataFrame:
    """`current` (outlet_id, received, score, insufficient) joined with each measure's n, mean and σ."""
    sums = pd.DataFrame.from_records(history, columns=list(HISTORY_COLUMNS))
    # typed keys: an empty week or an empty history must still merge (no outlets yet, a first week)
    sums["outlet_id"] = sums["outlet_id"].astype("int64")
    frame = current.astype({"outlet_id": "int64"}).merge(sums, on="outlet_id", how="left")
    for measure in MEASURES:
        n = frame[f"{measure}_n"].fillna(0)
        frame[f"{measure}_n"] = n
        frame[f"{measure}_mean"], frame[f"{measure}_sd"] = spread(
            n, frame[f"{measure}_total"].fillna(0.0), frame[f"{measure}_squares"].fillna(0.0)
        )
    return frame


def beyond(frame: pd.DataFrame, measure: str, sigmas: float = WARNING_SIGMAS) -> pd.Series:
    """Whether each outlet's value of `measure` lies more than `sigmas` σ from its own mean (domain.scores.beyond)."""
    value = pd.to_numeric(frame[measure], errors="coerce")
    far = (value - frame[f"{measure}_mean"]).abs() > sigmas * frame[f"{measure}_sd"] + 1e-9
    return value.notna() & (frame[f"{measure}_n"] >= WARNING_MIN_HISTORY) & far.fillna(False)


def warnings(frame: pd.DataFrame) -> dict[int, str]:
    """outlet id -> "received", "score" or "received,score" for the flagged outlets (domain.scores.early_warning);
    an insufficient sample raises none."""
    flags = {measure: beyond(frame, measure) & ~frame["insufficient"].astype(bool) for measure in MEASURES}
    reasons = {}
    for measure in MEASURES:
        for outlet_id in frame.loc[flags[measure], "outlet_id"]:
            reasons.setdefault(int(outlet_id), []).append(measure)
    return {outlet_id: ",".join(found) for outlet_id, found in reasons.items()}
