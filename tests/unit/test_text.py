"""Names without invisible characters; free text within its limit."""

import pytest

from complaint_console.domain import stages, text
from complaint_console.domain.intake import ComplaintInput, validate
from complaint_console.domain.stages import MoveFields, TicketFacts
from complaint_console.domain.vocabulary import Category, Role, Stage


@pytest.mark.parametrize(
    "typed",
    ["王\u202e小明", "王\u200b小明", "\u2066王小明\u2069", "王\ufeff小明\u200d", " 王小明\u200e ", "王\x00小明"],
)
def test_names_lose_bidi_controls_and_zero_width_characters(typed):
    assert text.clean_name(typed) == "王小明"


def test_a_customer_name_is_stored_as_it_shows():
    data = ComplaintInput(
        waybill_no="ZT123456789012",
        customer_name="Ali\u202eecila",
        customer_phone="13812345678",
        channel="web",
        category="damage",
        description="The box was crushed.",
    ).normalised()
    assert data.customer_name == "Aliecila" and validate(data) == {}


def test_notes_and_summaries_have_limits():
    facts = TicketFacts(
        stage=Stage.INVESTIGATING, category=Category.DAMAGE, authority_limit=500, approved_compensation=None, low_rating=False
    )
    fine = MoveFields(note="x" * text.NOTE_MAX)
    assert stages.check_move(facts, Role.OUTLET_MANAGER, Stage.PROPOSING, fine) == {}
    long = MoveFields(note="x" * (text.NOTE_MAX + 1))
    assert stages.check_move(facts, Role.OUTLET_MANAGER, Stage.PROPOSING, long) == {"note": "text.too_long"}


def test_a_required_note_says_what_is_wrong_with_it():
    assert text.note_problem("  \n ") == "ticket.note_required"
    assert text.note_problem("x" * text.NOTE_MAX) is None
    assert text.note_problem("x" * (text.NOTE_MAX + 1)) == "text.too_long"
    assert text.note_problem("x" * 3000, limit=text.SUMMARY_MAX) is None
