"""What staff and customers may type: how long each kind of text may be, and names without
invisible characters (no I/O).

Limits keep one comment from making every ticket page heavy (a 900 KB note was accepted once);
names lose control and format characters — bidi overrides (U+202E turns "abc" into "cba" on
screen), isolates, zero-width spaces and joiners — so what is shown is what was typed.
"""

from __future__ import annotations

import sys
import unicodedata
from functools import lru_cache

NOTE_MAX = 2000  # comments, contact notes, reasons, a move's note
SUMMARY_MAX = 4000  # resolution summaries and answers sent to customers
NAME_MAX = 100


def too_long(text: str, limit: int) -> bool:
    return len(text.strip()) > limit


def note_problem(text: str, limit: int = NOTE_MAX) -> str | None:
    """Why a required note (comment, contact note, reason) cannot be saved: a message key, or None."""
    if not text.strip():
        return "ticket.note_required"
    return "text.too_long" if too_long(text, limit) else None


INVISIBLE = ("Cc", "Cf")  # Unicode categories a name loses: control and format characters


def clean_name(value: str, limit: int = NAME_MAX) -> str:
    """Trimmed, single-spaced, without control or format characters (Unicode Cc and Cf), at most `limit`."""
    kept = "".join(c for c in value if unicodedata.category(c) not in INVISIBLE)
    return " ".join(kept.split())[:limit]


@lru_cache(maxsize=1)
def invisible_ranges() -> str:
    """The characters `clean_name` drops, as the inside of a regular-expression class (for the
    API's published pattern: a name must have a character that is not blank and not these)."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)) in INVISIBLE:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)
