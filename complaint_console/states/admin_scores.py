"""hq_admin: the score weights and tier floors, saved as new versions. Every handler re-checks ADMINISTER."""

from __future__ import annotations

import reflex as rx

from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.services import score_settings
from complaint_console.states.offload import with_db
from complaint_console.states.session import require_actor
from complaint_console.views.formatting import business_time


def _text(value: float) -> str:
    return f"{value:g}"


def _setting_text(value: dict, lang: str) -> str:
    """A saved version in words: "Resolution 0.4 · Satisfaction 0.3 · …" or "A 90 · B 80 · C 60"."""
    from complaint_console.i18n import catalogue

    messages = catalogue.messages(lang)
    return " · ".join(f"{messages.get(f'scores.col.{k}', k)} {_text(float(v))}" for k, v in value.items())


class AdminScoresState(rx.State):
    weights: dict[str, str] = {}
    tiers: dict[str, str] = {}
    errors: dict[str, str] = {}
    saved: bool = False
    versions: list[dict[str, str]] = []  # at most 40

    @rx.event
    async def load(self):
        self.errors, self.saved = {}, False
        if await require_actor(self, Action.ADMINISTER) is None:
            self.weights, self.tiers, self.versions = {}, {}, []
            return
        await self._read()

    async def _read(self) -> None:
        now = utcnow()
        weights, tiers, history = await with_db(
            lambda db: (score_settings.weights_at(db, now), score_settings.tiers_at(db, now), score_settings.setting_history(db))
        )
        self.weights = {k: _text(v) for k, v in weights.items()}
        self.tiers = {k: _text(v) for k, v in tiers.items()}
        self.versions = [
            {
                "valid_from": business_time(at),
                "key": key,
                "value": _setting_text(value, "en"),
                "value_zh": _setting_text(value, "zh"),
            }
            for at, key, value in history
        ]

    @rx.event
    async def save(self, form: dict):
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None:
            return
        weights = {k: form.get(f"weights.{k}", "") for k in self.weights}
        tiers = {k: form.get(f"tiers.{k}", "") for k in self.tiers}
        self.weights, self.tiers = weights, tiers  # a refused save keeps what was typed
        self.errors = await with_db(lambda db: score_settings.save_score_settings(db, actor, weights, tiers, utcnow()))
        self.saved = not self.errors
        if self.saved:
            await self._read()
