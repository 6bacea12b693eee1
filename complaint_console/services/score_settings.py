"""The score weights and tier floors HQ sets: versioned settings, each read as it stood at a moment."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from complaint_console.db.models import (
    Setting,
)
from complaint_console.domain.access import Actor
from complaint_console.domain.scores import (
    DEFAULT_TIERS,
    DEFAULT_WEIGHTS,
    validate_tiers,
    validate_weights,
)

WEIGHTS_KEY, TIERS_KEY = "score_weights", "score_tiers"


def _setting_at(db: Session, key: str, at: datetime) -> dict | None:
    row = db.exec(select(Setting).where(Setting.key == key, Setting.valid_from <= at).order_by(Setting.valid_from.desc())).first()
    return dict(row.value) if row and row.value else None


def weights_at(db: Session, at: datetime) -> dict[str, float]:
    """The score weights hq_admin set, as valid at `at` (DESIGN's defaults when none)."""
    value = _setting_at(db, WEIGHTS_KEY, at)
    return {k: float(v) for k, v in value.items()} if value else dict(DEFAULT_WEIGHTS)


def tiers_at(db: Session, at: datetime) -> dict[str, float]:
    """The tier floors hq_admin set, as valid at `at` (DESIGN's 90 / 80 / 60 when none)."""
    value = _setting_at(db, TIERS_KEY, at)
    return {k: float(v) for k, v in value.items()} if value else dict(DEFAULT_TIERS)


def setting_history(db: Session) -> list[tuple[datetime, str, dict]]:
    """Every saved version of the weights and the tiers, newest first."""
    rows = db.exec(
        select(Setting).where(Setting.key.in_([WEIGHTS_KEY, TIERS_KEY])).order_by(Setting.valid_from.desc()).limit(40)
    ).all()
    return [(r.valid_from, r.key, dict(r.value or {})) for r in rows]


def save_score_settings(db: Session, actor: Actor, weights: dict, tiers: dict, now: datetime) -> dict[str, str]:
    """Store new versions of the weights and tier floors, valid from `now` (the next roll-up
    uses them; frozen weeks keep theirs). Returns the message key per refused field, as
    "weights.<metric>" or "tiers.<tier>"; nothing is stored when any field is refused."""
    weight_values, weight_errors = validate_weights(weights)
    tier_values, tier_errors = validate_tiers(tiers)
    errors = {f"weights.{k}": v for k, v in weight_errors.items()} | {f"tiers.{k}": v for k, v in tier_errors.items()}
    if errors:
        return errors
    if weight_values != weights_at(db, now):
        db.add(Setting(key=WEIGHTS_KEY, value=weight_values, valid_from=now, created_by_id=actor.user_id))
    if tier_values != tiers_at(db, now):
        db.add(Setting(key=TIERS_KEY, value=tier_values, valid_from=now, created_by_id=actor.user_id))
    db.commit()
    return {}
