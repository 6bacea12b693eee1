"""The knowledge base HQ keeps for `inquiry` tickets (a small table: dozens of articles)."""

from __future__ import annotations

from sqlmodel import Session, select

from complaint_console.db.models import KnowledgeArticle
from complaint_console.domain.knowledge import Article, split_keywords

LIST_LIMIT = 200


def active_articles(db: Session) -> list[Article]:
    rows = db.exec(select(KnowledgeArticle).where(KnowledgeArticle.active).limit(LIST_LIMIT)).all()
    return [Article(r.id, r.title, split_keywords(r.keywords), r.answer_zh, r.answer_en) for r in rows]


def all_articles(db: Session) -> list[KnowledgeArticle]:
    """Every article for HQ's editing page, active first, newest edits first."""
    stmt = select(KnowledgeArticle).order_by(KnowledgeArticle.active.desc(), KnowledgeArticle.updated_at.desc())
    return list(db.exec(stmt.limit(LIST_LIMIT)).all())
