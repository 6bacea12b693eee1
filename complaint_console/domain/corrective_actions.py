"""Corrective actions: their statuses and moves, when one is overdue, and the effect check's
window (plain Python; counting happens in `db.root_causes.effect_counts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from complaint_console.domain.root_causes import EFFECT_WEEKS


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    VERIFIED = "verified"


NEXT_STATUS = {ActionStatus.OPEN: ActionStatus.DONE, ActionStatus.DONE: ActionStatus.VERIFIED}
MAX_DESCRIPTION = 2000


def may_move(current: str, target: str) -> bool:
    """Only forward, one step at a time: open → done → verified."""
    return current in NEXT_STATUS and NEXT_STATUS[ActionStatus(current)] == target


def is_overdue(status: str, due: date, today: date) -> bool:
    """Still open after its due date."""
    return status == ActionStatus.OPEN and today > due


def validate_action(description: str, owner_id: int | None, due: date | None, root_cause: str) -> dict[str, str]:
    """Field -> i18n key of what is wrong with a new corrective action."""
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = "actions.error.description_missing"
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = "actions.error.too_long"
    if owner_id is None:
        errors["owner"] = "actions.error.owner_missing"
    if due is None:
        errors["due"] = "actions.error.due_missing"
    if not root_cause:
        errors["root_cause"] = "actions.error.root_cause_missing"
    return errors


@dataclass(frozen=True)
class EffectWindow:
    before_start: datetime
    done_at: datetime
    after_end: datetime


def effect_window(done_at: datetime, weeks: int = EFFECT_WEEKS) -> EffectWindow:
    """The N weeks before and after an action's done date."""
    return EffectWindow(done_at - timedelta(weeks=weeks), done_at, done_at + timedelta(weeks=weeks))


def recurred(after_weekly: list[int]) -> bool:
    """A complaint of that root cause at that outlet came after the action was done."""
    return any(n > 0 for n in after_weekly)
