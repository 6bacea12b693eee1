"""/admin/outlets (the list, searched and paged in the database, and the file import with
progress) and /admin/outlets/<code> (one outlet's form and its audit trail). hq_admin only:
every handler checks ADMINISTER again, and services/outlets.py checks it once more."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import reflex as rx

from complaint_console.db import outlets as outlet_queries
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.domain.calendar import WEEKDAYS
from complaint_console.domain.csv_file import FileError, Report
from complaint_console.domain.outlet_rules import DEFAULT_TIMEZONE, hours_text
from complaint_console.i18n.catalogue import translate
from complaint_console.services import outlets
from complaint_console.settings import get_settings
from complaint_console.states.formatting import business_time, change_text
from complaint_console.states.import_report import KEEP_PROBLEMS, ImportReportState
from complaint_console.states.offload import in_thread, with_db
from complaint_console.states.session import SessionState, require_actor

UPLOAD_ID = "outlets-file"
MAX_UPLOAD = outlets.MAX_BYTES


def _line(o: outlet_queries.OutletLine) -> dict[str, str]:
    return {
        "code": o.code, "name": o.name, "region": o.region, "city": o.city, "hours": hours_text(o.business_hours),
        "calendar": o.holiday_calendar or "", "limit": f"{o.authority_limit:,.2f}", "manager": o.manager or "",
        "active": "1" if o.active else "",
    }  # fmt: skip


class OutletsState(ImportReportState, rx.State):
    rows: list[dict[str, str]] = []  # one page
    total: int = 0
    page: int = 0
    query: str = ""
    region: str = ""
    status: str = "active"
    regions: list[str] = []
    running: bool = False
    done: int = 0
    file_total: int = 0
    percent: int = 0
    unchanged: int = 0
    _pending: str = ""

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // outlet_queries.PAGE_SIZE))

    @rx.event
    async def load(self):
        if not self.running:
            self._clear_report()
            self.done = self.file_total = self.percent = self.unchanged = 0
        self.page = 0
        await self._read()

    async def _read(self) -> None:
        if await require_actor(self, Action.ADMINISTER) is None:
            self.rows, self.total = [], 0
            return
        query, region, status, page = self.query, self.region, self.status, self.page
        (lines, self.total), self.regions = await with_db(
            lambda db: (outlet_queries.outlets_page(db, query, region, status, page), outlet_queries.region_codes(db))
        )
        self.rows = [_line(o) for o in lines]

    @rx.event
    async def search(self, form: dict):
        self.query, self.page = str(form.get("query") or "").strip()[:100], 0
        await self._read()

    @rx.event
    async def set_region(self, value: str):
        self.region, self.page = ("" if value == "all" else value[:32]), 0
        await self._read()

    @rx.event
    async def set_status(self, value: str):
        if value in outlet_queries.STATUSES:
            self.status, self.page = value, 0
            await self._read()

    @rx.event
    async def turn(self, delta: int):
        self.page = max(0, min(self.page + int(delta), self.pages - 1))
        await self._read()

    def _show(self, report: Report) -> None:
        self.done, self.file_total, self.percent, self.unchanged = report.done, report.total, report.percent, report.unchanged
        self._show_report(report)

    @rx.event
    async def receive(self, files: list[rx.UploadFile]):
        """Keep the uploaded file, then import it in the background with progress."""
        if await require_actor(self, Action.ADMINISTER) is None:
            self.file_error = "import.forbidden"
            return
        if self.running:
            return
        self._clear_report()
        self.done = self.file_total = self.percent = self.unchanged = 0
        if not files:
            self.file_error = "import.no_file"
            return
        content = await files[0].read()
        if len(content) > MAX_UPLOAD:
            self.file_error, self.file_detail = "import.too_big", f"{MAX_UPLOAD // (1024 * 1024)} MB"
            return
        folder = get_settings().upload_dir / "imports"  # shared by the workers, like evidence files
        path = folder / f"{secrets.token_hex(16)}.upload"

        def keep() -> None:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)

        await in_thread(keep)
        self._pending, self.running = str(path), True
        return [rx.clear_selected_files(UPLOAD_ID), OutletsState.run]

    @rx.event(background=True)
    async def run(self):
        async with self:
            actor = await require_actor(self, Action.ADMINISTER)
            path, self._pending = self._pending, ""
            if actor is None or not path:
                self.running = False
                if path:
                    Path(path).unlink(missing_ok=True)
                return
        try:
            content = await in_thread(Path(path).read_bytes)
            rows, report = await in_thread(outlets.read_file, content, KEEP_PROBLEMS)
            seen: set[str] = set()
            now = utcnow()
            for start in range(0, len(rows), outlets.CHUNK):
                chunk = rows[start : start + outlets.CHUNK]
                await with_db(lambda db, chunk=chunk: outlets.import_chunk(db, actor, chunk, seen, report, now))
                async with self:
                    self._show(report)
            async with self:
                self._show(report)
        except FileError as exc:
            async with self:
                self.file_error, self.file_detail = exc.key, exc.detail
        finally:
            Path(path).unlink(missing_ok=True)
            async with self:
                self.running, self.finished = False, self.file_error == ""
                self.page = 0
            await self._refresh_list()

    async def _refresh_list(self) -> None:
        async with self:
            await self._read()


EMPTY_FORM = {"code": "", "name": "", "region": "", "city": "", "timezone": DEFAULT_TIMEZONE, "calendar": "none",
              "limit": "500.00", "manager": ""} | {f"{d}.{e}": "" for d in WEEKDAYS for e in ("open", "close")}  # fmt: skip


def _form_of(outlet, manager: str | None) -> dict[str, str]:
    hours = outlet.business_hours or {}
    form = {
        "code": outlet.code, "name": outlet.name, "region": outlet.region, "city": outlet.city, "timezone": outlet.timezone,
        "calendar": outlet.holiday_calendar or "none", "limit": f"{outlet.authority_limit:.2f}", "manager": manager or "",
    }  # fmt: skip
    for day in WEEKDAYS:
        opens, closes = hours.get(day, ["", ""])
        form[f"{day}.open"], form[f"{day}.close"] = opens, closes
    return form


def _hours_json(form: dict) -> str:
    """The per-weekday inputs as the data contract's JSON ('' when every day is empty: 24/7)."""
    hours = {}
    for day in WEEKDAYS:
        opens, closes = str(form.get(f"{day}.open") or "").strip(), str(form.get(f"{day}.close") or "").strip()
        if opens or closes:
            hours[day] = [opens, closes]
    return json.dumps(hours) if hours else ""


class OutletFormState(rx.State):
    loaded: bool = False
    found: bool = False
    is_new: bool = False
    form: dict[str, str] = dict(EMPTY_FORM)
    active: bool = True
    errors: dict[str, str] = {}
    history: list[dict[str, str]] = []  # at most 50
    form_key: int = 0
    _outlet_id: int | None = None

    @rx.event
    async def load(self):
        self.loaded, self.found, self.errors, self.history = False, False, {}, []
        code = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if await require_actor(self, Action.ADMINISTER) is not None:
            await self._read(code)
        self.loaded, self.form_key = True, self.form_key + 1

    async def _read(self, code: str) -> None:
        if code == "new":
            self.found, self.is_new, self._outlet_id, self.form, self.active = True, True, None, dict(EMPTY_FORM), True
            return
        self.is_new = False

        def read(db):
            found = outlet_queries.outlet_by_code(db, code.upper())
            return found, (outlet_queries.audit_lines(db, "outlet", found[0].id) if found else [])

        found, lines = await with_db(read)
        if found is None:
            return
        outlet, manager = found
        self.found, self._outlet_id, self.active = True, outlet.id, outlet.active
        self.form = _form_of(outlet, manager)
        self.history = [
            {"at": business_time(a.at), "actor": a.actor or "", "action": a.action, "changes": change_text(a.changes)}
            for a in lines
        ]

    @rx.event
    async def save(self, form: dict):
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None or not self.found:
            return
        typed = {k: str(form.get(k) or "") for k in EMPTY_FORM}
        self.form = typed  # a refused save keeps what was typed
        values = {
            "code": typed["code"], "name": typed["name"], "region": typed["region"], "city": typed["city"],
            "timezone": typed["timezone"], "business_hours": _hours_json(typed),
            "holiday_calendar": "" if typed["calendar"] == "none" else typed["calendar"], "authority_limit": typed["limit"],
        }  # fmt: skip
        active = bool(form.get("active")) if not self.is_new else True
        username, outlet_id = typed["manager"].strip(), self._outlet_id

        def write(db):
            manager_id = None
            if username:
                manager_id = outlet_queries.user_id(db, username)
                if manager_id is None:
                    return outlets.Saved(outlet_id, {"manager": "outlet.manager_invalid"}), None
            saved = outlets.save(db, actor, outlet_id, values, active=active, manager_id=manager_id)
            return saved, values["code"].strip().upper()

        saved, code = await with_db(write)
        self.errors = saved.errors
        if saved.errors:
            return
        lang = (await self.get_state(SessionState)).lang
        return [rx.redirect(f"/admin/outlets/{code}"), rx.toast.success(translate("outlets.saved", lang))]

    @rx.event
    async def set_active(self, active: bool):
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None or self._outlet_id is None:
            return
        outlet_id = self._outlet_id
        saved = await with_db(lambda db: outlets.set_active(db, actor, outlet_id, bool(active)))
        if saved.errors:
            self.errors = saved.errors
            return
        await self._read(self.form["code"])
        lang = (await self.get_state(SessionState)).lang
        return rx.toast.success(translate("outlets.reactivated" if active else "outlets.deactivated", lang))
