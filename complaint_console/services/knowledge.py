"""Editing the knowledge base (hq_admin) and answering inquiries from it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from complaint_console.db import knowledge as kb
from complaint_console.db.models import KnowledgeArticle
from complaint_console.db.types import utcnow
from complaint_console.domain import knowledge
from complaint_console.domain.access import Action, Actor, may


def instant_answer(db: Session, description: str) -> knowledge.Article | None:
    """The article that answers this inquiry, if one matches."""
    return knowledge.best_match(description, kb.active_articles(db))


def save_article(
    db: Session,
    actor: Actor,
    article_id: int | None,
    title: str,
    keywords: str,
    answer_zh: str,
    answer_en: str,
    active: bool = True,
    now: datetime | None = None,
) -> dict[str, str]:
    """Add (article_id None) or change an article; returns the problems (empty when saved)."""
    if not may(actor, Action.ADMINISTER):
        return {"*": "move.forbidden"}
    errors = knowledge.problems(title, keywords, answer_zh, answer_en)
    if errors:
        return errors
    row = db.get(KnowledgeArticle, article_id) if article_id is not None else KnowledgeArticle(answer_zh="", answer_en="")
    if row is None:
        return {"*": "knowledge.not_found"}
    row.title, row.keywords = title.strip(), ", ".join(knowledge.split_keywords(keywords))
    row.answer_zh, row.answer_en, row.active = answer_zh.strip(), answer_en.strip(), active
    row.updated_at, row.updated_by_id = now or utcnow(), actor.user_id
    db.add(row)
    db.commit()
    return {}
