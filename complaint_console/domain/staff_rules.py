"""A staff account as hq_admin types it (the form, or a row of the staff import), checked field by field.

Outlet roles (manager, agent) need an outlet; network roles have none. Each problem is a message
key next to its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from complaint_console.domain.access import belongs_to_outlet
from complaint_console.domain.intake import is_email
from complaint_console.domain.phones import normalise_phone
from complaint_console.domain.text import NAME_MAX, clean_name
from complaint_console.domain.vocabulary import Role

USER_REQUIRED = ("username", "display_name", "role")
USER_OPTIONAL = ("outlet_code", "email", "phone", "language")
LANGUAGES = ("zh", "en")

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@dataclass(frozen=True)
class UserDraft:
    username: str
    display_name: str
    role: Role
    outlet_code: str | None
    email: str | None
    phone: str | None
    language: str


def validate_user(values: dict[str, str]) -> tuple[UserDraft | None, dict[str, str]]:
    """A draft, or {field: message key}. The outlet code is checked against the database by the caller."""
    errors: dict[str, str] = {}
    username = values.get("username", "").strip().lower()
    if not USERNAME.match(username):
        errors["username"] = "user.username_invalid"
    display_name = clean_name(values.get("display_name", ""), NAME_MAX)
    if not display_name:
        errors["display_name"] = "user.name_required"
    try:
        role = Role(values.get("role", "").strip())
    except ValueError:
        role = None
        errors["role"] = "user.role_invalid"
    outlet_code = values.get("outlet_code", "").strip().upper() or None
    if role is not None and belongs_to_outlet(role) and outlet_code is None:
        errors["outlet_code"] = "user.outlet_required"
    if role is not None and not belongs_to_outlet(role):
        outlet_code = None  # network roles see every outlet; they belong to none
    email = values.get("email", "").strip() or None
    if email is not None and not is_email(email):
        errors["email"] = "user.email_invalid"
    phone = values.get("phone", "").strip() or None
    if phone is not None:
        phone = normalise_phone(phone)
        if phone is None:
            errors["phone"] = "user.phone_invalid"
    language = values.get("language", "").strip().lower() or "zh"
    if language not in LANGUAGES:
        errors["language"] = "user.language_invalid"
    if errors:
        return None, errors
    return UserDraft(username, display_name, role, outlet_code, email, phone, language), {}
