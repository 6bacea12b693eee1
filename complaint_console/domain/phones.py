"""Customer and staff phone numbers: mainland mobiles and landlines, and +852/+853/+886 numbers,
checked and written one way with Google's libphonenumber (the `phonenumbers` package).

Stored forms (≤ 20 characters, the `customer_phone` column):
- a mainland mobile as its 11 digits, `13912345678` (as before: masking, repeat detection and
  the tracking check compare these; domain/sms_templates.py writes each gateway's form);
- a mainland landline with its area code, `0571-87654321`;
- a Hong Kong, Macau or Taiwan number in E.164, `+85291234567`.
Any spacing, dashes, dots, brackets, a leading +86 or full-width digits are accepted on input.
"""

from __future__ import annotations

import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

REGIONS = frozenset({"CN", "HK", "MO", "TW"})
PHONE_MAX = 40  # characters as typed, separators included
PHONE_TAIL_DIGITS = 4  # the tracking check and staff search use the phone's last digits
_MOBILE = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalise_phone(text: str) -> str | None:
    """The stored form of a phone number, or None when it is not a valid number of REGIONS."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text or len(text) > PHONE_MAX:
        return None
    try:
        number = phonenumbers.parse(text, "CN")
    except NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(number)
    if region not in REGIONS or not phonenumbers.is_valid_number(number):
        return None
    if region != "CN":
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = str(number.national_number)
    if phonenumbers.number_type(number) in _MOBILE and len(national) == 11 and national.startswith("1"):
        return national
    area = phonenumbers.length_of_geographical_area_code(number)
    if area == 0:  # a national number without an area code (400/800 service lines)
        return national
    return f"0{national[:area]}-{national[area:]}"


def is_mobile(stored: str) -> bool:
    """Whether a text message may reach the number: not a mainland landline (`0…`), not a
    fixed line abroad. Anything else is tried, so a gateway's refusal is recorded, never hidden."""
    if stored.startswith("+"):
        try:
            number = phonenumbers.parse(stored, None)
        except NumberParseException:
            return True
        return phonenumbers.number_type(number) != PhoneNumberType.FIXED_LINE
    return not stored.startswith("0")


def is_phone_tail(text: str) -> bool:
    """The last digits of a phone as the tracking page asks for them."""
    return len(text) == PHONE_TAIL_DIGITS and text.isdigit()
