"""Homework on a case's page (#14 point 5): the training lead gives the case to outlets (all of
them, a region's, or a list of codes) and reads who has acknowledged it, a page at a time."""

from __future__ import annotations

import re

import reflex as rx
from sqlmodel import select

from complaint_console.db import followup
from complaint_console.db.models import Region
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, may
from complaint_console.i18n.catalogue import translate
from complaint_console.services import homework
from complaint_console.states.case_actions import find_case, number_of
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views.formatting import business_time

PAGE = 20
SCOPES = ("list", "region", "all")
CODE_SEPARATORS = re.compile(r"[\s,;，；、]+")


class CaseHomeworkState(rx.State):
    has_case: bool = False
    can_edit: bool = False
    scope: str = "list"
    regions: list[list[str]] = []  # [code, name, Chinese name]
    errors: dict[str, str] = {}
    unknown: str = ""  # the codes typed that name no active outlet
    rows: list[dict] = []
    acknowledged: int = 0
    total: int = 0
    page: int = 0
    form_key: int = 0

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE))

    @rx.event
    async def load(self):
        self.page, self.errors, self.unknown = 0, {}, ""
        await self._refresh(regions=True)
        self.form_key += 1

    @rx.event
    def set_scope(self, value: str):
        if value in SCOPES:
            self.scope, self.errors, self.unknown = value, {}, ""

    @rx.event
    async def turn(self, step: int):
        self.page = max(0, min(self.page + step, self.pages - 1))
        await self._refresh()

    async def _refresh(self, regions: bool = False) -> None:
        actor = await require_actor(self, Action.VIEW_CASES)
        if actor is None:
            self.has_case, self.can_edit, self.rows, self.acknowledged, self.total = False, False, [], 0, 0
            return
        number, offset = number_of(self), self.page * PAGE

        def read(db):
            _, case = find_case(db, actor, number)
            found = db.exec(select(Region).order_by(Region.code)).all() if regions else None
            if case is None:
                return found, None
            counts = homework.status_counts(db, actor, case.id)
            return found, (counts, homework.status(db, actor, case.id, limit=PAGE, offset=offset))

        found_regions, found = await with_db(read)
        if found_regions is not None:
            self.regions = [[r.code, r.name, r.name_zh] for r in found_regions]
        self.can_edit = may(actor, Action.EDIT_CASES)
        if found is None:
            self.has_case, self.rows, self.acknowledged, self.total = False, [], 0, 0
            return
        (self.acknowledged, self.total), rows = found
        self.has_case = True
        self.rows = [
            {
                "code": r.outlet_code,
                "name": r.outlet_name,
                "acknowledged": business_time(r.acknowledged_at) if r.acknowledged_at else "",
            }
            for r in rows
        ]

    @rx.event
    async def assign(self, form: dict):
        actor = await require_actor(self, Action.EDIT_CASES)
        if actor is None:
            return
        number, lang, now = number_of(self), (await self.get_state(SessionState)).lang, utcnow()
        scope = str(form.get("scope") or self.scope)
        region = str(form.get("region") or "")
        codes = [c for c in CODE_SEPARATORS.split(str(form.get("outlets") or "")) if c][:1000]

        def write(db):
            _, case = find_case(db, actor, number)
            if case is None:
                return {"case": "actions.error.case_missing"}, [], 0
            unknown: list[str] = []
            if scope == "all":
                ids = homework.outlets_for(db, everyone=True)
            elif scope == "region":
                if region not in {r.code for r in db.exec(select(Region)).all()}:
                    return {"region": "homework.error.no_region"}, [], 0
                ids = homework.outlets_for(db, region=region)
            else:
                ids, unknown = followup.outlet_ids_by_code(db, codes)
                if unknown:
                    return {"outlets": "homework.error.unknown_outlets"}, unknown, 0
            if not ids:
                return {"outlets" if scope == "list" else "region": "homework.error.no_outlets"}, [], 0
            return {}, [], homework.assign(db, actor, case.id, ids, now)

        try:
            errors, unknown, added = await with_db(write)
        except homework.NotAllowed:
            return rx.toast.error(translate("followup.not_allowed", lang))
        self.scope, self.errors, self.unknown = (scope if scope in SCOPES else "list"), errors, ", ".join(unknown)
        if errors:
            return
        self.page = 0
        await self._refresh()
        self.form_key += 1
        return rx.toast.success(translate("homework.assigned", lang).format(count=added))
