"""/homework: an outlet manager's homework (#14 point 5), the cases given to their outlet, newest
first, a page at a time; each is acknowledged once (services/homework.acknowledge re-checks who)."""

from __future__ import annotations

import reflex as rx

from complaint_console.db.root_causes import list_categories
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.i18n.catalogue import translate
from complaint_console.services import homework
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views.formatting import business_time

PAGE = 20


class HomeworkState(rx.State):
    loaded: bool = False
    rows: list[dict] = []
    total: int = 0
    waiting: int = 0  # not acknowledged yet
    page: int = 0

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE))

    @rx.event
    async def load(self):
        self.page = 0
        await self._refresh()
        self.loaded = True

    @rx.event
    async def turn(self, step: int):
        self.page = max(0, min(self.page + step, self.pages - 1))
        await self._refresh()

    async def _refresh(self) -> None:
        actor = await require_actor(self, Action.ACKNOWLEDGE_HOMEWORK)
        if actor is None:
            self.rows, self.total, self.waiting = [], 0, 0
            return
        offset = self.page * PAGE

        def read(db):
            names = {c.code: (c.name_en, c.name_zh) for c in list_categories(db)}
            items = homework.for_manager(db, actor, limit=PAGE, offset=offset)
            counts = homework.count_for_manager(db, actor), homework.count_for_manager(db, actor, open_only=True)
            return names, items, counts

        names, items, (self.total, self.waiting) = await with_db(read)

        def labels(code: str | None) -> tuple[str, str]:
            return names.get(code or "", (code or "", code or ""))

        self.rows = [
            {
                "id": str(i.homework_id),
                "title": i.title,
                "lesson": i.lesson,
                "practice": i.practice,
                "root_cause_en": labels(i.root_cause_code)[0],
                "root_cause_zh": labels(i.root_cause_code)[1],
                "action": i.corrective_action,
                "assigned": business_time(i.assigned_at),
                "acknowledged": business_time(i.acknowledged_at) if i.acknowledged_at else "",
            }
            for i in items
        ]

    @rx.event
    async def acknowledge(self, homework_id: str):
        actor = await require_actor(self, Action.ACKNOWLEDGE_HOMEWORK)
        lang = (await self.get_state(SessionState)).lang
        if actor is None or not str(homework_id).isdigit():  # a hand-made event may send anything
            return
        try:
            await with_db(lambda db: homework.acknowledge(db, actor, int(homework_id), utcnow()))
        except homework.NotAllowed:
            return rx.toast.error(translate("followup.not_allowed", lang))
        await self._refresh()
        return rx.toast.success(translate("homework.acknowledged_toast", lang))
