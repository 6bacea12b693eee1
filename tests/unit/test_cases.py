"""The teachability score, the case form's rules and the masking of free text for packs."""

from datetime import date

import pytest

from complaint_console.domain.cases import SIGNALS, WEIGHTS, form_of, parse_tags, score, tags_text, validate_case
from complaint_console.domain.masking import scrub_text

WEEK = date(2026, 11, 16)


def test_the_score_is_the_sum_of_the_signals_weights():
    assert score(set()) == 0
    assert score({"regulator"}) == 4
    assert score({"breached", "low_rating", "repeat"}) == 3 + 3 + 1
    assert score(set(SIGNALS)) == sum(WEIGHTS.values()) == 17
    with pytest.raises(ValueError):
        score({"famous"})


def test_the_weights_put_an_outside_complaint_above_an_internal_one():
    # the regulator alone outranks a repeat that was escalated: outside attention is the lesson
    assert score({"regulator"}) > score({"repeat", "escalated"})  # 4 > 3
    # every signal counts for something, and the documented order is heaviest first
    assert all(w > 0 for w in WEIGHTS.values())
    assert list(WEIGHTS.values()) == sorted(WEIGHTS.values(), reverse=True)


def good_form(**changes) -> dict:
    form = {
        "title": "延误未主动告知",
        "tags": "延误, 沟通，延误、 proactive call ",
        "practice": "bad",
        "lesson": "Call the customer before the promised date passes.",
        "why_1": "Why was the customer angry?",
        "because_1": "Nobody told her the parcel was late.",
        "why_2": "Why did nobody tell her?",
        "because_2": "The hub delay did not reach the outlet.",
        "root_cause": "No alert from hub delays to outlets.",
        "corrective_action": "Daily delay list to outlets",
        "action_owner": "Region East ops",
        "action_due": "2026-12-01",
    }
    form.update(changes)
    return form


def test_a_complete_form_becomes_a_draft():
    draft, errors = validate_case(good_form(), WEEK)
    assert errors == {}
    assert draft.tags == ["延误", "沟通", "proactive call"]
    assert [s.why for s in draft.five_whys] == ["Why was the customer angry?", "Why did nobody tell her?"]
    assert draft.root_cause.startswith("No alert") and draft.action_due == date(2026, 12, 1)


def test_each_field_gets_its_own_message():
    _, errors = validate_case(
        good_form(title="", tags=" , ", practice="meh", lesson="", action_owner="", action_due="next week"), WEEK
    )
    assert errors == {
        "title": "cases.error.title",
        "tags": "cases.error.tags_required",
        "practice": "cases.error.practice",
        "lesson": "cases.error.lesson",
        "action_owner": "cases.error.owner",
        "action_due": "cases.error.due",
    }


def test_the_five_why_chain_has_no_gaps_and_ends_in_a_root_cause():
    _, errors = validate_case(good_form(because_2="", why_4="Why so?", root_cause=""), WEEK)
    assert errors == {
        "because_2": "cases.error.because_missing",
        "why_3": "cases.error.why_missing",
        "because_3": "cases.error.because_missing",
        "because_4": "cases.error.because_missing",
        "root_cause": "cases.error.root_cause_missing",
    }
    _, errors = validate_case(good_form(why_1="", because_1="", why_2="", because_2=""), WEEK)
    assert errors == {"root_cause": "cases.error.root_cause_without_why"}
    draft, errors = validate_case(good_form(why_1="", because_1="", why_2="", because_2="", root_cause=""), WEEK)
    assert errors == {} and draft.five_whys == []  # the chain is optional


def test_a_bad_practice_needs_a_corrective_action_with_owner_and_due_date():
    _, errors = validate_case(good_form(corrective_action="", action_owner="", action_due=""), WEEK)
    assert errors == {"corrective_action": "cases.error.action_required"}
    draft, errors = validate_case(good_form(practice="good", corrective_action="", action_owner="", action_due=""), WEEK)
    assert errors == {} and draft.action_due is None
    _, errors = validate_case(good_form(action_due="2026-11-01"), WEEK)
    assert errors == {"action_due": "cases.error.due_past"}


def test_tags_and_the_form_round_trip():
    assert parse_tags("A, a ,b，c、") == ["A", "b", "c"]
    assert tags_text(["Sorting", "分拣"]) == "|sorting|分拣|" and tags_text([]) == ""
    draft, _ = validate_case(good_form(), WEEK)
    form = form_of(
        draft.title,
        draft.tags,
        draft.practice,
        draft.lesson,
        [{"why": s.why, "because": s.because} for s in draft.five_whys],
        draft.root_cause,
        draft.corrective_action,
        draft.action_owner,
        draft.action_due,
    )
    again, errors = validate_case(form, WEEK)
    assert errors == {} and again == draft
    assert form["why_5"] == "" and form["action_due"] == "2026-12-01"


def test_free_text_is_scrubbed_of_the_tickets_details_and_any_other_number():
    text = "孙丽华说：打13611112468或010-87654321找我，单号EAST0017777777777，孙丽华很生气。编号CP-20261120-000001"
    out = scrub_text(text, names=("孙丽华",), phones=("13611112468",), waybills=("EAST0017777777777",))
    for secret in ("孙丽华", "13611112468", "87654321", "EAST0017777777777"):
        assert secret not in out
    assert "孙**" in out and "136****2468" in out and "EA***********7777" in out
    assert "CP-20261120-000001" in out  # a complaint number is no personal detail
    assert scrub_text(None) == "" and scrub_text("no details here") == "no details here"
