"""An import report in a state: small lists of strings, capped; and the upload-then-import
flow the synchronous CSV imports share (routing rules, parcel volumes)."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from complaint_console.domain.access import Action, Actor
from complaint_console.domain.csv_file import FileError, Report
from complaint_console.states.offload import with_db
from complaint_console.states.session import require_actor

KEEP_PROBLEMS = 200  # per-user state holds at most this many problems; the rest are counted


def report_fields(report: Report) -> dict:
    """The state vars of a report (`imported`, `rejected`, `problems`, `more_problems`)."""
    return {
        "imported": report.imported,
        "rejected": report.rejected,
        "problems": [{"line": str(p.line), "field": p.field, "message": p.message} for p in report.problems],
        "more_problems": report.more_problems,
    }


class ImportReportState(rx.State, mixin=True):
    """The vars `components/import_report.py` shows, and how they are filled."""

    finished: bool = False
    imported: int = 0
    rejected: int = 0
    problems: list[dict[str, str]] = []
    more_problems: int = 0
    file_error: str = ""
    file_detail: str = ""

    def _clear_report(self) -> None:
        self.finished, self.imported, self.rejected, self.problems, self.more_problems = False, 0, 0, [], 0
        self.file_error, self.file_detail = "", ""

    def _show_report(self, report: Report) -> None:
        for name, value in report_fields(report).items():
            setattr(self, name, value)

    async def _import_upload(self, files: list[rx.UploadFile], apply: Callable[[Session, Actor, bytes], Report]) -> Report | None:
        """Check ADMINISTER, read the one file, `apply` it in a session; the report, or None
        with `file_error` set when nothing was imported."""
        actor = await require_actor(self, Action.ADMINISTER)
        self._clear_report()
        if actor is None:
            self.file_error = "import.forbidden"
            return None
        if not files:
            self.file_error = "import.no_file"
            return None
        content = await files[0].read()
        try:
            report = await with_db(lambda db: apply(db, actor, content))
        except FileError as exc:
            self.file_error, self.file_detail = exc.key, exc.detail
            return None
        self._show_report(report)
        self.finished = True
        return report
