"""/scores views as URLs (states/score_view.ScoreView): what a link says is what the page shows."""

from __future__ import annotations

from urllib.parse import unquote_plus

from complaint_console.states.score_view import ALL, ScoreView

WEEKS, REGIONS = {"live", "2026-11-23", "2026-11-16"}, ["EAST", "SOUTH"]


def test_a_view_survives_its_own_url():
    view = ScoreView("2026-11-16", "EAST", "杭州", "timeliness", True, 2)
    query = view.url().split("?", 1)[1]
    params = dict(pair.split("=", 1) for pair in query.split("&"))
    assert ScoreView.from_query({k: unquote_plus(v) for k, v in params.items()}, WEEKS, REGIONS) == view
    assert view.url() == "/scores?week=2026-11-16&region=EAST&q=%E6%9D%AD%E5%B7%9E&sort=timeliness&desc=1&page=3"


def test_the_default_view_has_a_bare_url():
    assert ScoreView().url() == "/scores"


def test_what_a_url_gets_wrong_falls_back_to_the_default():
    view = ScoreView.from_query(
        {"week": "2025-01-06", "region": "MARS", "sort": "drop table", "desc": "yes", "page": "-3"}, WEEKS, REGIONS
    )
    assert view == ScoreView(week="", region=ALL, sort="rank", descending=False, page=0)
    assert ScoreView.from_query({"page": "abc"}, WEEKS, REGIONS).page == 0
    assert ScoreView.from_query({"q": "x" * 500}, WEEKS, REGIONS).search == "x" * 100


def test_a_bar_of_the_distribution_is_part_of_the_url():
    view = ScoreView("2026-11-16", "EAST", band=6)
    assert view.url() == "/scores?week=2026-11-16&region=EAST&band=6"
    assert ScoreView.from_query({"week": "2026-11-16", "region": "EAST", "band": "6"}, WEEKS, REGIONS) == view
    assert ScoreView.from_query({"band": "10"}, WEEKS, REGIONS).band is None
    assert ScoreView.from_query({"band": "-1"}, WEEKS, REGIONS).band is None


def test_a_comparison_is_part_of_the_url_and_only_with_what_exists():
    view = ScoreView("2026-11-23", vs="region:SOUTH")
    assert view.url() == "/scores?week=2026-11-23&vs=region%3ASOUTH"
    assert ScoreView.from_query({"week": "2026-11-23", "vs": "region:SOUTH"}, WEEKS, REGIONS) == view
    assert ScoreView.from_query({"vs": "week:2026-11-16"}, WEEKS, REGIONS).vs == "week:2026-11-16"
    for wrong in ("week:live", "week:2025-01-06", "region:MARS", "planet:EAST", "SOUTH"):
        assert ScoreView.from_query({"vs": wrong}, WEEKS, REGIONS).vs == ""


def test_a_slice_of_the_category_or_channel_chart_is_part_of_the_url():
    view = ScoreView("2026-11-23", received="category:delay")
    assert view.url() == "/scores?week=2026-11-23&received=category%3Adelay"
    assert ScoreView.from_query({"week": "2026-11-23", "received": "category:delay"}, WEEKS, REGIONS) == view
    for wrong in ("category:", "severity:urgent", "channel:x;drop", "category:" + "a" * 41):
        assert ScoreView.from_query({"received": wrong}, WEEKS, REGIONS).received == ""
