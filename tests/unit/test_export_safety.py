"""Exported cells never run as formulas; Markdown never carries live HTML."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from complaint_console.domain.export_safety import FORMULA_TRIGGERS, csv_row, looks_like_formula, markdown_text


@given(st.sampled_from(FORMULA_TRIGGERS), st.text())
def test_formula_like_text_is_quoted_in_csv_and_keeps_what_was_typed(trigger, rest):
    typed = trigger + rest
    assert looks_like_formula(typed)
    (cell,) = csv_row([typed])
    assert cell == "'" + typed


@given(st.text().filter(lambda t: not t.startswith(FORMULA_TRIGGERS)))
def test_other_text_is_left_as_typed(text):
    assert not looks_like_formula(text)
    assert csv_row([text]) == [text]


def test_numbers_dates_and_blanks_stay_values():
    assert csv_row([-3, 1.5, None, "=1+1"]) == [-3, 1.5, "", "'=1+1"]
    assert not looks_like_formula(-3)


def test_a_hyperlink_formula_reads_back_from_csv_as_text():
    out = io.StringIO()
    csv.writer(out).writerow(csv_row(['=HYPERLINK("http://evil.example","click")', "@SUM(A1)", "normal"]))
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert [c[0] for c in row] == ["'", "'", "n"]


@given(st.text())
def test_markdown_text_carries_no_html_tag_and_no_unescaped_markup(text):
    out = markdown_text(text)
    assert "<" not in out and ">" not in out
    unescaped = out.replace("\\\\", "")
    for char in "*_#|[]`":
        assert all(unescaped[i - 1] == "\\" for i, c in enumerate(unescaped) if c == char and i > 0)
        assert not unescaped.startswith(char)


def test_markdown_text_escapes_a_script_tag_and_a_link():
    assert markdown_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert markdown_text("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
