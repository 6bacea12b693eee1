"""Customer and staff phones: every way people write a number gives the one stored form."""

from hypothesis import given
from hypothesis import strategies as st

from complaint_console.domain.intake import ComplaintInput, validate
from complaint_console.domain.masking import mask_phone
from complaint_console.domain.phones import is_mobile, normalise_phone

FULL_WIDTH = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")


@st.composite
def written(draw, digits: str, prefix: str = ""):
    """`digits` as a person might type them: split by spaces, dashes or dots, maybe with +86, maybe full-width."""
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=3)))
    parts = [digits[i:j] for i, j in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    text = draw(st.sampled_from([" ", "-", ".", ""])).join(parts)
    if prefix:
        text = prefix + draw(st.sampled_from([" ", "-", ""])) + text
    return text.translate(FULL_WIDTH) if draw(st.booleans()) else text


@given(written("13912345678") | written("13912345678", "+86") | written("13912345678", "0086"))
def test_a_mainland_mobile_is_stored_as_its_11_digits(text):
    assert normalise_phone(text) == "13912345678"


@given(written("057187654321") | written("57187654321", "+86"))
def test_a_landline_is_stored_with_its_area_code(text):
    assert normalise_phone(text) == "0571-87654321"


@given(written("91234567", "+852") | written("66123456", "+853") | written("912345678", "+886"))
def test_hong_kong_macau_and_taiwan_numbers_are_stored_in_e164(text):
    assert normalise_phone(text) in {"+85291234567", "+85366123456", "+886912345678"}


def test_numbers_that_are_not_phones_of_these_regions_are_refused():
    for bad in ("12345", "0571-123", "139123456789", "+1 650 253 0000", "+44 20 7946 0958", "abc", "", "1" * 50):
        assert normalise_phone(bad) is None, bad


def test_only_mobiles_get_text_messages_and_masking_keeps_the_last_four():
    assert is_mobile("13912345678") and is_mobile("+85291234567")
    assert not is_mobile("0571-87654321") and not is_mobile("010-12345678")
    assert mask_phone("0571-87654321").endswith("4321") and "8765" not in mask_phone("0571-87654321")


def test_every_intake_path_accepts_a_landline_and_stores_it_one_way():
    data = ComplaintInput("EAST0019977001122", "周女士", "(0571) 8765-4321", "web", "delay", "包裹晚到了三天还没有送到。")
    normalised = data.normalised()
    assert normalised.customer_phone == "0571-87654321" and validate(normalised) == {}
    refused = ComplaintInput("EAST0019977001122", "周女士", "12345", "web", "delay", "包裹晚到了三天还没有送到。").normalised()
    assert validate(refused) == {"customer_phone": "intake.phone_invalid"}
