"""Imports as recorded jobs (plain Python): their statuses, when a job's process is gone, and
the fingerprint that makes an imported ticket row recognisable when its file comes again.

A job is `waiting` (its file is kept, nothing read yet), `running` (a process imports it and
writes its progress and a heartbeat every batch), then `done`, `failed` (the file was refused,
or an error stopped it), or `interrupted` (its process stopped without finishing: killed,
crashed, restarted). A `waiting` or `running` job whose process is gone is interrupted; see
`abandoned`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from complaint_console.domain.import_rows import TicketRow

WAITING, RUNNING, DONE, FAILED, INTERRUPTED = "waiting", "running", "done", "failed", "interrupted"
STATUSES = (WAITING, RUNNING, DONE, FAILED, INTERRUPTED)
LIVE = (WAITING, RUNNING)  # a process is (or should be) working on it
RESUMABLE = (INTERRUPTED, FAILED)  # with its file still kept
KINDS = ("tickets", "outlets", "staff")
# A running import writes a heartbeat at least every few seconds (every batch of rows): one
# silent for this long has no process any more, wherever that process ran.
STALE_AFTER = timedelta(minutes=2)
FINGERPRINT_VERSION = "v1"


def abandoned(
    holder: str,
    heartbeat_at: datetime | None,
    now: datetime,
    this_host: str,
    alive: Callable[[int], bool],
    stale_after: timedelta = STALE_AFTER,
) -> bool:
    """Whether a waiting or running job's process is gone: its heartbeat is older than
    `stale_after`, or it ran on this host (`holder` is "host:pid") under a pid not alive now.
    The second rule finds a killed process at once; the first one finds it from any host."""
    if heartbeat_at is None or now - heartbeat_at > stale_after:
        return True
    host, _, pid = holder.rpartition(":")
    return host == this_host and pid.isdigit() and not alive(int(pid))


def _text(value: str) -> str:
    """Text as a person reads it: full-width and half-width forms alike, case and runs of spaces ignored."""
    return " ".join(unicodedata.normalize("NFKC", value).split()).casefold()


def ticket_fingerprint(row: TicketRow) -> str:
    """The same complaint row, however the file was re-saved, gives the same 64 hex digits.

    Made of what tells one complaint from another: waybill, phone, channel, category,
    description and `received_at` (UTC; empty when the row has none). Parsing already
    normalised waybill (upper case, no spaces) and phone (digits); text is compared
    NFKC-normalised, case-folded, with runs of white space as one. The customer's name,
    e-mail, language, severity and district are left out: a row corrected there is still the
    complaint imported before."""
    data = row.data
    received = row.received_at.astimezone(UTC).isoformat(timespec="seconds") if row.received_at else ""
    parts = (
        FINGERPRINT_VERSION,
        _text(data.waybill_no),
        _text(data.customer_phone),
        _text(data.channel),
        _text(data.category),
        _text(data.description),
        received,
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
