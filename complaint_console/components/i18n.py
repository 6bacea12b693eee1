"""Translated text in components. Both languages are compiled into the page, so switching
language is instant and needs no server round trip; an unknown key fails the build."""

from __future__ import annotations

import reflex as rx

from complaint_console.i18n import en, zh
from complaint_console.states.session import SessionState


def t(key: str) -> rx.Var:
    """The message for a fixed key in the user's language."""
    return rx.cond(SessionState.lang == "zh", zh.MESSAGES[key], en.MESSAGES[key])


def tv(value: rx.Var, prefix: str) -> rx.Component | rx.Var:
    """The message for a key held in a state var: `prefix + value` (e.g. "stage." + "new")."""
    keys = sorted(k[len(prefix) :] for k in en.MESSAGES if k.startswith(prefix))
    return rx.match(value, *[(k, t(prefix + k)) for k in keys], value)


def page_title_text(key: str) -> rx.Var:
    """A browser tab title: the page's name and the product's, in the user's language."""
    return rx.cond(
        SessionState.lang == "zh",
        f"{zh.MESSAGES[key]} · {zh.MESSAGES['app.name']}",
        f"{en.MESSAGES[key]} · {en.MESSAGES['app.name']}",
    )
