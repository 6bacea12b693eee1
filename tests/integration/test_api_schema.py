"""Schemathesis against the published OpenAPI document: generated requests get no 5xx, and
every answer (201, 401, 409, 422) matches what the document says."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from complaint_console.api import api_app
from tests.api_support import auth, client_on, seed

schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api_app)


@pytest.fixture
def api_db(db, migrated_engine):
    seed(db)
    with client_on(migrated_engine):  # binds the app's session to the test database
        yield


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_published_contract(api_db, case):
    # Every check but "schema-valid data is accepted": the schema states the formats, but the
    # domain also trims text first, so " x " or a description of 10 characters ending in a
    # newline is valid for the schema and still refused with the forms' message (a 422).
    case.call_and_validate(headers=auth(), excluded_checks=[positive_data_acceptance])
