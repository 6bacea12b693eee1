"""/inspection: draw (or top up) a sample of closed tickets per outlet, list its items, review one.

HQ roles (INSPECT_QUALITY) only; every handler re-checks the role. Items are paged in SQL,
50 at a time; the sample picker holds at most the 50 latest samples.
"""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx
from sqlmodel import select

from complaint_console.db import inspection as db_insp
from complaint_console.db.models import Region
from complaint_console.db.scores import monday_of
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.domain.inspection import DEFAULT_MODE, DEFAULT_SIZE, RUBRIC, validate_draw, validate_review
from complaint_console.i18n.catalogue import translate
from complaint_console.services import inspection
from complaint_console.settings import get_settings
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views.formatting import business_time

PAGE = 50
WEEKS_SHOWN = 12
ALL = "all"


def _weeks() -> list[date]:
    this = monday_of(utcnow(), get_settings().business_tz)
    return [this - timedelta(weeks=i) for i in range(1, WEEKS_SHOWN + 1)]  # finished weeks only


def _week(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


async def _lang(state: rx.State) -> str:
    return (await state.get_state(SessionState)).lang


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


class InspectionState(rx.State):
    """The draw form, the sample picker and one page of the chosen sample's items."""

    weeks: list[str] = []
    regions: list[list[str]] = []
    draw_week: str = ""
    draw_region: str = ALL
    draw_size: str = str(DEFAULT_SIZE)
    draw_mode: str = DEFAULT_MODE
    draw_errors: dict[str, str] = {}
    samples: list[dict[str, str]] = []
    sample: str = ""
    status: str = ""
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 0

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE))

    @rx.event
    async def load(self):
        self.weeks = [w.isoformat() for w in _weeks()]
        if self.draw_week not in self.weeks:
            self.draw_week = self.weeks[0]  # last week
        self.draw_errors, self.page = {}, 0
        regions = await with_db(lambda db: db.exec(select(Region).order_by(Region.code)).all())
        self.regions = [[r.code, r.name, r.name_zh] for r in regions]
        await self._refresh()

    async def _refresh(self) -> None:
        actor = await require_actor(self, Action.INSPECT_QUALITY)
        if actor is None:
            self.samples, self.rows, self.total = [], [], 0
            return
        found = await with_db(lambda db: db_insp.samples(db, actor))
        self.samples = [
            {
                "id": str(s.id),
                "week": s.week_start.isoformat(),
                "region": s.region or "",
                "size": str(s.size),
                "mode": s.mode,
                "items": str(s.item_count),
                "reviewed": str(s.reviewed),
                "by": s.drawn_by,
                "at": business_time(s.drawn_at),
            }
            for s in found
        ]
        if self.sample not in {s["id"] for s in self.samples}:
            self.sample, self.page = (self.samples[0]["id"] if self.samples else ""), 0
        if not self.sample:
            self.rows, self.total = [], 0
            return
        sid, status, offset = int(self.sample), self.status, self.page * PAGE
        self.total, rows = await with_db(
            lambda db: (db_insp.count_items(db, actor, sid, status), db_insp.items(db, actor, sid, status, PAGE, offset))
        )
        self.rows = [
            {
                "id": str(r.id),
                "number": r.number,
                "outlet": r.outlet_code,
                "region": r.region,
                "category": r.category,
                "closed": business_time(r.closed_at),
                "reviews": str(r.reviews),
                "overall": _score(r.overall),
                "mine": "1" if r.mine else "",
            }
            for r in rows
        ]

    @rx.event
    def set_draw_week(self, value: str):
        self.draw_week = value

    @rx.event
    def set_draw_region(self, value: str):
        self.draw_region = value

    @rx.event
    def set_draw_mode(self, value: str):
        self.draw_mode = value

    @rx.event
    async def draw(self, form: dict):
        actor = await require_actor(self, Action.INSPECT_QUALITY)
        if actor is None:
            return
        self.draw_size = str(form.get("size") or "").strip()[:5]
        week = _week(self.draw_week)
        size, self.draw_errors = validate_draw(week, self.draw_size, _weeks(), self.draw_mode)
        region = None if self.draw_region == ALL else self.draw_region
        if region is not None and region not in {r[0] for r in self.regions}:
            self.draw_errors["region"] = "inspection.error.region"
        if self.draw_errors:
            return
        try:
            mode, tz = self.draw_mode, get_settings().business_tz
            drawn = await with_db(lambda db: inspection.draw(db, actor, week, size, tz, region, mode=mode))
        except inspection.DrawRefused as refused:
            self.draw_errors = {"week": refused.key}
            return
        self.sample, self.status, self.page = str(drawn.sample.id), "", 0
        await self._refresh()
        key = "inspection.topped_up" if drawn.topped_up else "inspection.drawn"
        return rx.toast.success(translate(key, await _lang(self)) + f" {drawn.added}")

    @rx.event
    async def choose_sample(self, value: str):
        self.sample, self.page = value, 0
        await self._refresh()

    @rx.event
    async def set_status(self, value: str):
        self.status, self.page = (value if value in ("todo", "done") else ""), 0
        await self._refresh()

    @rx.event
    async def turn(self, step: int):
        self.page = max(0, min(self.page + step, self.pages - 1))
        await self._refresh()


EMPTY_FORM = {**{d: "" for d in RUBRIC}, "comment": ""}


class ReviewState(rx.State):
    """/inspection/item/<id>: the sampled ticket (masked), its timeline and the rubric form."""

    loaded: bool = False
    found: bool = False
    item_id: int = 0
    sample_id: str = ""
    ticket: dict[str, str] = {}
    timeline: list[dict[str, str]] = []
    form: dict[str, str] = dict(EMPTY_FORM)
    errors: dict[str, str] = {}
    reviewed: dict[str, str] = {}
    others: int = 0  # other inspectors' reviews of this ticket (kept beside this one)
    form_key: int = 0

    @rx.event
    async def load(self):
        self.loaded, self.found, self.errors = False, False, {}
        self.ticket, self.timeline, self.form, self.reviewed, self.others = {}, [], dict(EMPTY_FORM), {}, 0
        raw = self.item
        actor = await require_actor(self, Action.INSPECT_QUALITY)
        if actor is not None and raw.isdigit():
            await self._read(actor, int(raw))
        self.loaded, self.form_key = True, self.form_key + 1

    async def _read(self, actor, item_id: int) -> None:
        def read(db):
            d = db_insp.item_detail(db, actor, item_id)
            return d, (db_insp.item_timeline(db, actor, item_id) if d else [])

        d, lines = await with_db(read)
        if d is None:
            return
        self.found, self.item_id, self.sample_id = True, d.id, str(d.sample_id)
        self.ticket = {
            "number": d.number,
            "outlet": f"{d.outlet_code} · {d.outlet_name}",
            "outlet_code": d.outlet_code,
            "region": d.region,
            "category": d.category,
            "severity": d.severity,
            "channel": d.channel,
            "created": business_time(d.created_at),
            "responded": business_time(d.first_response_at),
            "resolved": business_time(d.resolved_at),
            "closed": business_time(d.closed_at),
            "customer": d.customer_name,
            "phone": d.customer_phone,
            "waybill": d.waybill_no,
            "description": d.description,
            "resolution": d.resolution_summary,
            "responsibility": d.responsibility,
            "root_cause": d.root_cause,
            "compensation": d.compensation,
            "week": d.week_start.isoformat(),
        }
        self.timeline = [
            {"at": business_time(e.at), "kind": e.kind, "actor": e.actor, "from": e.from_stage, "to": e.to_stage, "note": e.note}
            for e in lines
        ]
        self.others = d.others
        self._show(d.scores, d.comment, d.reviewer, d.reviewed_at, d.updated_at)

    def _show(self, scores: dict, comment: str, reviewer: str, reviewed_at, updated_at) -> None:
        self.form = {**{k: "" if v is None else str(v) for k, v in scores.items()}, "comment": comment}
        self.reviewed = (
            {"by": reviewer, "at": business_time(reviewed_at), "updated": business_time(updated_at)} if reviewed_at else {}
        )

    @rx.event
    async def save(self, form: dict):
        actor = await require_actor(self, Action.INSPECT_QUALITY)
        if actor is None or not self.found:
            return
        values = {k: str(v or "") for k, v in form.items() if k in EMPTY_FORM}
        review, self.errors = validate_review(values)
        self.form = {**EMPTY_FORM, **values}
        if review is None:
            return
        item_id = self.item_id
        row = await with_db(lambda db: inspection.save_review(db, actor, item_id, review))
        if row is None:
            return
        scores = {d: getattr(row, d) for d in RUBRIC}
        self._show(scores, row.comment, actor.display_name, row.reviewed_at, row.updated_at)
        self.form_key += 1
        return rx.toast.success(translate("inspection.saved", await _lang(self)))
