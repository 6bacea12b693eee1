"""Lookup in the catalogue, for code that runs outside the browser (CLI, e-mails, exports)."""

from __future__ import annotations

from complaint_console.i18n import en, zh

LANGUAGES: dict[str, dict[str, str]] = {"en": en.MESSAGES, "zh": zh.MESSAGES}
DEFAULT_LANGUAGE = "en"


def translate(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The message for `key`; an unknown key raises, so a typo never reaches a user silently."""
    return LANGUAGES.get(lang, LANGUAGES[DEFAULT_LANGUAGE])[key]
