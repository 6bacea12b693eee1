"""/admin/knowledge: HQ keeps the ready answers that inquiry tickets get at once."""

from __future__ import annotations

import reflex as rx

from complaint_console.db import knowledge as kb
from complaint_console.db.models import KnowledgeArticle
from complaint_console.domain.access import Action
from complaint_console.i18n.catalogue import translate
from complaint_console.services import knowledge
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views.formatting import business_time

EMPTY = {"id": "", "title": "", "keywords": "", "answer_zh": "", "answer_en": "", "active": "on"}


class KnowledgeState(rx.State):
    articles: list[dict[str, str]] = []
    form: dict[str, str] = dict(EMPTY)
    editing: bool = False
    errors: dict[str, str] = {}
    form_key: int = 0

    @rx.event
    async def load(self):
        self.editing, self.errors = False, {}
        await self._refresh()

    @rx.event
    async def start(self, article_id: str):
        """Open the form: empty for a new article, filled for an existing one."""
        if await require_actor(self, Action.ADMINISTER) is None:
            return
        self.form, self.errors = dict(EMPTY), {}
        if article_id:
            row = await with_db(lambda db: db.get(KnowledgeArticle, int(article_id)))
            if row is not None:
                self.form = {
                    "id": str(row.id),
                    "title": row.title,
                    "keywords": row.keywords,
                    "answer_zh": row.answer_zh,
                    "answer_en": row.answer_en,
                    "active": "on" if row.active else "",
                }
        self.editing, self.form_key = True, self.form_key + 1

    @rx.event
    def cancel(self):
        self.editing, self.errors = False, {}

    @rx.event
    async def save(self, form: dict):
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None:
            return
        article_id = int(self.form["id"]) if self.form.get("id") else None
        values = {k: str(form.get(k) or "") for k in ("title", "keywords", "answer_zh", "answer_en")}
        active = bool(form.get("active"))
        self.errors = await with_db(lambda db: knowledge.save_article(db, actor, article_id, active=active, **values))
        if self.errors:
            return
        self.editing = False
        await self._refresh()
        return rx.toast.success(translate("knowledge.saved", (await self.get_state(SessionState)).lang))

    async def _refresh(self) -> None:
        if await require_actor(self, Action.ADMINISTER) is None:
            self.articles = []
            return
        rows = await with_db(kb.all_articles)
        self.articles = [
            {
                "id": str(r.id),
                "title": r.title,
                "keywords": r.keywords,
                "active": "yes" if r.active else "",
                "updated": business_time(r.updated_at),
            }
            for r in rows
        ]
