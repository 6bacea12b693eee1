"""Request and response bodies of the JSON API.

Fields are plain strings: the domain's validation decides, so the API says what the forms
say. The schema still states the formats that hold, so clients (and schemathesis) see them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from complaint_console.domain.vocabulary import Category
from complaint_console.i18n import en

REQUIRED = ["waybill_no", "customer_name", "customer_phone", "category", "description"]


def _text(description: str, example: str, **schema: Any) -> Any:
    """A text field; a missing one reads as empty, so the domain names every problem at once."""
    return Field(default="", description=description, examples=[example], json_schema_extra=schema)


class ComplaintRequest(BaseModel):
    """A complaint; the channel is the API key's and cannot be chosen here."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"required": REQUIRED})

    # Waybill and phone are normalised before they are checked (spaces, case, a +86 prefix), so
    # the document states their format in words rather than as a pattern the API would not keep.
    waybill_no: str = _text("Waybill number: 8 to 30 letters and digits (spaces ignored, case-insensitive).",
                            "EAST0010000123", maxLength=30)  # fmt: skip
    customer_name: str = _text("The customer's name.", "王小明", minLength=1, maxLength=50)
    customer_phone: str = _text("A mainland mobile (13812345678, +86 138 1234 5678) or landline with its area code "
                                "(0571-87654321), or a +852, +853 or +886 number; spaces, dashes and dots are ignored.",
                                "13812345678", maxLength=40)  # fmt: skip
    customer_email: str = Field(default="", description="The customer's e-mail address, optional: notices go there too.",
                                examples=["wang@example.com"], json_schema_extra={"maxLength": 200})  # fmt: skip
    category: str = _text("What the complaint is about.", "delay", enum=[c.value for c in Category])
    description: str = _text("What happened, 10 to 2,000 characters.", "The parcel is three days late.", minLength=10,
                             maxLength=2000)  # fmt: skip
    district: str = Field(default="", description="Destination district, for routing to an outlet.", examples=["浦东"],
                          json_schema_extra={"maxLength": 100})  # fmt: skip
    customer_language: str = Field(default="zh", description="Language of the messages the customer gets.",
                                   json_schema_extra={"enum": ["zh", "en"]})  # fmt: skip


class Created(BaseModel):
    """The recorded complaint."""

    number: str = Field(examples=["CP-20261123-000001"])
    tracking_url: str = Field(description="Where the customer follows the complaint (with the last 4 phone digits).")
    stage: str = Field(examples=["new"])
    severity: str = Field(examples=["general"])
    outlet_code: str | None = Field(description="The responsible outlet; null while HQ triages the complaint.")
    response_due_at: datetime
    resolution_due_at: datetime
    answer: str | None = Field(
        default=None, description="For an inquiry the knowledge base answers: the answer, also sent to the customer."
    )


class Problem(BaseModel):
    """What is wrong, by field (or header), in the language of `Accept-Language`."""

    errors: dict[str, str] = Field(examples=[{"customer_phone": en.MESSAGES["intake.phone_invalid"]}])
