"""Public ticket numbers: `CP-YYYYMMDD-NNNNNN` (the date in the business time zone)."""

from __future__ import annotations

import re
from datetime import date

NUMBER_PATTERN = re.compile(r"^CP-\d{8}-\d{6}$")


def ticket_number(day: date, sequence: int) -> str:
    if not 1 <= sequence <= 999_999:
        raise ValueError("daily sequence out of range")
    return f"CP-{day:%Y%m%d}-{sequence:06d}"


def is_ticket_number(text: str) -> bool:
    return bool(NUMBER_PATTERN.match(text.strip().upper()))
