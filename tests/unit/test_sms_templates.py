"""Template values and phone formats per provider (domain/sms_templates.py)."""

from complaint_console.domain.sms_templates import NOTICE_PARAMS, e164, mainland_digits, template_env_name, template_values
from complaint_console.services.customer_notices import NODES


def test_every_customer_notice_kind_has_template_variables():
    assert set(NOTICE_PARAMS) == set(NODES)
    assert template_env_name("handed_to_outlet") == "SMS_TEMPLATE_HANDED_TO_OUTLET"


def test_values_are_short_except_the_link():
    link = "https://example.com/survey/" + "x" * 80
    payload = {"number": "CP-20261123-000001", "outlet": "上海浦东新区某某路某某号快递服务网点" * 3, "link": link}
    assert template_values("survey", payload) == [("number", "CP-20261123-000001"), ("link", link)]
    ((_, number), (_, outlet)) = template_values("handed_to_outlet", payload)
    assert number == "CP-20261123-000001" and len(outlet) == 35 and outlet.endswith("…")


def test_phone_formats():
    assert mainland_digits("+86 138-1234-5678") == "13812345678" == mainland_digits("008613812345678")
    assert e164("138 1234 5678") == "+8613812345678" == e164("+86 13812345678")
    assert e164("0085291234567") == "+85291234567"
    assert mainland_digits("+85291234567") == "85291234567" == mainland_digits("0085291234567")
