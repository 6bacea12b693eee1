"""Public ticket numbers: `CP-YYYYMMDD-NNNNNN` (the date in the business time zone)."""

from __future__ import annotations

import re
from datetime import date

NUMBER_PATTERN = re.compile(r"^CP-\d{8}-\d{6}$")
NUMBER_FRAGMENT_MIN = 4  # the fewest characters of a number that staff search looks for inside numbers
_FRAGMENT = re.compile(r"^[0-9A-Z-]*\d[0-9A-Z-]*$")


def ticket_number(day: date, sequence: int) -> str:
    if not 1 <= sequence <= 999_999:
        raise ValueError("daily sequence out of range")
    return f"CP-{day:%Y%m%d}-{sequence:06d}"


def is_ticket_number(text: str) -> bool:
    return bool(NUMBER_PATTERN.match(text.strip().upper()))


def number_fragment(text: str) -> str | None:
    """A part of a ticket number as staff type it ("000099", "1127-0000"), upper-cased; None when
    the text is too short or holds anything a number cannot (the search then skips numbers)."""
    text = text.strip().upper()
    return text if len(text) >= NUMBER_FRAGMENT_MIN and _FRAGMENT.match(text) else None
