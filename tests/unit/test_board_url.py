"""The board's address: what it restores and what it writes."""

from complaint_console.states.board_url import address, from_query


def test_an_address_without_filters_restores_nothing():
    assert from_query({}) is None
    assert from_query({"utm": "x"}) is None


def test_filters_round_trip_and_unknown_values_are_dropped():
    fields = from_query({"severity": "urgent", "q": "0099", "category": "nonsense", "assignee": "7; drop"})
    assert fields["severity"] == "urgent" and fields["search"] == "0099"
    assert fields["category"] == "" and fields["assignee"] == ""
    assert address(fields, network=False) == "/board?severity=urgent&q=0099"
    assert address({"queue": "triage", "outlet_code": ""}, network=True) == "/board?queue=triage"
    assert address({"search": "a&b"}, network=False) == "/board?q=a%26b"
