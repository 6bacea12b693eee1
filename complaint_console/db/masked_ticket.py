"""A ticket as the training features show it (typical cases, their pack, quality inspection):
its outlet and kind, the customer's details masked, free text scrubbed (`domain/masking.py`).

Every reader of those features builds its rows from `MaskedTicket.of`, so what is masked is
decided here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from complaint_console.db.models import Ticket
from complaint_console.domain.masking import mask_name, mask_phone, mask_waybill, scrub_text


class _TicketLike(Protocol):
    """A Ticket, or a query row with the same columns."""

    number: str
    category: str
    severity: str
    channel: str
    created_at: datetime
    customer_name: str
    customer_phone: str
    waybill_no: str


@dataclass(frozen=True)
class MaskedTicket:
    number: str
    outlet_code: str
    outlet_name: str
    region: str
    category: str
    severity: str
    channel: str
    created_at: datetime
    customer_name: str  # masked
    customer_phone: str  # masked
    waybill_no: str  # masked

    @property
    def outlet(self) -> str:
        return f"{self.outlet_code} {self.outlet_name}"

    @staticmethod
    def of(t: _TicketLike, outlet_code: str, outlet_name: str, region: str) -> dict[str, Any]:
        """The masked fields of `t`, to build a MaskedTicket (or a row that extends it) from."""
        return {
            "number": t.number,
            "outlet_code": outlet_code,
            "outlet_name": outlet_name,
            "region": region,
            "category": t.category,
            "severity": t.severity,
            "channel": t.channel,
            "created_at": t.created_at,
            "customer_name": mask_name(t.customer_name),
            "customer_phone": mask_phone(t.customer_phone),
            "waybill_no": mask_waybill(t.waybill_no),
        }


def scrub_for(ticket: Ticket, text: str | None) -> str:
    """`text` with this ticket's customer details (and any other phone, waybill, e-mail address,
    ID card, street address or introduced name: domain/masking.scrub_text) masked."""
    return scrub_text(text, (ticket.customer_name,), (ticket.customer_phone,), (ticket.waybill_no,), (ticket.customer_email,))
