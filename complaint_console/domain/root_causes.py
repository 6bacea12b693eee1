"""Root causes as a list HQ edits: what a code and a name may be, the Pareto ordering and the
week buckets of the trend (plain Python; the SQL that counts lives in `db.root_causes`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

TREND_WEEKS = 12  # the trend of root causes covers this many weeks, the current one last
EFFECT_WEEKS = 4  # the effect check compares this many weeks before and after a corrective action
WEEK_ZONE = ZoneInfo("Asia/Shanghai")  # weeks start on Monday, network time
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
MAX_NAME = 100


def validate_category(code: str, name_en: str, name_zh: str) -> dict[str, str]:
    """Field -> i18n key of what is wrong with a new or renamed root cause (empty when fine)."""
    errors: dict[str, str] = {}
    if not CODE_PATTERN.match(code):
        errors["code"] = "root_causes.error.code"
    for field, name in (("name_en", name_en), ("name_zh", name_zh)):
        if not name.strip():
            errors[field] = "root_causes.error.name_missing"
        elif len(name.strip()) > MAX_NAME:
            errors[field] = "root_causes.error.name_too_long"
    return errors


def week_starts(today: date, weeks: int = TREND_WEEKS) -> list[date]:
    """The Mondays of the last `weeks` weeks, oldest first, the week of `today` last."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def week_start_instant(monday: date) -> datetime:
    """When a network week begins, as an aware datetime (compare with stored UTC instants)."""
    return datetime(monday.year, monday.month, monday.day, tzinfo=WEEK_ZONE)


@dataclass(frozen=True)
class ParetoBar:
    code: str
    count: int
    cumulative_pct: float  # share of all counted complaints up to and including this bar


def pareto(counts: dict[str, int]) -> list[ParetoBar]:
    """Bars sorted by count (ties by code) with the cumulative percentage line."""
    total = sum(counts.values())
    bars: list[ParetoBar] = []
    running = 0
    for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        running += count
        bars.append(ParetoBar(code, count, round(100.0 * running / total, 1) if total else 0.0))
    return bars
