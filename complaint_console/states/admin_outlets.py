"""/admin/outlets (the list, searched and paged in the database, and the file import with
progress) and /admin/outlets/<code> (one outlet's form and its audit trail). hq_admin only:
every handler checks ADMINISTER again, and services/outlets.py checks it once more."""

from __future__ import annotations

import json

import reflex as rx

from complaint_console.db import outlets as outlet_queries
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.domain.calendar import WEEKDAYS
from complaint_console.domain.outlet_rules import DEFAULT_TIMEZONE, hours_text
from complaint_console.i18n.catalogue import translate
from complaint_console.services import outlets
from complaint_console.states.admin_list import AdminListState
from complaint_console.states.import_report import KEEP_PROBLEMS
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views.formatting import audit_rows

UPLOAD_ID = "outlets-file"
MAX_UPLOAD = outlets.MAX_BYTES


def _line(o: outlet_queries.OutletLine) -> dict[str, str]:
    return {
        "code": o.code,
        "name": o.name,
        "region": o.region,
        "city": o.city,
        "hours": hours_text(o.business_hours),
        "calendar": o.holiday_calendar or "",
        "limit": f"{o.authority_limit:,.2f}",
        "manager": o.manager or "",
        "active": "1" if o.active else "",
    }


class OutletsState(AdminListState, rx.State):
    region: str = ""
    regions: list[str] = []

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
    async def set_region(self, value: str):
        self.region, self.page = ("" if value == "all" else value[:32]), 0
        await self._read()

    @rx.event
    async def receive(self, files: list[rx.UploadFile]):
        """Keep the uploaded file, then import it in the background with progress."""
        if await self._keep_upload(files, outlets.MAX_BYTES, "outlets"):
            return [rx.clear_selected_files(UPLOAD_ID), OutletsState.run]

    @rx.event(background=True)
    async def run(self):
        seen: set[str] = set()
        now = utcnow()

        def write(db, actor, rows, report) -> None:
            outlets.import_chunk(db, actor, rows, seen, report, now)

        await self._import_kept(lambda content: outlets.read_file(content, KEEP_PROBLEMS), write, outlets.CHUNK)
        async with self:
            self.page = 0
            await self._read()


EMPTY_FORM = {
    "code": "",
    "name": "",
    "region": "",
    "city": "",
    "timezone": DEFAULT_TIMEZONE,
    "calendar": "none",
    "limit": "500.00",
    "manager": "",
} | {f"{d}.{e}": "" for d in WEEKDAYS for e in ("open", "close")}


def _form_of(outlet, manager: str | None) -> dict[str, str]:
    hours = outlet.business_hours or {}
    form = {
        "code": outlet.code,
        "name": outlet.name,
        "region": outlet.region,
        "city": outlet.city,
        "timezone": outlet.timezone,
        "calendar": outlet.holiday_calendar or "none",
        "limit": f"{outlet.authority_limit:.2f}",
        "manager": manager or "",
    }
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
        code = self.code
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
        self.history = audit_rows(lines)

    @rx.event
    async def save(self, form: dict):
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None or not self.found:
            return
        typed = {k: str(form.get(k) or "") for k in EMPTY_FORM}
        self.form = typed  # a refused save keeps what was typed
        values = {
            "code": typed["code"],
            "name": typed["name"],
            "region": typed["region"],
            "city": typed["city"],
            "timezone": typed["timezone"],
            "business_hours": _hours_json(typed),
            "holiday_calendar": "" if typed["calendar"] == "none" else typed["calendar"],
            "authority_limit": typed["limit"],
        }
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
