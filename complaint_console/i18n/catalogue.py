"""Lookup in the catalogue, for code that runs outside the browser (CLI, e-mails, exports)."""

from __future__ import annotations

import json

from complaint_console.i18n import en, zh

LANGUAGES: dict[str, dict[str, str]] = {"en": en.MESSAGES, "zh": zh.MESSAGES}
DEFAULT_LANGUAGE = "en"


def messages(lang: str) -> dict[str, str]:
    """The whole catalogue of a language (the default one for a language the app does not have)."""
    return LANGUAGES.get(lang, LANGUAGES[DEFAULT_LANGUAGE])


def translate(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The message for `key`; an unknown key raises, so a typo never reaches a user silently."""
    return messages(lang)[key]


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


# --- the browser's copy ---------------------------------------------------------------------------
# Pages translate keys held in state vars (a stage, an error key) with a lookup in one JS module,
# components/messages.js, made from this catalogue. Compiled inline, each such lookup carried the
# whole catalogue (the app's shared JS grew to 14 MB, parsed on every page load).
BROWSER_COPY = "components/messages.js"


def messages_js() -> str:
    """The text of components/messages.js: both catalogues and the lookup the pages call."""
    data = json.dumps(LANGUAGES, sort_keys=True, ensure_ascii=False, indent=0, separators=(",", ":"))
    return (
        "// Made from complaint_console/i18n/en.py and zh.py: `python -m complaint_console.i18n.catalogue`.\n"
        "// Do not edit; tests/unit/test_catalogue.py checks that it matches the catalogue.\n"
        f"const MESSAGES = {data};\n"
        "export function ccMessage(lang, key, fallback) {\n"
        "  const found = (MESSAGES[lang] || MESSAGES.en)[key];\n"
        "  return found === undefined ? fallback : found;\n"
        "}\n"
    )


if __name__ == "__main__":  # write the browser's copy
    from pathlib import Path

    target = Path(__file__).resolve().parents[1] / BROWSER_COPY
    target.write_text(messages_js(), encoding="utf-8")
    print(f"wrote {target}")
