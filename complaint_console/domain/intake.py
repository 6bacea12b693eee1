"""Complaint intake rules (plain Python): validation, severity rules, repeats, routing.

The staff form, the public form, the API and the CSV import all go through these, so the
same input gets the same messages everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from complaint_console.domain.phones import PHONE_MAX, normalise_phone
from complaint_console.domain.text import clean_name
from complaint_console.domain.vocabulary import Category, Channel, Severity

# The limits of a complaint's fields; the API's OpenAPI document states the same ones (api/schemas.py).
WAYBILL_MIN, WAYBILL_MAX = 8, 30  # letters and digits, once spaces are dropped
NAME_MAX = 50
DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 2000
DISTRICT_MAX = 100
EMAIL_MAX = 200
EMAIL_BODY = r"[^@\s\x00]{1,64}@[^@\s\x00]+\.[^@\s\x00]{2,}"  # (NUL: the API refuses it here; forms drop it first)
LANGUAGES = ("zh", "en")

WAYBILL = re.compile(rf"^[A-Z0-9]{{{WAYBILL_MIN},{WAYBILL_MAX}}}$")
EMAIL = re.compile(rf"^{EMAIL_BODY}$")


def is_email(value: str) -> bool:
    """An e-mail address the app accepts anywhere (complaints, staff, report recipients)."""
    return len(value) <= EMAIL_MAX and EMAIL.match(value) is not None


REPEAT_WINDOW = timedelta(days=30)
SEVERITY_ORDER = [Severity.GENERAL, Severity.SERIOUS, Severity.URGENT]


@dataclass(frozen=True)
class ComplaintInput:
    waybill_no: str
    customer_name: str
    customer_phone: str
    channel: str
    category: str
    description: str
    severity: str = ""  # staff may set it; the rules can still raise it
    district: str = ""  # destination district, for routing
    customer_language: str = "zh"
    customer_email: str = ""  # optional: the customer's notices go there too

    def normalised(self) -> ComplaintInput:
        return ComplaintInput(
            waybill_no=_clean(self.waybill_no).strip().upper().replace(" ", ""),
            customer_name=clean_name(_clean(self.customer_name), limit=10_000),  # too long is refused below, not cut
            customer_phone=normalise_phone(_clean(self.customer_phone)) or _clean(self.customer_phone).strip()[:PHONE_MAX],
            channel=self.channel.strip(),
            category=_clean(self.category).strip(),
            description=_clean(self.description).strip(),
            severity=self.severity.strip(),
            district=_clean(self.district).strip(),
            customer_language=self.customer_language if self.customer_language in LANGUAGES else "zh",
            customer_email=_clean(self.customer_email).strip(),
        )


def _clean(text: str) -> str:
    """Text a database can store: no NUL characters (PostgreSQL refuses them), and a lone
    UTF-16 surrogate (possible in JSON, never real text) becomes "?"."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def validate(data: ComplaintInput) -> dict[str, str]:
    """Problems by field (message keys); empty when the complaint can be recorded."""
    errors: dict[str, str] = {}
    if not WAYBILL.match(data.waybill_no):
        errors["waybill_no"] = "intake.waybill_invalid"
    if not 1 <= len(data.customer_name) <= NAME_MAX:
        errors["customer_name"] = "intake.name_required"
    if normalise_phone(data.customer_phone) is None:
        errors["customer_phone"] = "intake.phone_invalid"
    if data.channel not in Channel.__members__.values():
        errors["channel"] = "intake.channel_invalid"
    if data.category not in Category.__members__.values():
        errors["category"] = "intake.category_invalid"
    if data.severity and data.severity not in Severity.__members__.values():
        errors["severity"] = "intake.severity_invalid"
    if problem := description_problem(data.description):
        errors["description"] = problem
    if len(data.district) > DISTRICT_MAX:
        errors["district"] = "intake.district_long"
    if data.customer_email and not is_email(data.customer_email):
        errors["customer_email"] = "intake.email_invalid"
    return errors


def at_least(severity: Severity, floor: Severity) -> Severity:
    return max(severity, floor, key=SEVERITY_ORDER.index)


def decide_severity(requested: str, channel: str, complaints_by_phone_in_window: int) -> Severity:
    """The requested severity (default general), raised by the rules of the workflow issue:
    the postal regulator's complaints, and a customer's third complaint in 30 days, are at
    least serious."""
    severity = Severity(requested) if requested else Severity.GENERAL
    if channel == Channel.REGULATOR:
        severity = at_least(severity, Severity.SERIOUS)
    if complaints_by_phone_in_window >= 2:  # this one is the third (or later)
        severity = at_least(severity, Severity.SERIOUS)
    return severity


@dataclass(frozen=True)
class Earlier:
    id: int
    created_at: datetime
    waybill_no: str
    customer_phone: str
    category: str


def repeat_of(data: ComplaintInput, earlier: list[Earlier], now: datetime) -> int | None:
    """DESIGN's repeat rule: the same waybill, or the same phone with the same category, had
    a ticket in the previous 30 days. Returns the latest such ticket."""
    matches = [
        e
        for e in earlier
        if now - e.created_at <= REPEAT_WINDOW
        and (e.waybill_no == data.waybill_no or (e.customer_phone == data.customer_phone and e.category == data.category))
    ]
    return max(matches, key=lambda e: e.created_at).id if matches else None


@dataclass(frozen=True)
class Rule:
    kind: str  # "waybill_prefix" | "district"
    pattern: str
    outlet_id: int


def description_problem(text: str) -> str | None:
    """What is wrong with a description of what happened (the customer's own words), or None."""
    text = text.strip()
    if len(text) < DESCRIPTION_MIN:
        return "intake.description_short"
    if len(text) > DESCRIPTION_MAX:
        return "intake.description_long"
    return None


class RoutedBy(StrEnum):
    """Why a complaint went to its outlet (the staff form says so after recording)."""

    WAYBILL = "waybill"
    DISTRICT = "district"
    RECORDER = "recorder"  # nothing matched: the outlet of the staff member who recorded it
    TRIAGE = "triage"  # nothing matched and no recorder's outlet: HQ's triage queue


def route(data: ComplaintInput, rules: list[Rule]) -> int | None:
    """The responsible outlet: the longest matching waybill prefix, else an exact district;
    None sends the ticket to HQ's triage queue."""
    return routed(data, rules)[0]


def routed(data: ComplaintInput, rules: list[Rule], recorder_outlet: int | None = None) -> tuple[int | None, RoutedBy]:
    """`route`, and why; every path (public form, API, imports, staff) routes the same way, and
    only when no rule matches does a staff member's own outlet (`recorder_outlet`) take it."""
    prefixes = [r for r in rules if r.kind == "waybill_prefix" and data.waybill_no.startswith(r.pattern.upper())]
    if prefixes:
        return max(prefixes, key=lambda r: len(r.pattern)).outlet_id, RoutedBy.WAYBILL
    district = data.district.strip()
    for rule in rules:
        if rule.kind == "district" and district and rule.pattern.strip() == district:
            return rule.outlet_id, RoutedBy.DISTRICT
    if recorder_outlet is not None:
        return recorder_outlet, RoutedBy.RECORDER
    return None, RoutedBy.TRIAGE
