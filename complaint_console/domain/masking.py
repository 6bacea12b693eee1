"""Masking of customer data for roles and exports that do not need it (DESIGN)."""

from __future__ import annotations


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
