"""What the board sends: the whole board on load and on a filter change, and afterwards only
patches (the changed cards and the column counts). Plain functions of a session, run off the
event loop by BoardState through `with_db`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from complaint_console.db import board as board_queries
from complaint_console.db.calendars import calendars_for
from complaint_console.db.models import Outlet
from complaint_console.db.tickets import TicketCard
from complaint_console.domain.access import ALL_OUTLETS, Actor, outlet_scope
from complaint_console.domain.stages import allowed_targets, required_fields
from complaint_console.domain.vocabulary import OPEN_STAGES, Category, Stage
from complaint_console.states.clock_view import age, badge_clocks

PAGE = 25  # cards per column, and per "show more"
# At most this many cards in the session's state (about 250 bytes each), so that it stays far
# below 64 KB however often "show more" is pressed.
MAX_CARDS = 175


def _rank(card: TicketCard) -> float:
    """Where the card sits in its column: open stages nearest due first; done ones latest first."""
    if Stage(card.stage) in OPEN_STAGES or card.resolved_at is None:
        return card.resolution_due_at.timestamp()
    return -card.resolved_at.timestamp()


def card_props(card: TicketCard, calendar, now) -> dict:
    """What the kanban card shows; labels are looked up in the browser by key."""
    markers = [
        key
        for key, on in (
            ("card.repeat", card.repeat_seq > 1),
            ("card.escalated", card.escalation_level != "outlet"),
            ("card.regulator", card.channel == "regulator"),
            ("card.awaiting_approval", card.awaiting_approval),
        )
        if on
    ]
    stage = Stage(card.stage)
    targets = allowed_targets(stage, Category(card.category))
    return {
        "number": card.number,
        "waybill": card.waybill,
        "version": card.version,
        "stage": card.stage,
        "rank": _rank(card),
        "severity": card.severity,
        "category": card.category,
        "customer": card.customer,
        "assignee": card.assignee,
        "age": age(card.created_at, now),
        "markers": markers,
        "repeatSeq": card.repeat_seq,
        "clocks": badge_clocks(card, calendar, now),
        "targets": [s.value for s in targets],
        # Moves that open a form first: the board does not place these cards ahead of the server.
        "forms": [s.value for s in targets if required_fields(stage, s)],
    }


@dataclass(frozen=True)
class BoardQuery:
    """The board a user looks at: HQ's outlet or queue, the filters and each column's page."""

    outlet_code: str = ""
    network: bool = False
    queue: str = "breached"
    assignee: str = ""
    category: str = ""
    severity: str = ""
    sla: str = ""
    search: str = ""
    limits: dict[str, int] = field(default_factory=dict)

    def stages(self) -> list[Stage]:
        return list(OPEN_STAGES) if self.network else list(Stage)


@dataclass
class BoardView:
    error: str = ""
    columns: list[dict] = field(default_factory=list)
    staff: list[list[str]] = field(default_factory=list)
    open_count: int = 0
    shown: dict[str, int] = field(default_factory=dict)  # number -> version of every card sent


def _filter(db: Session, actor: Actor, q: BoardQuery) -> board_queries.BoardFilter | None:
    """The query's filter in the actor's scope (None: HQ named an outlet that does not exist)."""
    everything = outlet_scope(actor) is ALL_OUTLETS
    outlet_id = actor.outlet_id
    if everything and q.outlet_code:
        outlet_id = db.exec(select(Outlet.id).where(Outlet.code == q.outlet_code)).first()
        if outlet_id is None:
            return None
    triage = q.network and q.queue == "triage" and everything
    return board_queries.BoardFilter(outlet_id, q.assignee, q.category, q.severity, q.sla, q.search, triage=triage)


def read_board(db: Session, actor: Actor, q: BoardQuery, now: datetime) -> BoardView:
    flt = _filter(db, actor, q)
    if flt is None:
        return BoardView(error="board.outlet_unknown")
    counts = board_queries.stage_counts(db, actor, flt, now)
    rows = {s: board_queries.stage_cards(db, actor, flt, s, q.limits.get(s.value, PAGE), now) for s in q.stages()}
    calendars = calendars_for(db, {c.outlet_id for cards in rows.values() for c in cards})
    columns = [
        {
            "stage": s.value,
            "count": counts[s.value],
            "limit": q.limits.get(s.value, PAGE),
            "hasMore": counts[s.value] > len(rows[s]),
            "cards": [card_props(c, calendars[c.outlet_id], now) for c in rows[s]],
        }
        for s in q.stages()
    ]
    return BoardView(
        columns=columns,
        staff=[[str(i), name] for i, name in board_queries.outlet_staff(db, flt.outlet_id)],
        open_count=sum(counts[s.value] for s in OPEN_STAGES),
        shown={c.number: c.version for cards in rows.values() for c in cards},
    )


@dataclass
class BoardPatch:
    cards: list[dict]  # changed cards the board shows, in their new stage
    removed: list[str]  # cards that left the board (filter or scope)
    counts: dict[str, int]
    open_count: int


def read_patch(
    db: Session, actor: Actor, q: BoardQuery, numbers: list[str], shown: dict[str, int], now: datetime
) -> BoardPatch | None:
    """The changed cards among `numbers` (only those the actor may see and the filter shows) and
    the fresh column counts; None when the board itself is gone (HQ's outlet was renamed)."""
    flt = _filter(db, actor, q)
    if flt is None:
        return None
    cards = board_queries.cards_by_number(db, actor, flt, numbers, now)
    stages = {s.value for s in q.stages()}
    cards = [c for c in cards if c.stage in stages]
    calendars = calendars_for(db, {c.outlet_id for c in cards})
    found = {c.number for c in cards}
    counts = board_queries.stage_counts(db, actor, flt, now)
    return BoardPatch(
        cards=[card_props(c, calendars[c.outlet_id], now) for c in cards],
        removed=[n for n in numbers if n in shown and n not in found],
        counts={s: counts[s] for s in stages},
        open_count=sum(counts[s.value] for s in OPEN_STAGES),
    )
