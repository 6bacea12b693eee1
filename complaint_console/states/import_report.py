"""What an import report looks like in a state: small lists of strings, capped."""

from __future__ import annotations

from complaint_console.domain.csv_file import Report

KEEP_PROBLEMS = 200  # per-user state holds at most this many problems; the rest are counted


def report_fields(report: Report) -> dict:
    """The state vars of a report (`imported`, `rejected`, `problems`, `more_problems`)."""
    return {
        "imported": report.imported,
        "rejected": report.rejected,
        "problems": [{"line": str(p.line), "field": p.field, "message": p.message} for p in report.problems],
        "more_problems": report.more_problems,
    }
