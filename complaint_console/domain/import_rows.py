"""One CSV row of an import, checked and turned into domain values (plain Python).

Tickets: the intake fields (checked by `domain.intake.validate`, so the messages are the
intake forms' own) plus `received_at`. Routing rules: kind, pattern and outlet code.
Parcel volumes: outlet code, week (a Monday) and parcels (a positive integer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from complaint_console.domain.intake import ComplaintInput, validate

TICKET_REQUIRED = ("waybill_no", "customer_name", "customer_phone", "channel", "category", "description")
TICKET_OPTIONAL = ("severity", "district", "customer_language", "received_at", "customer_email")
ROUTING_COLUMNS = ("kind", "pattern", "outlet_code")
ROUTING_KINDS = ("waybill_prefix", "district")
VOLUME_COLUMNS = ("outlet_code", "week", "parcels")
MAX_PARCELS = 2_000_000_000  # fits an INTEGER column
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
        customer_email=values.get("customer_email", ""),
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


@dataclass(frozen=True)
class VolumeRow:
    outlet_code: str
    week_start: date
    parcels: int


def parse_week(text: str) -> date | None:
    """A Monday as YYYY-MM-DD (or YYYY/MM/DD, as Excel saves it); None otherwise."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%Y/%m/%d"):
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return day if day.weekday() == 0 and day.year >= EARLIEST.year else None
    return None


def parse_volume_row(values: dict[str, str]) -> VolumeRow | dict[str, str]:
    """A week's parcel count of a row, or its problems by column. Whether the outlet exists is for the caller."""
    errors: dict[str, str] = {}
    code = values.get("outlet_code", "").strip()
    if not code:
        errors["outlet_code"] = "import.outlet_required"
    week = parse_week(values.get("week", ""))
    if week is None:
        errors["week"] = "import.week_invalid"
    text = values.get("parcels", "").strip().replace(",", "").replace("_", "")
    parcels = int(text) if text.isdigit() else 0  # isdigit: no sign, no decimals
    if not 0 < parcels <= MAX_PARCELS:
        errors["parcels"] = "import.parcels_invalid"
    return errors or VolumeRow(code, week, parcels)
