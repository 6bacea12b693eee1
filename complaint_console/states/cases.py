"""/cases: candidates of a week, the case form, the case library and the weekly pack.

training_lead (EDIT_CASES) picks and edits cases; HQ roles (VIEW_CASES) read. Every
handler re-checks the role; lists are paged in SQL, 50 rows at a time.
"""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx
from sqlmodel import select

from complaint_console.db import cases as db_cases
from complaint_console.db.models import Region
from complaint_console.db.scores import monday_of
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, may
from complaint_console.domain.cases import form_of, validate_case
from complaint_console.i18n.catalogue import translate
from complaint_console.services import case_pack, cases
from complaint_console.services.root_causes import set_case_root_cause
from complaint_console.settings import get_settings
from complaint_console.states.case_actions import NO_ROOT_CAUSE, CaseActionsState
from complaint_console.states.case_homework import CaseHomeworkState
from complaint_console.states.case_story import CaseStoryState
from complaint_console.states.offload import in_thread, with_db
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views import case_slides
from complaint_console.views.formatting import business_time

PAGE = 50
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
WEEKS_SHOWN = 12


def _weeks() -> list[str]:
    this = monday_of(utcnow(), get_settings().business_tz)
    return [(this - timedelta(weeks=i)).isoformat() for i in range(WEEKS_SHOWN)]


def _week(value: str) -> date | None:
    try:
        week = date.fromisoformat(value)
    except ValueError:
        return None
    return week if week.weekday() == 0 else None


async def _lang(state: rx.State) -> str:
    return (await state.get_state(SessionState)).lang


PACK_FORMATS = {
    "pdf": (case_pack.pdf, "application/pdf"),
    "md": (case_pack.markdown, "text/markdown"),
    "pptx": (case_slides.pptx, PPTX_TYPE),
}


class CasesState(rx.State):
    """The candidate list of a week, its filters, and the pack export."""

    week: str = ""
    weeks: list[str] = []
    category: str = ""
    region: str = ""
    signal: str = ""
    regions: list[list[str]] = []
    rows: list[dict] = []
    total: int = 0
    page: int = 0
    picked: int = 0  # cases already picked for the week
    can_edit: bool = False

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE))

    @rx.event
    async def load(self):
        self.weeks = _weeks()
        if self.week not in self.weeks:
            self.week = self.weeks[1]  # last week: the one the meeting reviews
        self.page = 0
        regions = await with_db(lambda db: db.exec(select(Region).order_by(Region.code)).all())
        self.regions = [[r.code, r.name, r.name_zh] for r in regions]
        await self._refresh()

    @rx.event
    async def set_week(self, value: str):
        if _week(value) is not None:
            self.week, self.page = value, 0
            await self._refresh()

    @rx.event
    async def set_filter(self, name: str, value: str):
        if name in ("category", "region", "signal"):
            setattr(self, name, "" if value == "all" else value)
            self.page = 0
            await self._refresh()

    @rx.event
    async def turn(self, step: int):
        self.page = max(0, min(self.page + step, self.pages - 1))
        await self._refresh()

    async def _refresh(self) -> None:
        actor = await require_actor(self, Action.VIEW_CASES)
        week = _week(self.week)
        if actor is None or week is None:
            self.rows, self.total, self.picked, self.can_edit = [], 0, 0, False
            return
        self.can_edit = may(actor, Action.EDIT_CASES)
        tz = get_settings().business_tz
        f = db_cases.CandidateFilter(week, self.category, self.region, self.signal)
        offset = self.page * PAGE

        def read(db):
            return (
                db_cases.count_candidates(db, actor, f, tz),
                db_cases.candidates(db, actor, f, tz, PAGE, offset),
                db_cases.count_library(db, actor, db_cases.LibraryQuery(week_start=week)),
            )

        self.total, found, self.picked = await with_db(read)
        self.rows = [
            {
                "number": c.number,
                "outlet": c.outlet_code,
                "outlet_name": c.outlet_name,
                "region": c.region,
                "category": c.category,
                "severity": c.severity,
                "stage": c.stage,
                "created": business_time(c.created_at),
                "customer": f"{c.customer_name} · {c.customer_phone}",
                "waybill": c.waybill_no,
                "signals": list(c.signals),
                "score": c.score,
                "picked": c.case_id is not None,
            }
            for c in found
        ]

    async def _pack(self):
        actor = await require_actor(self, Action.VIEW_CASES)
        week = _week(self.week)
        if actor is None or week is None:
            return None, None
        return await with_db(lambda db: case_pack.build(db, actor, week)), await _lang(self)

    async def _download(self, extension: str):
        """The week's pack in one format (its builder runs in a worker thread), as a download."""
        pack, lang = await self._pack()
        if pack is None:
            return None
        build, mime = PACK_FORMATS[extension]
        data = await in_thread(build, pack, lang)
        return rx.download(data=data, filename=case_pack.filename(pack.week_start, extension), mime_type=mime)

    @rx.event
    async def export_pdf(self):
        return await self._download("pdf")

    @rx.event
    async def export_markdown(self):
        return await self._download("md")

    @rx.event
    async def export_pptx(self):
        return await self._download("pptx")


EMPTY_FORM = form_of("", [], "bad", "", [], "", "", "", None)


class CaseFormState(rx.State):
    """/cases/ticket/<number>: the ticket (masked) and its case, editable by the training lead."""

    loaded: bool = False
    found: bool = False
    ticket: dict[str, str] = {}
    signals: list[str] = []
    form: dict[str, str] = dict(EMPTY_FORM)
    errors: dict[str, str] = {}
    has_case: bool = False
    can_edit: bool = False
    can_open_ticket: bool = False
    week: str = ""
    form_key: int = 0
    root_cause_code: str = NO_ROOT_CAUSE  # from the list HQ edits; the form's free text says it in words

    @rx.event
    async def load(self):
        self.loaded, self.found, self.errors = False, False, {}
        self.ticket, self.signals, self.form, self.has_case = {}, [], dict(EMPTY_FORM), False
        self.root_cause_code = NO_ROOT_CAUSE
        number = self.number
        actor = await require_actor(self, Action.VIEW_CASES)
        if actor is not None:
            await self._read(actor, number)
        self.loaded, self.form_key = True, self.form_key + 1

    async def _read(self, actor, number: str) -> None:
        tz = get_settings().business_tz

        def read(db):
            t = db_cases.case_ticket(db, actor, number)
            return t, (db_cases.case_for_ticket(db, t.ticket_id) if t else None)

        t, case = await with_db(read)
        if t is None:
            return
        self.found = True
        self.can_edit = may(actor, Action.EDIT_CASES)
        self.can_open_ticket = may(actor, Action.VIEW_TICKETS)  # case_ticket already applied the ticket scope
        self.ticket = {
            "number": t.number,
            "outlet": f"{t.outlet_code} · {t.outlet_name}",
            "category": t.category,
            "severity": t.severity,
            "channel": t.channel,
            "stage": t.stage,
            "created": business_time(t.created_at),
            "customer": t.customer_name,
            "phone": t.customer_phone,
            "waybill": t.waybill_no,
            "description": t.description,
            "resolution": t.resolution_summary,
            "compensation": "" if t.compensation_amount is None else str(t.compensation_amount),
        }
        self.signals = list(t.signals)
        if case is not None:
            self.has_case, self.week = True, case.week_start.isoformat()
            self.root_cause_code = case.root_cause_code or NO_ROOT_CAUSE
            self.form = form_of(
                case.title,
                case.tags or [],
                case.practice,
                case.lesson,
                case.five_whys or [],
                case.root_cause,
                case.corrective_action,
                case.action_owner,
                case.action_due,
            )
        else:
            self.week = monday_of(t.created_at, tz).isoformat()

    @rx.event
    async def save(self, form: dict):
        actor = await require_actor(self, Action.EDIT_CASES)
        if actor is None or not self.found:
            return
        week = date.fromisoformat(self.week)
        values = {k: str(v or "") for k, v in form.items()}
        draft, self.errors = validate_case(values, week)
        self.form = {**EMPTY_FORM, **{k: v for k, v in values.items() if k in EMPTY_FORM}}
        if draft is None:
            return
        number = self.ticket["number"]
        code = str(form.get("root_cause_code") or NO_ROOT_CAUSE)
        self.root_cause_code = code

        def write(db):
            t = db_cases.case_ticket(db, actor, number)
            saved = cases.save_case(db, actor, t.ticket_id, week, draft) if t else None
            if saved is None or (saved.root_cause_code or NO_ROOT_CAUSE) == code:
                return saved, {}
            return saved, set_case_root_cause(db, actor, saved.id, None if code == NO_ROOT_CAUSE else code).errors

        saved, code_errors = await with_db(write)
        if saved is None:
            return
        self.has_case, self.errors = True, {"root_cause_code": next(iter(code_errors.values()))} if code_errors else {}
        self.form = form_of(
            saved.title,
            saved.tags or [],
            saved.practice,
            saved.lesson,
            saved.five_whys or [],
            saved.root_cause,
            saved.corrective_action,
            saved.action_owner,
            saved.action_due,
        )
        self.form_key += 1  # show what was stored (personal details masked)
        followups = [CaseStoryState.load, CaseActionsState.load, CaseHomeworkState.load]
        if self.errors:
            return followups
        return [rx.toast.success(translate("cases.saved", await _lang(self))), *followups]

    @rx.event
    async def remove(self):
        actor = await require_actor(self, Action.EDIT_CASES)
        if actor is None or not self.found:
            return
        number = self.ticket["number"]

        def write(db):
            t = db_cases.case_ticket(db, actor, number)
            return cases.delete_case(db, actor, t.ticket_id) if t else False

        removed = await with_db(write)
        if removed is None:
            return rx.toast.error(translate("followup.error.case_has_follow_up", await _lang(self)))
        if removed:
            self.has_case, self.form, self.errors, self.form_key = False, dict(EMPTY_FORM), {}, self.form_key + 1
            self.root_cause_code = NO_ROOT_CAUSE
            return [
                rx.toast.success(translate("cases.removed", await _lang(self))),
                CaseActionsState.load,
                CaseHomeworkState.load,
            ]


class LibraryState(rx.State):
    """/cases/library: past cases by text, tag, category and outlet, 50 a page."""

    text: str = ""
    tag: str = ""
    category: str = ""
    outlet: str = ""
    rows: list[dict] = []
    total: int = 0
    page: int = 0
    can_open_ticket: bool = False

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE))

    @rx.event
    async def load(self):
        self.page = 0
        await self._refresh()

    @rx.event
    async def search(self, form: dict):
        self.text = str(form.get("text") or "").strip()[:200]
        self.tag = str(form.get("tag") or "").strip()[:30]
        self.outlet = str(form.get("outlet") or "").strip()[:32]
        self.page = 0
        await self._refresh()

    @rx.event
    async def set_category(self, value: str):
        self.category, self.page = ("" if value == "all" else value), 0
        await self._refresh()

    @rx.event
    async def search_tag(self, tag: str):
        self.text, self.tag, self.category, self.outlet, self.page = "", tag, "", "", 0
        await self._refresh()

    @rx.event
    async def clear(self):
        self.text = self.tag = self.category = self.outlet = ""
        self.page = 0
        await self._refresh()

    @rx.event
    async def turn(self, step: int):
        self.page = max(0, min(self.page + step, self.pages - 1))
        await self._refresh()

    async def _refresh(self) -> None:
        actor = await require_actor(self, Action.VIEW_CASES)
        if actor is None:
            self.rows, self.total = [], 0
            return
        self.can_open_ticket = may(actor, Action.VIEW_TICKETS)
        q = db_cases.LibraryQuery(self.text, self.tag, self.category, self.outlet)
        offset = self.page * PAGE
        self.total, found = await with_db(
            lambda db: (db_cases.count_library(db, actor, q), db_cases.library(db, actor, q, PAGE, offset))
        )
        self.rows = [
            {
                "number": r.number,
                "title": r.title,
                "tags": list(r.tags),
                "practice": r.practice,
                "category": r.category,
                "outlet": r.outlet_code,
                "week": r.week_start.isoformat(),
                "author": r.author,
            }
            for r in found
        ]
