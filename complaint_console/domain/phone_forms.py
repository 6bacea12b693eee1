"""The written forms of a phone number that the JSON API accepts, as one regular expression.

It is built from libphonenumber's own metadata (the `phonenumbers` package that
`phones.normalise_phone` checks with), so every number it matches is one that
`normalise_phone` accepts; the API's OpenAPI document publishes it as the field's pattern.

Forms: a mainland mobile, optionally after +86 (`13812345678`, `+86 138 1234 5678`); a
mainland landline after its trunk 0 or +86 (`0571-87654321`, `+86 571 8765 4321`); a Hong
Kong, Macau or Taiwan mobile or landline after +852, +853 or +886. Digits may be separated
by single spaces or dashes. (The staff forms accept more: dots, brackets, full-width digits.)
"""

from __future__ import annotations

import re
from functools import cache

from phonenumbers import PhoneMetadata

SEPARATOR = "[ -]?"


def _separated(pattern: str) -> str:
    """libphonenumber's pattern for the national number, with an optional separator after each digit."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "[":
            end = pattern.index("]", i) + 1
            atom, i = pattern[i:end].replace(r"\d", "0-9"), end
        elif pattern.startswith(r"\d", i):
            atom, i = "[0-9]", i + 2
        elif pattern[i].isdigit():
            atom, i = pattern[i], i + 1
        elif pattern[i] == "{":  # a repetition applies to the (digit, separator) group before it
            end = pattern.index("}", i) + 1
            out.append(pattern[i:end])
            i = end
            continue
        else:  # grouping, alternation, `?`
            out.append(pattern[i])
            i += 1
            continue
        out.append(f"(?:{atom}{SEPARATOR})")
    return "".join(out)


def _national(region: str, *kinds: str) -> str:
    metadata = PhoneMetadata.metadata_for_region(region)
    return "|".join(_separated(getattr(metadata, kind).national_number_pattern) for kind in kinds)


@cache
def api_phone_pattern() -> str:
    """One pattern, anchored at both ends (JSON Schema and Python `re` syntax alike)."""
    forms = [
        rf"(?:\+86{SEPARATOR})?(?:{_national('CN', 'mobile')})",
        rf"(?:\+86{SEPARATOR}|0)(?:{_national('CN', 'fixed_line')})",
        *(
            rf"\+{code}{SEPARATOR}(?:{_national(region, 'mobile', 'fixed_line')})"
            for region, code in (("HK", 852), ("MO", 853), ("TW", 886))
        ),
    ]
    pattern = "^(?:" + "|".join(forms) + ")$"
    re.compile(pattern)  # fails here, at start, if libphonenumber's metadata ever holds a construct not handled above
    return pattern
