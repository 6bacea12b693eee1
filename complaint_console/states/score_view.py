"""/scores views as URLs (what the page shows, as its address says it)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import reflex as rx

from complaint_console.db import score_table

LIVE = "live"
RECEIVED = re.compile(r"(category|channel):[a-z_]{1,40}")
ALL = "all"


@dataclass(frozen=True)
class ScoreView:
    """What /scores shows, as its URL says it: `/scores?week=2026-11-23&region=EAST&q=…&sort=timeliness&desc=1&page=2`
    (only what differs from the default; page counts from 1 in the URL)."""

    week: str = ""  # "" = the newest frozen week
    region: str = ALL
    search: str = ""
    sort: str = "rank"
    descending: bool = False
    page: int = 0
    band: int | None = None  # a bar of the score distribution: 0–9
    vs: str = ""  # side by side with another frozen week ("week:2026-11-16") or another region ("region:SOUTH")
    received: str = ""  # a slice of the category or channel chart: "category:delay", "channel:hotline"

    @classmethod
    def from_query(cls, params: Mapping[str, str], weeks: set[str], regions: list[str]) -> ScoreView:
        """The view of a URL's query; what is unknown or malformed falls back to the default."""
        page = params.get("page", "")
        return cls(
            week=params.get("week", "") if params.get("week", "") in weeks else "",
            region=params.get("region", ALL) if params.get("region", ALL) in regions else ALL,
            search=params.get("q", "")[:100],
            sort=params.get("sort", "rank") if params.get("sort", "rank") in score_table.SORT_KEYS else "rank",
            descending=params.get("desc") == "1",
            page=int(page) - 1 if page.isdigit() and 0 < int(page) <= 100_000 else 0,
            band=int(params["band"]) if params.get("band", "") in tuple("0123456789") else None,
            vs=comparable(params.get("vs", ""), weeks, regions),
            received=params.get("received", "") if RECEIVED.fullmatch(params.get("received", "")) else "",
        )

    def url(self) -> str:
        query = {
            "week": self.week,
            "region": "" if self.region == ALL else self.region,
            "q": self.search,
            "sort": "" if self.sort == "rank" else self.sort,
            "desc": "1" if self.descending else "",
            "page": str(self.page + 1) if self.page else "",
            "band": "" if self.band is None else str(self.band),
            "vs": self.vs,
            "received": self.received,
        }
        shown = urlencode({k: v for k, v in query.items() if v})
        return "/scores" + (f"?{shown}" if shown else "")


def comparable(vs: str, weeks: set[str], regions: list[str]) -> str:
    """`vs` when it names a frozen week or a region, else "" (no comparison)."""
    kind, _, value = vs.partition(":")
    return vs if (kind == "week" and value in weeks and value != LIVE) or (kind == "region" and value in regions) else ""


def show_address(url: str):
    """Put `url` in the address bar without loading the page again (the history entry is replaced, so
    back still goes to the view before; a reload or a copy of the address shows this one)."""
    return rx.call_script(f"window.history.replaceState(window.history.state, '', {json.dumps(url)})")
