"""How often the public complaint form may be used, and by whom (no I/O).

Keyed by more than the connection: customers behind one carrier-grade NAT or at a counter
kiosk share an address, so the per-client limit is generous, and the tight limits are per
phone number and per waybill a day (one customer, one parcel). Refused uploads (too many or
too large files) are counted too, so probing with oversized files stops quickly. The numbers
are settings (PUBLIC_LIMIT_*); these are their defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from complaint_console.domain.phones import normalise_phone

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class PublicLimits:
    per_client_hour: int = 30
    per_phone_day: int = 3
    per_waybill_day: int = 3
    refused_uploads_per_client_hour: int = 10


@dataclass(frozen=True)
class Window:
    key: str
    limit: int
    length: timedelta


def complaint_windows(limits: PublicLimits, client: str, phone: str, waybill: str) -> list[Window]:
    """Each counter a filed complaint counts against; over any one of them, the form refuses."""
    windows = [Window(f"complain:client:{client}", limits.per_client_hour, HOUR)]
    if number := normalise_phone(phone):
        windows.append(Window(f"complain:phone:{number}", limits.per_phone_day, DAY))
    if parcel := "".join(waybill.split()).upper():
        windows.append(Window(f"complain:waybill:{parcel}", limits.per_waybill_day, DAY))
    return windows


def refused_upload_window(limits: PublicLimits, client: str) -> Window:
    return Window(f"complain:refused:{client}", limits.refused_uploads_per_client_hour, HOUR)
