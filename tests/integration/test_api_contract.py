"""Schemathesis against the published OpenAPI document, on the real ASGI app and a migrated
database (SQLite; PostgreSQL too with TEST_POSTGRES_URL), with a valid API key.

Every default check runs: no 5xx; each answer's status, content type, headers and body are
the documented ones; a body the document calls valid is accepted (never a 422), and one it
calls invalid is refused. Examples, coverage and fuzzing phases, positive and negative data;
derandomized, so a run is the same every time."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from complaint_console.api import api_app
from tests.api_support import auth, client_on, seed

schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api_app)
CONTRACT_CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "positive_data_acceptance",
    "negative_data_rejection",
]


@pytest.fixture
def api_db(db, migrated_engine):
    seed(db)
    with client_on(migrated_engine):  # binds the app's session to the test database
        yield


@schema.parametrize()
@settings(max_examples=80, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_published_contract(api_db, case):
    case.call_and_validate(headers=auth())  # every check enabled in schemathesis's configuration


def test_the_contract_checks_and_both_kinds_of_data_are_on():
    operation = schema["/api/v1/complaints"]["POST"]
    checks = schema.config.checks_config_for(operation=operation, phase="fuzzing")
    assert all(checks.get_by_name(name=name).enabled for name in CONTRACT_CHECKS)
    assert {mode.value for mode in schema.config.generation_for(operation=operation).modes} == {"positive", "negative"}
    phases = schema.config.phases_for(operation=operation)
    assert phases.examples.enabled and phases.coverage.enabled and phases.fuzzing.enabled
