"""/scores (HQ) and /scores/<code> (HQ, or an outlet's own staff). Thin: services.scores does the work.

Every handler re-checks the right (VIEW_NETWORK_SCORES for the network table, VIEW_SCORES and
the outlet scope for one outlet). The table holds one page of 50 rows; charts hold aggregates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import quote, urlencode

import reflex as rx
from sqlmodel import select

from complaint_console.db import inspection as db_inspection
from complaint_console.db.models import Region
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, outlet_scope
from complaint_console.domain.inspection import RESULT_WEEKS
from complaint_console.domain.scores import change, score_text
from complaint_console.services import score_charts, score_export, score_headline, scores
from complaint_console.services.recent import Recent
from complaint_console.states.formatting import business_time
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, require_actor, with_actor

LIVE = "live"
RECEIVED = re.compile(r"(category|channel):[a-z_]{1,40}")
ALL = "all"
CHARTS: Recent[tuple] = Recent(scores.LIVE_SECONDS)  # (headline, figures) by view and language


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
            sort=params.get("sort", "rank") if params.get("sort", "rank") in scores.SORT_KEYS else "rank",
            descending=params.get("desc") == "1",
            page=int(page) - 1 if page.isdigit() and 0 < int(page) <= 100_000 else 0,
            band=int(params["band"]) if params.get("band", "") in tuple("0123456789") else None,
            vs=_comparable(params.get("vs", ""), weeks, regions),
            received=params.get("received", "") if RECEIVED.fullmatch(params.get("received", "")) else "",
        )

    def url(self) -> str:
        query = {"week": self.week, "region": "" if self.region == ALL else self.region, "q": self.search,
                 "sort": "" if self.sort == "rank" else self.sort, "desc": "1" if self.descending else "",
                 "page": str(self.page + 1) if self.page else "",
                 "band": "" if self.band is None else str(self.band), "vs": self.vs, "received": self.received}  # fmt: skip
        shown = urlencode({k: v for k, v in query.items() if v})
        return "/scores" + (f"?{shown}" if shown else "")


def _comparable(vs: str, weeks: set[str], regions: list[str]) -> str:
    """`vs` when it names a frozen week or a region, else "" (no comparison)."""
    kind, _, value = vs.partition(":")
    return vs if (kind == "week" and value in weeks and value != LIVE) or (kind == "region" and value in regions) else ""


def _show_address(url: str):
    """Put `url` in the address bar without loading the page again (the history entry is replaced, so
    back still goes to the view before; a reload or a copy of the address shows this one)."""
    return rx.call_script(f"window.history.replaceState(window.history.state, '', {json.dumps(url)})")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _yuan(value: Decimal | None) -> str:
    return "—" if value is None else f"¥{value:,.2f}"


def _row(r: scores.ScoreRow) -> dict[str, str]:
    direction = "" if r.change is None or abs(r.change) < 0.05 else ("up" if r.change > 0 else "down")
    return {
        "rank": "—" if r.rank is None else str(r.rank), "code": r.code, "name": r.name, "region": r.region,
        "score": score_text(r.score), "tier": "" if r.insufficient else (r.tier or ""), "resolution": _pct(r.resolution_rate),
        "timeliness": _pct(r.timeliness_rate), "satisfaction": _pct(r.satisfaction_rate), "cohort": str(r.cohort_size),
        "received": str(r.received), "repeat": _pct(r.repeat_rate), "per_10k": _num(r.per_10k),
        "escalations": str(r.escalated), "compensation": _yuan(r.average_compensation),
        "change": "—" if r.change is None else f"{r.change:+.1f}", "direction": direction,
        "warning": "" if r.insufficient else (r.warning or ""), "insufficient": "1" if r.insufficient else "",
        "not_yet_due": str(r.not_yet_due),
    }  # fmt: skip


def _signed(value: float | int | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:+.{digits}f}" if digits else f"{value:+d}"


def _direction(value: float | None) -> str:
    return "" if value is None or abs(value) < 0.05 else ("up" if value > 0 else "down")


def _mover(m: score_headline.Mover) -> dict[str, str]:
    return {
        "code": m.code, "name": m.name, "score": score_text(m.score), "previous": score_text(m.previous),
        "change": _signed(m.change), "tier": m.tier, "previous_tier": m.previous_tier,
        "cause": f"{m.cause}." if m.cause else "", "cause_value": m.cause_value,
        "cause_change": _signed(m.cause_change, 0) if m.cause else "",
    }  # fmt: skip


def _flag(f: score_headline.Flag) -> dict[str, str]:
    shown = score_text if f.on == "score" else (lambda v: f"{v:.0f}")
    return {"code": f.code, "name": f.name, "on": f.on, "direction": f.direction, "sigmas": f"{abs(f.sigmas):.1f}",
            "value": shown(f.value), "mean": shown(f.mean)}  # fmt: skip


def _comparison_rows(a: score_headline.Figures, b: score_headline.Figures) -> list[dict[str, str]]:
    """Metric, the two values and what the first has over the second, as the page shows them."""
    rows = [{"metric": "score", "a": score_text(a.score), "b": score_text(b.score), "change": _signed(change(a.score, b.score))}]
    for metric in ("resolution", "timeliness", "satisfaction"):
        x, y = getattr(a, metric), getattr(b, metric)
        gap = None if x is None or y is None else 100 * (x - y)
        rows.append({"metric": metric, "a": _pct(x), "b": _pct(y), "change": "—" if gap is None else f"{gap:+.1f} pp"})
    for metric, x, y in (("outlets", a.outlets, b.outlets), ("cohort", a.cohort, b.cohort), ("received", a.received, b.received),
                         *((f"tier.{t}", a.tiers.get(t, 0), b.tiers.get(t, 0)) for t in "ABCD"),
                         ("warnings", a.flagged, b.flagged)):  # fmt: skip
        rows.append({"metric": metric, "a": str(x), "b": str(y), "change": _signed(x - y, 0)})
    return rows


class HeadlineState(rx.State):
    """The headline above the /scores table: the week against the one before, for the filtered network."""

    ready: bool = False
    summary: dict[str, str] = {}  # score, previous, change, direction, fell_total, flagged_total
    tiers: list[dict[str, str]] = []  # tier, count, change, direction (A to D)
    fell: list[dict[str, str]] = []  # outlets that fell a tier, biggest drop first (at most 5)
    drops: list[dict[str, str]] = []  # the biggest score drops, with what grew most under them (at most 5)
    flags: list[dict[str, str]] = []  # early warnings, furthest from the outlet's own weeks first (at most 10)

    def show(self, h: score_headline.Headline) -> None:
        compared = bool(h.previous_tiers)
        self.summary = {
            "score": score_text(h.score), "previous": score_text(h.previous_score), "change": _signed(h.change),
            "direction": _direction(h.change), "fell_total": str(h.fell_total), "flagged_total": str(h.flagged_total),
        }  # fmt: skip
        self.tiers = [
            {"tier": t, "count": str(h.tiers.get(t, 0)), "change": _signed(h.tier_change(t), 0) if compared else "",
             "direction": _direction(h.tier_change(t)) if compared else ""}
            for t in score_headline.TIER_ORDER
        ]  # fmt: skip
        self.fell, self.drops = [_mover(m) for m in h.fell], [_mover(m) for m in h.drops]
        self.flags = [_flag(f) for f in h.flags]
        self.ready = True


class ScoreChartsState(rx.State):
    """The six charts of /scores, in a state of their own: a new sort or page of the table
    re-renders the table only (each chart redrawn by Plotly costs the browser tens of ms)."""

    ready: bool = False  # the charts are mounted (and Plotly's code loaded) only once the table shows
    lang: str = ""  # the language the figures were drawn in (a switch of language draws them again)
    distribution: score_charts.Chart = score_charts.EMPTY
    regions: score_charts.Chart = score_charts.EMPTY
    trend: score_charts.Chart = score_charts.EMPTY
    weakest: score_charts.Chart = score_charts.EMPTY
    category: score_charts.Chart = score_charts.EMPTY
    channel: score_charts.Chart = score_charts.EMPTY
    region_trend: score_charts.Chart = score_charts.EMPTY


class ScoresState(rx.State):
    weeks: list[list[str]] = []  # [value, label]: "live" first, then frozen weeks newest first
    week: str = ""
    regions: list[str] = []
    region_options: list[list[str]] = []  # [code, English name, Chinese name]
    _region_names: dict[str, tuple[str, str]] = {}  # code -> (English name, Chinese name)
    region: str = ALL
    search: str = ""
    sort: str = "rank"
    descending: bool = False
    page: int = 0
    band: int = -1  # -1: every score; else a bar of the distribution (10·band to 10·band + 10)
    vs: str = ""  # side by side with: "week:<monday>" or "region:<code>"; "" for none
    received: str = ""  # "category:<key>" or "channel:<key>": outlets that received such tickets; "" for all
    _share_keys: dict[str, list[str]] = {}  # the keys of the category and channel charts, in their order
    comparison: list[dict[str, str]] = []  # metric, a, b, change
    compare_heads: dict[str, str] = {}  # a_en, a_zh, b_en, b_zh: what each column shows
    total: int = 0
    rows: list[dict[str, str]] = []
    loaded: bool = False

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // scores.PAGE_SIZE))

    @rx.var
    def live(self) -> bool:
        return self.week == LIVE

    def _query(self, **changes) -> scores.TableQuery:
        week = scores.current_week(utcnow()) if self.week == LIVE else date.fromisoformat(self.week)
        return scores.TableQuery(
            week, self.week == LIVE, "" if self.region == ALL else self.region, self.search, self.sort, self.descending,
            band=None if self.band < 0 else self.band,
            received=tuple(self.received.split(":", 1)) if self.received else None,
        )  # fmt: skip

    async def _lang(self) -> str:
        return (await self.get_state(SessionState)).lang

    @rx.event
    async def load(self):
        """on_load: the view the URL names (week, region, q, sort, desc, page; the defaults when absent or
        unknown), so any view can be shared, reloaded, and reached again by back and forward."""
        self.rows, self.loaded = [], False
        (await self.get_state(ScoreChartsState)).ready = False
        (await self.get_state(HeadlineState)).ready = False
        actor, found = await with_actor(
            self,
            Action.VIEW_NETWORK_SCORES,
            lambda db, actor: (scores.frozen_weeks(db), list(db.exec(select(Region).order_by(Region.code)).all())),
        )
        if actor is None:
            return
        frozen, regions = found
        self.regions = [r.code for r in regions]
        self.region_options = [[r.code, r.name, r.name_zh] for r in regions]
        self._region_names = {r.code: (r.name, r.name_zh) for r in regions}
        self.weeks = [[LIVE, ""]] + [[w.isoformat(), w.isoformat()] for w in frozen]
        view = ScoreView.from_query(self.router.url.query_parameters, {w[0] for w in self.weeks}, self.regions)
        self.week = view.week or (frozen[0].isoformat() if frozen else LIVE)
        self.region, self.search, self.sort, self.descending, self.page = (
            view.region,
            view.search,
            view.sort,
            view.descending,
            view.page,
        )
        self.band = -1 if view.band is None else view.band
        self.vs, self.comparison, self.received = view.vs, [], view.received
        self.total = 0
        await self._table()
        yield  # the table shows now; the charts follow
        await self._charts()
        if self.vs:
            yield
            await self._compare()

    def _view(self, **changes) -> ScoreView:
        band = None if self.band < 0 else self.band
        view = ScoreView(self.week, self.region, self.search, self.sort, self.descending, self.page, band, self.vs,
                         self.received)  # fmt: skip
        return replace(view, **changes)

    async def _table(self, reorder_only: bool = False) -> None:
        """One page of the table and the number of rows, read in a worker thread. A new sort or
        page (`reorder_only`) reads just the page: the count stays."""
        now, q, page, total = utcnow(), self._query(), self.page, self.total

        def read(db):
            if reorder_only:
                return scores.score_page(db, q, now, page), total, page
            rows, count = scores.score_table(db, q, now, page=page)
            if page and not rows and count:
                return *scores.score_table(db, q, now, page=0), 0
            return rows, count, page

        rows, self.total, self.page = await with_db(read)
        names = self._region_names
        self.rows = [_row(r) | dict(zip(("region_en", "region_zh"), names.get(r.region, (r.region, r.region)), strict=True))
                     for r in rows]  # fmt: skip
        self.loaded = True

    async def _charts(self) -> None:
        """After the table: the headline and the six charts, aggregated in SQL, analysed and drawn in a
        worker thread; the same for every HQ user, so made at most once a minute for each view
        (`CHARTS`: as long as a live snapshot serves)."""
        now, q, lang = utcnow(), self._query(), await self._lang()
        names = {code: pair[1 if lang == "zh" else 0] for code, pair in self._region_names.items()}

        def draw(db):
            categories, channels = scores.shares(db, q, "category"), scores.shares(db, q, "channel")
            figures = (
                score_charts.distribution(scores.distribution(db, q, now), lang),
                score_charts.regions(scores.by_region(db, q, now), lang, names),
                score_charts.weakest(scores.weakest(db, q, now), lang),
                score_charts.trend(scores.network_trend(db, q.week, region=q.region), lang),
                score_charts.category_share(categories, lang),
                score_charts.channel_distribution(channels, lang),
                score_charts.region_trends(score_headline.region_trends(db, q.week), lang, names),
            )
            keys = {"category": [k for k, _ in categories], "channel": [k for k, _ in channels][::-1]}  # as drawn
            return score_headline.headline(db, q, now), tuple(map(score_charts.plain, figures)), keys

        key = (q.week, q.live, q.region, q.search, q.band, q.received, lang)
        headline, figures, self._share_keys = await with_db(lambda db: CHARTS.get(key, lambda: draw(db)))
        (await self.get_state(HeadlineState)).show(headline)
        charts = await self.get_state(ScoreChartsState)
        (charts.distribution, charts.regions, charts.weakest, charts.trend, charts.category, charts.channel,
         charts.region_trend) = figures  # fmt: skip
        charts.ready, charts.lang = True, lang

    @rx.event
    async def follow_language(self):
        """The user switched language: the charts (drawn on the server) are drawn again in it."""
        charts = await self.get_state(ScoreChartsState)
        if charts.ready and charts.lang != await self._lang() and await require_actor(self, Action.VIEW_NETWORK_SCORES):
            await self._charts()

    async def _compare(self) -> None:
        """The view's key figures beside another week's or another region's (same filters otherwise)."""
        now, q = utcnow(), self._query()
        kind, _, value = self.vs.partition(":")
        other = replace(q, week=date.fromisoformat(value), live=False) if kind == "week" else replace(q, region=value)

        def read(db):
            return score_headline.figures(db, q, now), score_headline.figures(db, other, now)

        key = ("compare", q, other)
        a, b = await with_db(lambda db: CHARTS.get(key, lambda: read(db)))
        names = self._region_names

        def label(view: scores.TableQuery, lang: str) -> str:
            region = names.get(view.region, (view.region, view.region))[1 if lang == "zh" else 0] if view.region else ""
            week = ("本周（实时）" if lang == "zh" else "this week (live)") if view.live else view.week.isoformat()
            return f"{week} · {region}" if region else week

        self.compare_heads = {
            f"{side}_{lang}": label(view, lang) for side, view in (("a", q), ("b", other)) for lang in ("en", "zh")
        }
        self.comparison = _comparison_rows(a, b)

    @rx.event
    async def compare_with(self, value: str):
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None:
            vs = _comparable(value, {w[0] for w in self.weeks}, self.regions)
            return rx.redirect(self._view(vs=vs).url())

    # --- drill-down: a click on a chart narrows the table or opens what is behind the bar ---

    @rx.event
    async def drill_band(self, points: list[dict]):
        """A bar of the score distribution: the table shows the outlets in that band."""
        index = points[0].get("pointIndex") if points else None
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None and isinstance(index, int) and 0 <= index <= 9:
            return rx.redirect(self._view(band=index, page=0).url())

    @rx.event
    async def clear_band(self):
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None:
            return rx.redirect(self._view(band=None, page=0).url())

    @rx.event
    async def drill_week(self, points: list[dict]):
        """A point of a trend: that week, the rest of the view kept."""
        week = str(points[0].get("x", ""))[:10] if points else ""
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None and week in {w[0] for w in self.weeks}:
            return rx.redirect(self._view(week=week, page=0).url())

    @rx.event
    async def drill_category(self, points: list[dict]):
        """A slice of the category chart: the outlets that received such tickets in the week."""
        return await self._drill_received("category", points)

    @rx.event
    async def drill_channel(self, points: list[dict]):
        return await self._drill_received("channel", points)

    async def _drill_received(self, column: str, points: list[dict]):
        keys = self._share_keys.get(column, [])
        index = points[0].get("pointNumber", points[0].get("pointIndex")) if points else None
        if (
            await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None
            and isinstance(index, int)
            and 0 <= index < len(keys)
        ):
            received = f"{column}:{keys[index]}"
            if RECEIVED.fullmatch(received):
                return rx.redirect(self._view(received=received, page=0).url())

    @rx.event
    async def clear_received(self):
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None:
            return rx.redirect(self._view(received="", page=0).url())

    @rx.event
    async def drill_region(self, points: list[dict]):
        """A region's bars: the whole view narrowed to that region (the bar shows its name, in either language)."""
        shown = str(points[0].get("x", "")) if points else ""
        code = next((c for c, names in self._region_names.items() if shown in (c, *names)), None)
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None and code is not None:
            return rx.redirect(self._view(region=code, page=0).url())

    @rx.event
    async def drill_outlet(self, points: list[dict]):
        """A bar of the weakest outlets: that outlet's page, in the week shown."""
        code = str(points[0].get("y", "")) if points else ""
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None and code:
            return rx.redirect(f"/scores/{quote(code)}?week={self.week}")

    @rx.event
    async def choose_week(self, value: str):
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None and value in {w[0] for w in self.weeks}:
            return rx.redirect(self._view(week=value, page=0).url())

    @rx.event
    async def choose_region(self, value: str):
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None:
            return rx.redirect(self._view(region=value if value in self.regions else ALL, page=0).url())

    @rx.event
    async def search_for(self, form: dict):
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None:
            return rx.redirect(self._view(search=str(form.get("search", ""))[:100], page=0).url())

    @rx.event
    async def sort_by(self, key: str):
        """A new order re-reads one page in place (no new page load: the charts stay); the address
        bar follows, so a reload or a shared link shows the same order."""
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is None or key not in scores.SORT_KEYS:
            return
        self.descending = not self.descending if key == self.sort else False
        self.sort, self.page = key, 0
        await self._table(reorder_only=True)
        return _show_address(self._view().url())

    @rx.event
    async def turn(self, delta: int):
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is None:
            return
        self.page = max(0, min(self.pages - 1, self.page + delta))
        await self._table(reorder_only=True)
        return _show_address(self._view().url())

    @rx.event
    async def export(self, fmt: str):
        """The whole filtered table, in the table's order, as a download."""
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is None or fmt not in ("csv", "xlsx"):
            return
        q, lang = self._query(), await self._lang()
        name = f"scores-{q.week.isoformat()}{'-live' if q.live else ''}.{fmt}"
        title = f"Outlet scores, week of {q.week.isoformat()}" + (" (live, partial)" if q.live else "")

        def build(db) -> bytes:
            rows, _ = scores.score_table(db, q, utcnow(), size=None)
            if fmt == "csv":
                return score_export.to_csv(rows, lang)
            return score_export.to_xlsx(rows, title, lang)

        return rx.download(data=await with_db(build), filename=name)


class OutletScoreState(rx.State):
    loaded: bool = False
    found: bool = False
    code: str = ""
    name: str = ""
    region: str = ""
    week: str = ""
    weeks: list[str] = []  # the outlet's frozen weeks, newest first (at most 12)
    latest: dict[str, str] = {}
    live_row: dict[str, str] = {}  # the current week so far (live, partial), with its "not yet due" count
    missed: list[dict[str, str]] = []  # at most 50
    missed_total: int = 0
    categories: list[list[str]] = []
    root_causes: list[list[str]] = []
    severities: list[dict[str, str]] = []
    inspection: dict[str, str] = {}  # quality-inspection averages of the last 12 weeks
    trend_fig: score_charts.Chart = score_charts.EMPTY
    volume_fig: score_charts.Chart = score_charts.EMPTY
    figures_lang: str = ""  # the language the two figures were drawn in
    region_names: list[str] = ["", ""]  # the outlet's region: [English name, Chinese name]

    @rx.event
    async def follow_language(self):
        """The user switched language: the page is read again, its figures drawn in the new language."""
        if self.found and self.figures_lang and self.figures_lang != (await self.get_state(SessionState)).lang:
            await self._read()

    @rx.event
    async def load(self):
        """on_load: the week the URL names (`?week=2026-11-23`, or `live` for this week so far); else the newest."""
        self.week = self.router.url.query_parameters.get("week", "")[:10]
        await self._read()

    @rx.event
    async def choose_week(self, value: str):
        if value in self.weeks or value == LIVE:
            return rx.redirect(f"/scores/{self.code}?week={value}")

    async def _read(self) -> None:
        code = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.loaded, self.found, self.missed, self.categories, self.root_causes, self.severities = False, False, [], [], [], []
        actor = await require_actor(self, Action.VIEW_SCORES)
        if actor is None:
            self.loaded = True
            return
        lang, chosen, scope, now = (await self.get_state(SessionState)).lang, self.week, outlet_scope(actor), utcnow()

        def read(db) -> dict | None:
            """Everything the page shows of the outlet, in one worker thread."""
            outlet = scores.outlet_by_code(db, code, scope)
            if outlet is None:
                return None
            frozen = scores.frozen_weeks(db, limit=12)
            weeks = [w.isoformat() for w in frozen]
            live_week = scores.current_week(now)
            if chosen == LIVE:
                week, as_of = live_week, now
            else:
                week, as_of = (date.fromisoformat(chosen) if chosen in weeks else (frozen[0] if frozen else None)), None
            trend = scores.outlet_trend(db, outlet.id, frozen[0] if as_of else week) if frozen and week else []  # frozen weeks
            live = scores.score_table(db, scores.TableQuery(live_week, True, outlet_id=outlet.id), now, size=1)[0]
            region = db.exec(select(Region).where(Region.code == outlet.region)).first()
            found = {"outlet": outlet, "weeks": weeks, "week": week, "live": live, "trend": trend,
                     "region": [region.name, region.name_zh] if region else [outlet.region, outlet.region]}  # fmt: skip
            if week:
                found["current"] = (
                    live if as_of else scores.score_table(db, scores.TableQuery(week, outlet_id=outlet.id), now, size=1)[0]
                )
                found["missed"] = scores.missed_tickets(db, outlet.id, week, now=as_of)
                found["categories"] = scores.breakdown(db, outlet.id, week, "category", as_of)
                found["root_causes"] = scores.breakdown(db, outlet.id, week, "root_cause", as_of)
                found["severities"] = scores.sla_by_severity(db, outlet.id, week, as_of)
            since = live_week - timedelta(weeks=RESULT_WEEKS)
            found["inspection"], found["since"] = db_inspection.outlet_results(db, outlet.id, since), since
            found["figures"] = (score_charts.plain(score_charts.outlet_trend(trend, lang)),
                                score_charts.plain(score_charts.outlet_volume(trend, lang)))  # fmt: skip
            return found

        found = await with_db(read)
        if found is None:
            self.loaded = True
            return
        outlet, week = found["outlet"], found["week"]
        self.weeks, self.week = found["weeks"], (LIVE if chosen == LIVE else week.isoformat() if week else "")
        self.live_row = _row(found["live"][0]) if found["live"] else {}
        if week:
            self.latest = _row(found["current"][0]) if found["current"] else {}
            missed, self.missed_total = found["missed"]
            self.missed = [
                {"number": t.number, "category": t.category, "severity": t.severity, "stage": t.stage,
                 "due": business_time(t.resolution_due_at), "resolved": business_time(t.resolved_at),
                 "responded": business_time(t.first_response_at)}
                for t in missed
            ]  # fmt: skip
            self.categories = [[k, str(n)] for k, n in found["categories"]]
            self.root_causes = [[k, str(n)] for k, n in found["root_causes"]]
            self.severities = [
                {"severity": s, "cohort": str(n), "on_time": str(k), "compliance": _pct(k / n if n else None)}
                for s, n, k in found["severities"]
            ]
        result = found["inspection"]
        self.inspection = {d: _num(v) for d, v in result.averages.items()} | {
            "overall": _num(result.overall), "reviewed": str(result.reviewed), "since": found["since"].isoformat()
        }  # fmt: skip
        self.code, self.name, self.region, self.region_names = outlet.code, outlet.name, outlet.region, found["region"]
        self.trend_fig, self.volume_fig = found["figures"]
        self.figures_lang = lang
        self.found = self.loaded = True
