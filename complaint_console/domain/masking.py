"""Masking of customer data for roles and exports that do not need it (DESIGN)."""

from __future__ import annotations

import re


def mask_phone(phone: str | None) -> str:
    """`13812345678` -> `138****5678`; short numbers keep only the last two digits."""
    if not phone:
        return ""
    digits = phone.strip()
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(len(digits) - 2, 0) + digits[-2:]


def mask_name(name: str | None) -> str:
    """Keep the first character (the family name in Chinese), star the rest."""
    if not name:
        return ""
    name = name.strip()
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_waybill(waybill: str | None) -> str:
    if not waybill:
        return ""
    if len(waybill) <= 6:
        return "*" * len(waybill)
    return f"{waybill[:2]}{'*' * (len(waybill) - 6)}{waybill[-4:]}"


# A mainland mobile number (11 digits from 1[3-9]) or a landline with area code, not part
# of a longer run of digits.
_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
# A waybill: 10 or more letters and digits with at least 8 digits, as carriers print them.
_WAYBILL = re.compile(r"(?<![A-Za-z0-9])(?=(?:[A-Za-z]*\d){8})[A-Za-z0-9]{10,}(?![A-Za-z0-9])")


def scrub_text(text: str | None, names: tuple[str, ...] = (), phones: tuple[str, ...] = (),
               waybills: tuple[str, ...] = ()) -> str:  # fmt: skip
    """Free text with personal details masked, for exports meant for training.

    The ticket's own customer names, phones and waybills are masked wherever they appear;
    then any other phone number or waybill-like code in the text is masked as well (a
    customer often writes a second number into the description).
    """
    if not text:
        return ""
    for values, mask in ((waybills, mask_waybill), (phones, mask_phone), (names, mask_name)):
        for value in sorted({v.strip() for v in values if v and v.strip()}, key=len, reverse=True):
            text = text.replace(value, mask(value))
    text = _PHONE.sub(lambda m: mask_phone(m.group(0)), text)
    return _WAYBILL.sub(lambda m: mask_waybill(m.group(0)), text)
