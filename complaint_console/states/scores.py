"""/scores (HQ) and /scores/<code> (HQ, or an outlet's own staff). Thin: db/score_table reads,
services/live_scores keeps the live week fresh.

Every handler re-checks the right (VIEW_NETWORK_SCORES for the network table, VIEW_SCORES and
the outlet scope for one outlet). The table holds one page of 50 rows; charts hold aggregates.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from urllib.parse import quote

import reflex as rx
from sqlmodel import select

from complaint_console.db import score_table
from complaint_console.db.models import Region
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.domain.scores import SCORE_BANDS
from complaint_console.services import live_scores, score_headline, score_settings
from complaint_console.services.recent import Recent
from complaint_console.states.offload import with_db
from complaint_console.states.score_headline import HeadlineState, comparison_rows
from complaint_console.states.score_view import ALL, LIVE, RECEIVED, ScoreView, comparable, show_address
from complaint_console.states.session import SessionState, require_actor, with_actor
from complaint_console.views import score_charts, score_export
from complaint_console.views.score_format import score_row

CHARTS: Recent[tuple] = Recent(live_scores.LIVE_SECONDS)  # (headline, figures) by view and language


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
        return max(1, -(-self.total // score_table.PAGE_SIZE))

    @rx.var
    def live(self) -> bool:
        return self.week == LIVE

    def _query(self, **changes) -> score_table.TableQuery:
        week = live_scores.current_week(utcnow()) if self.week == LIVE else date.fromisoformat(self.week)
        return score_table.TableQuery(
            week,
            self.week == LIVE,
            "" if self.region == ALL else self.region,
            self.search,
            self.sort,
            self.descending,
            band=None if self.band < 0 else self.band,
            received=tuple(self.received.split(":", 1)) if self.received else None,
        )

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
            lambda db, actor: (score_table.frozen_weeks(db), list(db.exec(select(Region).order_by(Region.code)).all())),
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
        view = ScoreView(self.week, self.region, self.search, self.sort, self.descending, self.page, band, self.vs, self.received)
        return replace(view, **changes)

    async def _table(self, reorder_only: bool = False) -> None:
        """One page of the table and the number of rows, read in a worker thread. A new sort or
        page (`reorder_only`) reads just the page: the count stays."""
        now, q, page, total = utcnow(), self._query(), self.page, self.total

        def read(db):
            ready = live_scores.ready(db, q, now)  # the live week's snapshot made fresh first
            if reorder_only:
                return score_table.score_page(db, ready, page), total, page
            rows, count = score_table.score_table(db, ready, page=page)
            if page and not rows and count:
                return *score_table.score_table(db, ready, page=0), 0
            return rows, count, page

        rows, self.total, self.page = await with_db(read)
        names = self._region_names
        self.rows = [
            score_row(r) | dict(zip(("region_en", "region_zh"), names.get(r.region, (r.region, r.region)), strict=True))
            for r in rows
        ]
        self.loaded = True

    async def _charts(self) -> None:
        """After the table: the headline and the six charts, aggregated in SQL, analysed and drawn in a
        worker thread; the same for every HQ user, so made at most once a minute for each view
        (`CHARTS`: as long as a live snapshot serves)."""
        now, q, lang = utcnow(), self._query(), await self._lang()
        names = {code: pair[1 if lang == "zh" else 0] for code, pair in self._region_names.items()}

        def draw(db):
            ready = live_scores.ready(db, q, now)
            categories, channels = score_table.shares(db, q, "category"), score_table.shares(db, q, "channel")
            figures = (
                score_charts.distribution(score_table.distribution(db, ready), lang, score_settings.tiers_at(db, now)),
                score_charts.regions(score_table.by_region(db, ready), lang, names),
                score_charts.weakest(score_table.weakest(db, ready), lang),
                score_charts.trend(score_table.network_trend(db, q.week, region=q.region), lang),
                score_charts.category_share(categories, lang),
                score_charts.channel_distribution(channels, lang),
                score_charts.region_trends(score_headline.region_trends(db, q.week, region=q.region), lang, names),
            )
            keys = {"category": [k for k, _ in categories], "channel": [k for k, _ in channels][::-1]}  # as drawn
            return score_headline.headline(db, q, now), tuple(map(score_charts.plain, figures)), keys

        key = (q.week, q.live, q.region, q.search, q.band, q.received, lang)
        headline, figures, self._share_keys = await with_db(lambda db: CHARTS.get(key, lambda: draw(db)))
        (await self.get_state(HeadlineState)).show(headline)
        charts = await self.get_state(ScoreChartsState)
        (
            charts.distribution,
            charts.regions,
            charts.weakest,
            charts.trend,
            charts.category,
            charts.channel,
            charts.region_trend,
        ) = figures
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

        def label(view: score_table.TableQuery, lang: str) -> str:
            region = names.get(view.region, (view.region, view.region))[1 if lang == "zh" else 0] if view.region else ""
            week = ("本周（实时）" if lang == "zh" else "this week (live)") if view.live else view.week.isoformat()
            return f"{week} · {region}" if region else week

        self.compare_heads = {
            f"{side}_{lang}": label(view, lang) for side, view in (("a", q), ("b", other)) for lang in ("en", "zh")
        }
        self.comparison = comparison_rows(a, b)

    @rx.event
    async def compare_with(self, value: str):
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None:
            vs = comparable(value, {w[0] for w in self.weeks}, self.regions)
            return rx.redirect(self._view(vs=vs).url())

    # --- drill-down: a click on a chart narrows the table or opens what is behind the bar ---

    @rx.event
    async def drill_band(self, points: list[dict]):
        """A bar of the score distribution: the table shows the outlets in that band."""
        index = points[0].get("pointIndex") if points else None
        a_band = isinstance(index, int) and 0 <= index < SCORE_BANDS
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is not None and a_band:
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
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is None or key not in score_table.SORT_KEYS:
            return
        self.descending = not self.descending if key == self.sort else False
        self.sort, self.page = key, 0
        await self._table(reorder_only=True)
        return show_address(self._view().url())

    @rx.event
    async def turn(self, delta: int):
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is None:
            return
        self.page = max(0, min(self.pages - 1, self.page + delta))
        await self._table(reorder_only=True)
        return show_address(self._view().url())

    @rx.event
    async def export(self, fmt: str):
        """The whole filtered table, in the table's order, as a download."""
        if await require_actor(self, Action.VIEW_NETWORK_SCORES) is None or fmt not in ("csv", "xlsx"):
            return
        q, lang = self._query(), await self._lang()
        name = f"scores-{q.week.isoformat()}{'-live' if q.live else ''}.{fmt}"
        title = f"Outlet scores, week of {q.week.isoformat()}" + (" (live, partial)" if q.live else "")

        def build(db) -> bytes:
            rows, _ = score_table.score_table(db, live_scores.ready(db, q, utcnow()), size=None)
            if fmt == "csv":
                return score_export.to_csv(rows, lang)
            return score_export.to_xlsx(rows, title, lang)

        return rx.download(data=await with_db(build), filename=name)
