"""The corrective actions of a case on its page (/cases/ticket/<number>, #14 point 4): the form
that sets one (description, owner, due date, root cause), their statuses (open → done → verified)
and, for each done one, the effect check: complaints of its root cause at its outlet in the weeks
before and after, as a chart, with "recurred" flagged.

Every handler finds the case again from the page's ticket number under the actor's scope, and the
services re-check the actor (services/corrective_actions.py); the page's flags only pick buttons.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session

from complaint_console.db import cases as db_cases
from complaint_console.db import followup
from complaint_console.db.models import CorrectiveAction, Ticket
from complaint_console.db.root_causes import list_categories
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, Actor, may
from complaint_console.domain.corrective_actions import is_overdue, validate_action
from complaint_console.domain.root_causes import EFFECT_WEEKS
from complaint_console.i18n.catalogue import translate
from complaint_console.services import corrective_actions as ca
from complaint_console.settings import get_settings
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views import followup_charts
from complaint_console.views.formatting import business_time
from complaint_console.views.score_charts import plain

NO_ROOT_CAUSE = "none"  # the select's value for "no root cause from the list" (Radix items need a value)


def number_of(state: rx.State) -> str:
    """The ticket number in the page's address (/cases/ticket/<number>)."""
    return state.router.url.path.rstrip("/").rsplit("/", 1)[-1]


def business_today() -> date:
    return utcnow().astimezone(ZoneInfo(get_settings().business_tz)).date()


def find_case(db: Session, actor: Actor, number: str):
    """(the ticket row, its case) when the actor may read the case of this ticket; else (None, None)."""
    found = db_cases.case_ticket(db, actor, number)
    if found is None:
        return None, None
    return db.get(Ticket, found.ticket_id), db_cases.case_for_ticket(db, found.ticket_id)


def _when(moment: datetime | None) -> str:
    return business_time(moment) if moment else ""


def _row(r: followup.ActionRow, check: ca.EffectCheck | None, today: date) -> dict:
    return {
        "id": str(r.action_id),
        "description": r.description,
        "root_cause_en": r.root_cause_en,
        "root_cause_zh": r.root_cause_zh,
        "owner": r.owner_name,
        "due": r.due_date.isoformat(),
        "status": r.status,
        "done": _when(r.done_at),
        "verified": _when(r.verified_at),
        "overdue": is_overdue(r.status, r.due_date, today),
        "checked": check is not None,
        "before": sum(check.before) if check else 0,
        "after": sum(check.after) if check else 0,
        "recurred": bool(check and check.recurred),
        # both languages, as the story keeps them: a switch of language redraws at once
        "chart_en": plain(followup_charts.effect_figure(check.before, check.after, "en")) if check else {},
        "chart_zh": plain(followup_charts.effect_figure(check.before, check.after, "zh")) if check else {},
    }


class CaseActionsState(rx.State):
    """Page data of the case's follow-up: the lists the form offers and the case's actions."""

    loaded: bool = False
    has_case: bool = False
    can_edit: bool = False
    can_verify: bool = False
    root_causes: list[list[str]] = []  # [code, English name, Chinese name], the active list
    owners: list[list[str]] = []  # [user id, name]
    case_root_cause: str = NO_ROOT_CAUSE
    actions: list[dict] = []
    errors: dict[str, str] = {}
    form_key: int = 0
    weeks: int = EFFECT_WEEKS

    def _clear(self) -> None:
        self.has_case, self.can_edit, self.can_verify = False, False, False
        self.root_causes, self.owners, self.actions, self.errors = [], [], [], {}
        self.case_root_cause = NO_ROOT_CAUSE

    @rx.event
    async def load(self):
        self.loaded = False
        actor = await require_actor(self, Action.VIEW_CASES)
        if actor is None:
            self._clear()
            self.loaded = True
            return
        await self._read(actor)
        self.errors, self.form_key, self.loaded = {}, self.form_key + 1, True

    async def _read(self, actor: Actor) -> None:
        number, today = number_of(self), business_today()

        def read(db):
            ticket, case = find_case(db, actor, number)
            categories = [[c.code, c.name_en, c.name_zh] for c in list_categories(db, active_only=True)]
            if ticket is None or case is None or ticket.outlet_id is None:
                return categories, None
            owners = [[str(o.user_id), f"{o.display_name} ({o.username})"] for o in followup.owner_choices(db, ticket.outlet_id)]
            rows = []
            for r in followup.case_actions(db, case.id):
                check = ca.effect(db, actor, r.action_id) if r.done_at else None
                rows.append(_row(r, check, today))
            return categories, (owners, rows, case.root_cause_code or NO_ROOT_CAUSE)

        categories, found = await with_db(read)
        self.root_causes = categories
        self.can_edit = may(actor, Action.EDIT_CASES)
        self.can_verify = may(actor, Action.VERIFY_CORRECTIVE_ACTIONS)
        if found is None:
            self.has_case, self.owners, self.actions, self.case_root_cause = False, [], [], NO_ROOT_CAUSE
            return
        self.has_case = True
        self.owners, self.actions, self.case_root_cause = found

    @rx.event
    async def submit(self, form: dict):
        actor = await require_actor(self, Action.EDIT_CASES)
        if actor is None:
            return
        number, lang = number_of(self), (await self.get_state(SessionState)).lang
        description = str(form.get("description") or "")
        owner_text, due_text = str(form.get("owner") or ""), str(form.get("due") or "").strip()
        root_cause = str(form.get("root_cause") or "")
        root_cause = "" if root_cause == NO_ROOT_CAUSE else root_cause
        offered = {o[0] for o in self.owners}  # the people this page offered (its data, held on the server)
        owner_id = int(owner_text) if owner_text in offered else None
        errors: dict[str, str] = {}
        try:
            due = date.fromisoformat(due_text) if due_text else None
        except ValueError:
            due, errors["due"] = None, "followup.error.due_invalid"
        now = utcnow()

        def write(db):
            ticket, case = find_case(db, actor, number)
            if ticket is None or case is None or ticket.outlet_id is None:
                return {"case": "actions.error.case_missing"}
            if errors:  # every field's message at once, nothing written
                return {**validate_action(description, owner_id, None, root_cause), **errors}
            today = business_today()
            out = ca.create(
                db, actor, ticket.outlet_id, root_cause, description, owner_id, due, now, case_id=case.id, today=today
            )
            return out.errors

        try:
            problems = await with_db(write)
        except ca.NotAllowed:
            return rx.toast.error(translate("followup.not_allowed", lang))
        self.errors = problems
        if problems:
            return
        await self._read(actor)
        self.form_key += 1
        return rx.toast.success(translate("followup.action_added", lang))

    async def _move(self, action_id: int, verify: bool):
        actor = await require_actor(self)
        if actor is None:
            return
        number, lang, now = number_of(self), (await self.get_state(SessionState)).lang, utcnow()

        def write(db):
            ticket, case = find_case(db, actor, number)
            row = db.get(CorrectiveAction, action_id)
            if case is None or row is None or row.case_id != case.id:
                raise ca.NotAllowed("case")
            return ca.verify(db, actor, action_id, now) if verify else ca.mark_done(db, actor, action_id, now)

        try:
            out = await with_db(write)
        except ca.NotAllowed:
            return rx.toast.error(translate("followup.not_allowed", lang))
        await self._read(actor)
        if not out.ok:
            return rx.toast.error(translate(next(iter(out.errors.values())), lang))
        return rx.toast.success(translate("followup.verified" if verify else "followup.marked_done", lang))

    @rx.event
    async def mark_done(self, action_id: str):
        if str(action_id).isdigit():  # a hand-made event may send anything
            return await self._move(int(action_id), verify=False)

    @rx.event
    async def verify(self, action_id: str):
        if str(action_id).isdigit():
            return await self._move(int(action_id), verify=True)
