"""One way to tell the user how a workflow step went: a toast for success, refusal or conflict."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import reflex as rx

from complaint_console.i18n.catalogue import translate
from complaint_console.services.workflow import Outcome
from complaint_console.settings import get_settings


def conflict_text(outcome: Outcome, lang: str) -> str:
    at = outcome.conflict.at
    when = at.astimezone(ZoneInfo(get_settings().business_tz)).strftime("%H:%M") if at else ""
    return translate("move.conflict", lang).format(name=outcome.conflict.by or "?", time=when)


def toast_for(outcome: Outcome, lang: str, success: str):
    """The toast for an outcome: `success` (already translated) when it went through."""
    if outcome.ok:
        return rx.toast.success(success)
    if outcome.conflict is not None:
        return rx.toast.error(conflict_text(outcome, lang), id="conflict")
    return rx.toast.error(translate(next(iter(outcome.problems.values())), lang))
