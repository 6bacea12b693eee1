"""The story shown on a case page (/cases/ticket/<number>), in both languages (#14).

It is read once per page load, masked (services/case_story.py); both languages are kept so a
switch of language shows the story at once. Only roles with VIEW_CASES get it.
"""

from __future__ import annotations

import reflex as rx

from complaint_console.db import cases as db_cases
from complaint_console.domain.access import Action
from complaint_console.services import case_story
from complaint_console.settings import get_settings
from complaint_console.states.offload import with_db
from complaint_console.states.session import require_actor


class CaseStoryState(rx.State):
    sections_en: list[dict] = []
    sections_zh: list[dict] = []

    @rx.event
    async def load(self):
        self.sections_en, self.sections_zh = [], []
        actor = await require_actor(self, Action.VIEW_CASES)
        if actor is None:
            return
        number = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        tz = get_settings().business_tz

        def read(db):
            ticket = db_cases.case_ticket(db, actor, number)
            story = case_story.read(db, actor, ticket.ticket_id) if ticket else None
            if story is None:
                return [], []
            return tuple(
                [{"key": s.key, "title": s.title, "lines": list(s.lines)} for s in case_story.sections(story, lang, tz)]
                for lang in ("en", "zh")
            )

        self.sections_en, self.sections_zh = await with_db(read)
