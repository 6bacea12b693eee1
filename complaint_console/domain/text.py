"""What staff and customers may type: how long each kind of text may be, and names without
invisible characters (no I/O).

Limits keep one comment from making every ticket page heavy (a 900 KB note was accepted once);
names lose control and format characters — bidi overrides (U+202E turns "abc" into "cba" on
screen), isolates, zero-width spaces and joiners — so what is shown is what was typed.
"""

from __future__ import annotations

import unicodedata

NOTE_MAX = 2000  # comments, contact notes, reasons, a move's note
SUMMARY_MAX = 4000  # resolution summaries and answers sent to customers
NAME_MAX = 100


def too_long(text: str, limit: int) -> bool:
    return len(text.strip()) > limit


def clean_name(value: str, limit: int = NAME_MAX) -> str:
    """Trimmed, single-spaced, without control or format characters (Unicode Cc and Cf), at most `limit`."""
    kept = "".join(c for c in value if unicodedata.category(c) not in ("Cc", "Cf"))
    return " ".join(kept.split())[:limit]
