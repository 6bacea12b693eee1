"""The short-lived shared results (services/recent.py)."""

from __future__ import annotations

from complaint_console.services.recent import Recent


def test_a_result_serves_for_its_seconds_then_is_made_again():
    made, now = [], [0.0]
    recent = Recent(60, clock=lambda: now[0])

    def make():
        made.append(1)
        return len(made)

    assert recent.get("week", make) == 1
    now[0] = 59.0
    assert recent.get("week", make) == 1  # still recent: not made again
    assert recent.get("other week", make) == 2  # another key is another result
    now[0] = 61.0
    assert recent.get("week", make) == 3  # 61 s old: made again


def test_at_most_size_results_are_kept_the_oldest_used_going_first():
    recent = Recent(60, size=2)
    recent.get("a", lambda: "A")
    recent.get("b", lambda: "B")
    recent.get("c", lambda: "C")  # "a" goes
    assert recent.get("b", lambda: "new B") == "B"
    assert recent.get("a", lambda: "new A") == "new A"
