"""Reading CSV files for the imports: encodings, header checks, limits, spreadsheet line numbers."""

import pytest

from complaint_console.domain.csv_file import FileError, Problem, Report, read_table

REQUIRED = ("a", "b")


def read(text: str | bytes, **kw):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return read_table(content, REQUIRED, ("c",), **kw)


def test_rows_keep_the_line_a_spreadsheet_shows():
    table = read('a,b\n1,2\n\n"x\ny",3\n4,5,\n')
    assert [(r.line, r.values) for r in table.rows] == [
        (2, {"a": "1", "b": "2"}),
        (4, {"a": "x\ny", "b": "3"}),  # a blank line 3 is skipped but still counted
        (5, {"a": "4", "b": "5"}),  # an empty trailing cell is fine
    ]


def test_header_is_trimmed_case_insensitive_and_bom_and_gbk_are_read():
    assert read("\ufeff A ,B,C\n1,2,3\n").rows[0].values == {"a": "1", "b": "2", "c": "3"}
    assert read("a,b\n王小明,上海\n".encode("gbk")).rows[0].values == {"a": "王小明", "b": "上海"}


@pytest.mark.parametrize(
    ("text", "key", "detail"),
    [
        ("a,x\n1,2\n", "import.unknown_columns", "x"),
        ("a,c\n1,2\n", "import.missing_columns", "b"),
        ("a,b,a\n1,2,3\n", "import.duplicate_columns", "a"),
        ("", "import.no_header", ""),
        ("a,b\n", "import.no_rows", ""),
        (b"a,b\n\xff\xfe\x00\x00", "import.encoding", ""),
    ],
)
def test_file_level_errors(text, key, detail):
    with pytest.raises(FileError) as exc:
        read(text)
    assert (exc.value.key, exc.value.detail) == (key, detail)


def test_limits_on_size_and_rows():
    with pytest.raises(FileError, match="import.too_big"):
        read("a,b\n" + "1,2\n" * 10, max_bytes=20)
    with pytest.raises(FileError, match="import.too_many_rows"):
        read("a,b\n" + "1,2\n" * 4, max_rows=3)
    assert len(read("a,b\n" + "1,2\n" * 3, max_rows=3).rows) == 3


def test_a_row_with_more_cells_than_columns_is_a_problem_of_its_line():
    table = read("a,b\n1,2,3,4\n5,6\n")
    assert table.problems == [Problem(2, "*", "import.extra_cells")]
    assert [r.line for r in table.rows] == [3]


def test_report_keeps_the_first_problems_and_counts_the_rest():
    report = Report(total=4, keep=2)
    report.reject([Problem(2, "a", "k"), Problem(2, "b", "k")])
    report.reject([Problem(3, "a", "k")])
    assert report.rejected == 2 and len(report.problems) == 2 and report.more_problems == 1
    report.done = 2
    assert report.percent == 50
