"""Translated text in components. Both languages are in the page, so switching language is
instant and needs no server round trip; an unknown fixed key fails the build. Keys held in state
vars are looked up in one shared module (components/messages.js), not compiled inline."""

from __future__ import annotations

import reflex as rx
from reflex.utils.imports import ImportVar
from reflex.vars.base import VarData
from reflex.vars.function import FunctionStringVar

from complaint_console.i18n import en, zh
from complaint_console.i18n.catalogue import BROWSER_COPY
from complaint_console.states.session import SessionState

_LOOKUP = FunctionStringVar.create(
    "ccMessage",
    _var_data=VarData(imports={rx.asset(BROWSER_COPY.split("/")[-1], shared=True).importable_path: [ImportVar(tag="ccMessage")]}),
)


def t(key: str) -> rx.Var:
    """The message for a fixed key in the user's language."""
    return rx.cond(SessionState.lang == "zh", zh.MESSAGES[key], en.MESSAGES[key])


def tv(value: rx.Var, prefix: str) -> rx.Var:
    """The message for a key held in a state var: `prefix + value` (e.g. "stage." + "new"), looked
    up in the browser's copy of the catalogue (components/messages.js); the value itself when no
    such key exists."""
    if not any(k.startswith(prefix) for k in en.MESSAGES):
        raise KeyError(f"no message key starts with {prefix!r}")
    text = value.to(str)
    return _LOOKUP.call(SessionState.lang, rx.Var.create(prefix) + text, text).to(str)


def page_title_text(key: str) -> rx.Var:
    """A browser tab title: the page's name and the product's, in the user's language."""
    return rx.cond(
        SessionState.lang == "zh",
        f"{zh.MESSAGES[key]} · {zh.MESSAGES['app.name']}",
        f"{en.MESSAGES[key]} · {en.MESSAGES['app.name']}",
    )


def on_language_switch(event) -> rx.Component:
    """An invisible element that calls `event` whenever the user switches language (it is keyed on the
    language, so it mounts again): for what the server drew in the old language, such as charts."""
    # The key sits on a parent: the element with the mount trigger is memoised by Reflex, so it is its
    # parent that must be made anew for the trigger to run again.
    return rx.fragment(rx.box(display="none", on_mount=event), key=SessionState.lang)
