"""The board's filters and search in its address (/board?severity=urgent&q=0099): a filtered board
can be bookmarked or sent, and opening the address shows the same board again."""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import urlencode

import reflex as rx

from complaint_console.domain.vocabulary import Category, Severity

SLA_STATES = ("breached", "paused", "running")
QUEUES = ("breached", "triage")
# state field -> query parameter
PARAMS = {"assignee": "assignee", "category": "category", "severity": "severity", "sla": "sla", "search": "q"}
KNOWN = (*PARAMS.values(), "outlet", "queue")


def _valid(name: str, value: str) -> bool:
    allowed = {
        "category": {c.value for c in Category},
        "severity": {s.value for s in Severity},
        "sla": set(SLA_STATES),
    }
    if name == "assignee":
        return value in ("mine", "none") or value.isdigit()
    return name not in allowed or value in allowed[name]


def from_query(query: Mapping[str, str]) -> dict[str, str] | None:
    """The board fields an address asks for (unknown values dropped), or None when it names none."""
    if not any(key in query for key in KNOWN):
        return None
    fields = {field: str(query.get(param, "")).strip() for field, param in PARAMS.items()}
    fields = {name: (value if _valid(name, value) else "") for name, value in fields.items()}
    fields["outlet_code"] = str(query.get("outlet", "")).strip().upper()
    queue = str(query.get("queue", ""))
    fields["queue"] = queue if queue in QUEUES else "breached"
    return fields


def address(fields: Mapping[str, str], network: bool) -> str:
    """/board with the fields that are set, in a stable order."""
    pairs = [(param, fields[field]) for field, param in PARAMS.items() if fields.get(field)]
    if fields.get("outlet_code"):
        pairs.append(("outlet", fields["outlet_code"]))
    if network and fields.get("queue") == "triage":
        pairs.append(("queue", "triage"))
    return "/board" + (f"?{urlencode(pairs)}" if pairs else "")


def show_address(url: str) -> rx.event.EventSpec:
    """Write `url` into the address bar without a navigation (no second load)."""
    return rx.call_script(f"window.history.replaceState(window.history.state, '', {json.dumps(url)})")
