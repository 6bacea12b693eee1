"""One CSV row of an import, checked and turned into domain values (plain Python).

Tickets: the intake fields (checked by `domain.intake.validate`, so the messages are the
intake forms' own) plus `received_at`. Routing rules: kind, pattern and outlet code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from complaint_console.domain.intake import ComplaintInput, validate

TICKET_REQUIRED = ("waybill_no", "customer_name", "customer_phone", "channel", "category", "description")
TICKET_OPTIONAL = ("severity", "district", "customer_language", "received_at")
ROUTING_COLUMNS = ("kind", "pattern", "outlet_code")
ROUTING_KINDS = ("waybill_prefix", "district")
PREFIX = re.compile(r"^[A-Z0-9]{1,30}$")
MAX_PATTERN = 100
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
SLASHED = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d")  # how Excel often saves dates


@dataclass(frozen=True)
class TicketRow:
    data: ComplaintInput
    received_at: datetime | None  # None: now


def parse_received_at(text: str, now: datetime, local: tzinfo) -> datetime | None:
    """ISO date-time with an offset, or naive in the business time zone; None if not a sane past time."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        for pattern in SLASHED:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local)
    moment = moment.astimezone(UTC)
    return moment if EARLIEST <= moment <= now else None


def parse_ticket_row(values: dict[str, str], now: datetime, local: tzinfo) -> TicketRow | dict[str, str]:
    """The complaint of a row, or its problems by column (message keys)."""
    language = values.get("customer_language", "").strip().lower() or "zh"
    data = ComplaintInput(
        **{name: values.get(name, "") for name in TICKET_REQUIRED},
        severity=values.get("severity", "").strip().lower(),
        district=values.get("district", ""),
        customer_language=language,
    ).normalised()
    errors = validate(data)
    if language not in ("zh", "en"):
        errors["customer_language"] = "import.language_invalid"
    received_at = None
    if values.get("received_at", "").strip():
        received_at = parse_received_at(values["received_at"], now, local)
        if received_at is None:
            errors["received_at"] = "import.received_invalid"
    return errors or TicketRow(data, received_at)


@dataclass(frozen=True)
class RoutingRow:
    kind: str
    pattern: str
    outlet_code: str


def parse_routing_row(values: dict[str, str]) -> RoutingRow | dict[str, str]:
    """A routing rule of a row (prefix upper-cased, spaces removed), or its problems by column.
    Whether the outlet exists is for the caller, who has the database."""
    errors: dict[str, str] = {}
    kind = values.get("kind", "").strip().lower()
    pattern = values.get("pattern", "").strip()
    code = values.get("outlet_code", "").strip()
    if kind not in ROUTING_KINDS:
        errors["kind"] = "import.kind_invalid"
    if kind == "waybill_prefix":
        pattern = pattern.upper().replace(" ", "")
    if not pattern:
        errors["pattern"] = "import.pattern_required"
    elif len(pattern) > MAX_PATTERN:
        errors["pattern"] = "import.pattern_too_long"
    elif kind == "waybill_prefix" and not PREFIX.match(pattern):
        errors["pattern"] = "import.prefix_invalid"
    if not code:
        errors["outlet_code"] = "import.outlet_required"
    return errors or RoutingRow(kind, pattern, code)
