"""Request and response bodies of the JSON API.

The request's fields carry the domain's real limits (domain/intake.py, domain/phones.py,
domain/vocabulary.py) as constraints that pydantic enforces and the OpenAPI document
publishes: a body the document calls valid passes the domain's checks, and one it calls
invalid is refused before them. Patterns use Python `re` semantics, the
ones schemathesis and JSON Schema validators in Python use too (api/text_rules.py). Text is
trimmed and NUL characters dropped before the domain checks it, so the patterns allow what
that removes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from complaint_console.api.text_rules import Text
from complaint_console.domain import intake as rules
from complaint_console.domain.phone_forms import api_phone_pattern
from complaint_console.domain.phones import PHONE_MAX
from complaint_console.domain.text import invisible_ranges
from complaint_console.domain.vocabulary import Category, Severity, Stage
from complaint_console.i18n import en

# Letters and digits once spaces are dropped; case does not matter; blank space around is trimmed.
WAYBILL = rf"^\s*[A-Za-z0-9](?: *[A-Za-z0-9]){{{rules.WAYBILL_MIN - 1},{rules.WAYBILL_MAX - 1}}}\s*$"
# Something besides blank space and the control and format characters a name loses (domain/text.py).
NAME = rf"[^\s{invisible_ranges()}]"
# At least DESCRIPTION_MIN characters from the first to the last that is not blank (NULs not counted).
DESCRIPTION = rf"[^\s\x00](?:\x00*[^\x00]){{{rules.DESCRIPTION_MIN - 2}}}[\s\S]*[^\s\x00]"
EMAIL = rf"^\s*(?:{rules.EMAIL_BODY})?\s*$"
Language = Literal[rules.LANGUAGES]  # type: ignore[valid-type]  # the domain's tuple, as an enum


class ComplaintRequest(BaseModel):
    """A complaint; the channel is the API key's and cannot be chosen here."""

    model_config = ConfigDict(extra="forbid")

    waybill_no: Annotated[str, Text(WAYBILL, max_length=rules.WAYBILL_MAX)] = Field(
        description=f"Waybill number: {rules.WAYBILL_MIN} to {rules.WAYBILL_MAX} letters and digits "
        "(spaces ignored, case-insensitive).",
        examples=["EAST0010000123"],
    )
    customer_name: Annotated[str, Text(NAME, 1, rules.NAME_MAX)] = Field(description="The customer's name.", examples=["王小明"])
    customer_phone: Annotated[str, Text(api_phone_pattern(), max_length=PHONE_MAX)] = Field(
        description="A mainland mobile (13812345678, +86 138 1234 5678), a mainland landline with its area code "
        "(0571-87654321, +86 571 8765 4321), or a +852, +853 or +886 number; digits may be separated by single "
        "spaces or dashes.",
        examples=["13812345678"],
    )
    customer_email: Annotated[str, Text(EMAIL, max_length=rules.EMAIL_MAX)] = Field(
        default="",
        description="The customer's e-mail address, optional: notices go there too.",
        examples=["wang@example.com"],
    )
    category: Category = Field(description="What the complaint is about.", examples=["delay"])
    description: Annotated[str, Text(DESCRIPTION, rules.DESCRIPTION_MIN, rules.DESCRIPTION_MAX)] = Field(
        description=f"What happened, {rules.DESCRIPTION_MIN} to {rules.DESCRIPTION_MAX:,} characters.",
        examples=["The parcel is three days late."],
    )
    district: Annotated[str, Text(max_length=rules.DISTRICT_MAX)] = Field(
        default="", description="Destination district, for routing to an outlet.", examples=["浦东"]
    )
    customer_language: Language = Field(default="zh", description="Language of the messages the customer gets.")


class Created(BaseModel):
    """The recorded complaint."""

    number: str = Field(examples=["CP-20261123-000001"])
    tracking_url: str = Field(description="Where the customer follows the complaint (with the last 4 phone digits).")
    stage: Stage = Field(examples=["new"])
    severity: Severity = Field(examples=["general"])
    outlet_code: str | None = Field(description="The responsible outlet; null while HQ triages the complaint.")
    response_due_at: datetime
    resolution_due_at: datetime
    answer: str | None = Field(
        default=None, description="For an inquiry the knowledge base answers: the answer, also sent to the customer."
    )


class Problem(BaseModel):
    """What is wrong, by field (or header), in the language of `Accept-Language`."""

    errors: dict[str, str] = Field(examples=[{"customer_phone": en.MESSAGES["intake.phone_invalid"]}])
