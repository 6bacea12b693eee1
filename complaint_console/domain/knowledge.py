"""Instant answers for `inquiry` tickets: pick the knowledge-base article whose keywords
best match what the customer wrote (plain Python; Chinese needs no word splitting here,
keywords are matched as substrings)."""

from __future__ import annotations

import re
from dataclasses import dataclass

SEPARATORS = re.compile(r"[,，、;；\n]+")
TITLE_MAX, KEYWORDS_MAX, ANSWER_MAX = 200, 500, 2000


@dataclass(frozen=True)
class Article:
    id: int
    title: str
    keywords: tuple[str, ...]
    answer_zh: str
    answer_en: str

    def answer(self, language: str) -> str:
        return self.answer_en if language == "en" else self.answer_zh


def split_keywords(text: str) -> tuple[str, ...]:
    """'查件, where is my parcel、物流' -> ('查件', 'where is my parcel', '物流'), lower-cased, no duplicates."""
    seen: dict[str, None] = {}
    for part in SEPARATORS.split(text or ""):
        if word := part.strip().lower():
            seen.setdefault(word, None)
    return tuple(seen)


def best_match(text: str, articles: list[Article]) -> Article | None:
    """The article with the most keywords found in `text` (ties: the oldest article); None if none match."""
    haystack = (text or "").lower()
    best, best_score = None, 0
    for article in sorted(articles, key=lambda a: a.id):
        score = sum(1 for word in article.keywords if word in haystack)
        if score > best_score:
            best, best_score = article, score
    return best


def problems(title: str, keywords: str, answer_zh: str, answer_en: str) -> dict[str, str]:
    """What is wrong with an article as HQ typed it (field -> message key)."""
    errors: dict[str, str] = {}
    if not title.strip() or len(title.strip()) > TITLE_MAX:
        errors["title"] = "knowledge.title_required"
    if not split_keywords(keywords) or len(keywords) > KEYWORDS_MAX:
        errors["keywords"] = "knowledge.keywords_required"
    for name, answer in (("answer_zh", answer_zh), ("answer_en", answer_en)):
        if not answer.strip() or len(answer.strip()) > ANSWER_MAX:
            errors[name] = "knowledge.answer_required"
    return errors
