"""The API's published field rules (api/schemas.py) never accept what the domain refuses:
text that fits a field's documented pattern and lengths passes domain/intake.validate.
(What the rules refuse, the API refuses before the domain sees it.)"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaint_console.api.schemas import ComplaintRequest
from complaint_console.api.text_rules import Text
from complaint_console.domain.intake import ComplaintInput, validate

GOOD = dict(
    waybill_no="EAST0010000123",
    customer_name="王小明",
    customer_phone="13812345678",
    channel="app",
    category="delay",
    description="The parcel is three days late.",
    customer_email="",
)
FIELDS = ["waybill_no", "customer_name", "customer_phone", "description", "customer_email", "district"]
TRICKY = st.text(st.sampled_from(" \t\n\r\x00\u3000\u00a0aZz9-+@.ıß王"), max_size=40) | st.text(max_size=60)


def rule(name: str) -> Text:
    return next(m for m in ComplaintRequest.model_fields[name].metadata if isinstance(m, Text))


def fits(text: Text, value: str) -> bool:
    try:
        text.check(value)
    except ValueError:
        return False
    return True


def domain_accepts(name: str, value: str) -> bool:
    return name not in validate(ComplaintInput(**{**GOOD, name: value}).normalised())


@pytest.mark.parametrize("name", FIELDS)
@settings(max_examples=200, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_what_the_document_accepts_the_domain_accepts(name, data):
    text = rule(name)
    generated = st.from_regex(re.compile(text.pattern)) if text.pattern else st.text(max_size=text.max_length)
    value = data.draw(generated | TRICKY)
    if fits(text, value):
        assert domain_accepts(name, value), repr(value)
