from datetime import UTC, date, datetime, timedelta

import pytest

from complaint_console.domain.numbering import is_ticket_number, ticket_number
from complaint_console.domain.sla import DEFAULT_TARGETS, due_times
from complaint_console.domain.vocabulary import Severity


def test_ticket_number_format():
    assert ticket_number(date(2026, 11, 23), 42) == "CP-20261123-000042"
    assert is_ticket_number("cp-20261123-000042")
    assert not is_ticket_number("CP-2026112-000042")
    with pytest.raises(ValueError):
        ticket_number(date(2026, 11, 23), 0)


def test_default_targets_follow_seed_001():
    assert DEFAULT_TARGETS[Severity.GENERAL].response_minutes == 30
    assert DEFAULT_TARGETS[Severity.GENERAL].resolution_minutes == 24 * 60
    assert DEFAULT_TARGETS[Severity.SERIOUS].resolution_minutes == 48 * 60
    assert DEFAULT_TARGETS[Severity.URGENT].response_minutes == 10
    assert DEFAULT_TARGETS[Severity.URGENT].resolution_minutes == 120


def test_due_times_24x7_and_pause_pushes_resolution_back():
    created = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    response, resolution = due_times(created, DEFAULT_TARGETS[Severity.URGENT])
    assert response == created + timedelta(minutes=10)
    assert resolution == created + timedelta(hours=2)
    _, paused = due_times(created, DEFAULT_TARGETS[Severity.URGENT], paused_seconds=7200)
    assert paused == resolution + timedelta(hours=2)
