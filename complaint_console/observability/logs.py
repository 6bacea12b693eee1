"""Structured log lines with timestamps: `key=value` text (the default) or JSON lines.

`configure(level, fmt)` installs one handler on the root logger, once per process; the
level and format come from LOG_LEVEL and LOG_FORMAT. Code logs facts as fields:
`log.info("job run", extra=fields(job="reminders", outcome="ok", ms=12))`.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

_FIELDS = "cc_fields"
_MARK = "_complaint_console_handler"


def fields(**values: Any) -> dict[str, dict[str, Any]]:
    """`extra=` for a log call: the values become fields of the line."""
    return {_FIELDS: values}


def _timestamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _record_fields(record: logging.LogRecord) -> dict[str, Any]:
    values = {"ts": _timestamp(record), "level": record.levelname, "logger": record.name, "msg": record.getMessage()}
    values.update(getattr(record, _FIELDS, {}))
    if record.exc_info:
        values["exc"] = logging.Formatter().formatException(record.exc_info)
    return values


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(_record_fields(record), ensure_ascii=False, default=str)


class KeyValueFormatter(logging.Formatter):
    """`ts=… level=… logger=… msg="…" key=value …`; values with spaces or quotes are quoted."""

    def format(self, record: logging.LogRecord) -> str:
        return " ".join(f"{key}={_text(value)}" for key, value in _record_fields(record).items())


def _text(value: Any) -> str:
    text = "" if value is None else str(value)
    if not text or any(c in text for c in ' "=\n\t'):
        return json.dumps(text, ensure_ascii=False)
    return text


def configure(level: str, fmt: str) -> None:
    """One handler on the root logger (stderr), replacing this module's earlier one."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else KeyValueFormatter())
    setattr(handler, _MARK, True)
    root.addHandler(handler)
    root.setLevel(level)
