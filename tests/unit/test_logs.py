"""Log lines: a timestamp, the level, the message and the call's fields, as JSON or key=value."""

import json
import logging

from complaint_console.observability.events import handler_name
from complaint_console.observability.logs import JsonFormatter, KeyValueFormatter, fields


def _record(msg: str, **values) -> logging.LogRecord:
    record = logging.LogRecord("complaint_console.jobs", logging.INFO, __file__, 1, msg, (), None)
    record.__dict__.update(fields(**values))
    return record


def test_json_lines_carry_the_fields():
    line = json.loads(JsonFormatter().format(_record("job run", job="reminders", ms=12, outcome="ok")))
    assert line["level"] == "INFO" and line["msg"] == "job run" and line["logger"] == "complaint_console.jobs"
    assert (line["job"], line["ms"], line["outcome"]) == ("reminders", 12, "ok")
    assert line["ts"].endswith("Z") and "T" in line["ts"]


def test_key_value_lines_quote_what_has_spaces():
    line = KeyValueFormatter().format(_record("notification", status="failed", error='550 no such user "x"', ticket=None))
    assert line.startswith("ts=") and " level=INFO " in line and " msg=notification " in line
    assert ' error="550 no such user \\"x\\""' in line and " status=failed" in line and ' ticket=""' in line


def test_a_log_call_with_fields_reaches_the_formatter(caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("complaint_console.test").info("event", extra=fields(handler="board_state.move", user_id=7))
    assert '"user_id": 7' in JsonFormatter().format(caplog.records[-1])


def test_handler_names_are_short():
    name = "reflex___state____state.complaint_console___states___board_move____board_move_state.submit"
    assert handler_name(name) == "board_move_state.submit"
    assert handler_name("reflex___state____state.hydrate") == "state.hydrate"
