"""The corrective actions a manager owns, on /homework: open ones first, each marked done by its
owner (services/corrective_actions.mark_done re-checks who may)."""

from __future__ import annotations

import reflex as rx

from complaint_console.db import followup
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.domain.corrective_actions import is_overdue
from complaint_console.i18n.catalogue import translate
from complaint_console.services import corrective_actions as ca
from complaint_console.states.case_actions import business_today
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views.formatting import business_time


class OwnedActionsState(rx.State):
    rows: list[dict] = []

    @rx.event
    async def load(self):
        actor = await require_actor(self, Action.ACKNOWLEDGE_HOMEWORK)
        if actor is None:
            self.rows = []
            return
        today = business_today()
        found = await with_db(lambda db: followup.owned_actions(db, actor.user_id))
        self.rows = [
            {
                "id": str(r.action_id),
                "description": r.description,
                "root_cause_en": r.root_cause_en,
                "root_cause_zh": r.root_cause_zh,
                "due": r.due_date.isoformat(),
                "status": r.status,
                "done": business_time(r.done_at) if r.done_at else "",
                "overdue": is_overdue(r.status, r.due_date, today),
            }
            for r in found
        ]

    @rx.event
    async def mark_done(self, action_id: str):
        actor = await require_actor(self, Action.ACKNOWLEDGE_HOMEWORK)
        lang = (await self.get_state(SessionState)).lang
        if actor is None or not str(action_id).isdigit():  # a hand-made event may send anything
            return
        try:
            out = await with_db(lambda db: ca.mark_done(db, actor, int(action_id), utcnow()))
        except ca.NotAllowed:
            return rx.toast.error(translate("followup.not_allowed", lang))
        await self.load()
        if not out.ok:
            return rx.toast.error(translate(next(iter(out.errors.values())), lang))
        return rx.toast.success(translate("followup.marked_done", lang))
