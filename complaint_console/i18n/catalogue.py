"""Lookup in the catalogue, for code that runs outside the browser (CLI, e-mails, exports)."""

from __future__ import annotations

from complaint_console.i18n import en, zh

LANGUAGES: dict[str, dict[str, str]] = {"en": en.MESSAGES, "zh": zh.MESSAGES}
DEFAULT_LANGUAGE = "en"


def translate(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The message for `key`; an unknown key raises, so a typo never reaches a user silently."""
    return LANGUAGES.get(lang, LANGUAGES[DEFAULT_LANGUAGE])[key]


def preferred_language(accept_language: str | None, default: str) -> str:
    """`zh` or `en`, whichever the client ranks higher in its Accept-Language; `default` when it names neither."""
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        try:
            quality = float(params.strip().removeprefix("q=")) if params.strip().startswith("q=") else 1.0
        except ValueError:
            quality = 0.0
        if quality > 0:  # q=0 means "not this one"
            ranked.append((-quality, position, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return default


HTML_LANG = {"zh": "zh-CN", "en": "en"}
