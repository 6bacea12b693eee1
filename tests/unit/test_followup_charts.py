"""The follow-up figures carry what the page must show: Pareto bars in count order with the
cumulative line, and the effect check's weeks before and after, labelled in the user's language."""

from datetime import date

from complaint_console.domain.root_causes import pareto
from complaint_console.views.followup_charts import effect_figure, pareto_figure, trend_figure
from complaint_console.views.score_charts import plain


def test_pareto_figure_bars_and_cumulative_line_in_chinese():
    bars = pareto({"weather": 1, "packaging": 3})
    fig = plain(pareto_figure(bars, {"packaging": "包装不当", "weather": "天气原因"}, "zh"))
    bar, line = fig["data"]
    assert list(bar["x"]) == ["包装不当", "天气原因"] and list(bar["y"]) == [3, 1]
    assert list(line["y"]) == [75.0, 100.0] and line["yaxis"] == "y2" and line["name"] == "累计百分比"


def test_trend_figure_has_a_line_per_root_cause_busiest_first():
    fig = plain(trend_figure([date(2026, 11, 23), date(2026, 11, 30)], {"a": [0, 1], "b": [2, 3]}, {"b": "Bee"}, "en"))
    assert [s["name"] for s in fig["data"]] == ["Bee", "a"] and list(fig["data"][0]["x"]) == ["2026-11-23", "2026-11-30"]


def test_effect_figure_before_and_after():
    fig = plain(effect_figure([1, 0, 0, 2], [0, 0, 1, 0], "en"))
    before, after = fig["data"]
    assert list(before["x"]) == ["-4", "-3", "-2", "-1"] and list(before["y"]) == [1, 0, 0, 2]
    assert list(after["x"]) == ["+1", "+2", "+3", "+4"] and list(after["y"]) == [0, 0, 1, 0]
    assert (before["name"], after["name"]) == ("Before the action", "After the action")
