"""The story of a typical case (#14): what happened, in order, and what it cost.

`read` gathers it for one ticket, masked (`db.masked_ticket.scrub_for`); `sections` lays it out in
the reader's language as plain titled lines. The case page, the Markdown, PDF and slide
packs all show `sections`, so they tell the same story. Root causes go through
`root_cause_lines` alone, so a richer root-cause record only changes that function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from complaint_console.db.calendars import outlet_calendar
from complaint_console.db.cases import case_for_ticket
from complaint_console.db.masked_ticket import scrub_for
from complaint_console.db.models import Survey, Ticket, TicketEvent
from complaint_console.db.root_causes import root_cause_label
from complaint_console.db.tickets import scoped
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, Actor, may
from complaint_console.domain.sla import ClockState
from complaint_console.i18n.catalogue import translate
from complaint_console.services import sla as sla_service

EVENT_LIMIT = 200  # a ticket's timeline beyond this is no story for a meeting
CHAIN_LIMIT = 10  # earlier and later repeats followed at most


@dataclass(frozen=True)
class StoryEvent:
    at: datetime
    kind: str
    from_stage: str
    to_stage: str
    note: str  # scrubbed


@dataclass(frozen=True)
class ClockOutcome:
    kind: str  # "response" | "resolution"
    state: str  # domain.sla.ClockState
    over_minutes: int


@dataclass(frozen=True)
class RepeatLink:
    number: str
    created_at: datetime
    category: str
    stage: str
    earlier: bool


@dataclass(frozen=True)
class CaseStory:
    """One ticket's story, every free text masked; codes (stage, kind...) are translated later."""

    number: str
    description: str
    rating: int | None
    survey_comment: str
    clocks: tuple[ClockOutcome, ...]
    responsibility: str
    ticket_root_cause: str  # the category chosen at closing (domain.vocabulary.RootCause), or ""
    case_root_cause: str  # the end of the case's 5-Why chain, free text
    remedy: str
    compensation: Decimal | None
    compensation_requested: Decimal | None
    events: tuple[StoryEvent, ...]
    repeats: tuple[RepeatLink, ...]
    case_root_cause_names: tuple[str, str] = ("", "")  # the case's root cause from the list, in English and Chinese
    ticket_root_cause_names: tuple[str, str] = ("", "")  # the category chosen at closing, by HQ's list, in both
    ticket_root_cause_note: str = ""  # the closer's own words beside the category


@dataclass(frozen=True)
class StorySection:
    key: str  # timeline, customer, clocks, cause, remedy, repeats
    title: str
    lines: tuple[str, ...]


def _chain(db: Session, actor: Actor, ticket: Ticket) -> tuple[RepeatLink, ...]:
    """Earlier complaints this one repeats (the intake's repeat link, followed back), then later
    complaints that repeat it."""
    earlier: list[RepeatLink] = []
    seen = {ticket.id}
    parent_id = ticket.repeat_of_id
    while parent_id is not None and parent_id not in seen and len(earlier) < CHAIN_LIMIT:
        parent = db.exec(scoped(select(Ticket), actor).where(Ticket.id == parent_id)).first()
        if parent is None:
            break
        seen.add(parent.id)
        earlier.append(RepeatLink(parent.number, parent.created_at, parent.category, parent.stage, True))
        parent_id = parent.repeat_of_id
    later = db.exec(
        scoped(select(Ticket), actor).where(Ticket.repeat_of_id == ticket.id).order_by(Ticket.created_at).limit(CHAIN_LIMIT)
    ).all()
    return (*reversed(earlier), *(RepeatLink(t.number, t.created_at, t.category, t.stage, False) for t in later))


def read(db: Session, actor: Actor, ticket_id: int, now: datetime | None = None) -> CaseStory | None:
    """The story of a ticket the actor may read cases of; None otherwise."""
    if not may(actor, Action.VIEW_CASES):
        return None
    ticket = db.exec(scoped(select(Ticket), actor).where(Ticket.id == ticket_id)).first()
    if ticket is None:
        return None
    now = now or utcnow()
    survey = db.exec(
        select(Survey).where(Survey.ticket_id == ticket.id, Survey.answered_at.is_not(None)).order_by(Survey.answered_at.desc())
    ).first()
    clocks = sla_service.clocks(ticket, outlet_calendar(db, ticket.outlet_id), now)
    events = db.exec(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.at, TicketEvent.id).limit(EVENT_LIMIT)
    ).all()
    case = case_for_ticket(db, ticket.id)
    return CaseStory(
        number=ticket.number,
        description=scrub_for(ticket, ticket.description),
        rating=survey.rating if survey else None,
        survey_comment=scrub_for(ticket, survey.comment) if survey else "",
        clocks=tuple(ClockOutcome(c.kind, c.state.value, c.over_minutes) for c in (clocks.response, clocks.resolution)),
        responsibility=ticket.responsibility or "",
        ticket_root_cause=scrub_for(ticket, ticket.root_cause),  # a category code, or older free text
        case_root_cause=scrub_for(ticket, case.root_cause) if case else "",
        remedy=scrub_for(ticket, ticket.resolution_summary),
        compensation=ticket.compensation_amount,
        compensation_requested=ticket.compensation_requested,
        events=tuple(StoryEvent(e.at, e.kind, e.from_stage or "", e.to_stage or "", scrub_for(ticket, e.note)) for e in events),
        repeats=_chain(db, actor, ticket),
        case_root_cause_names=_names(db, ticket, case.root_cause_code if case else None),
        ticket_root_cause_names=_names(db, ticket, ticket.root_cause),
        ticket_root_cause_note=scrub_for(ticket, ticket.root_cause_note),
    )


def _names(db: Session, ticket: Ticket, code: str | None) -> tuple[str, str]:
    """A root cause's name in English and Chinese by HQ's list (older free text stays, masked)."""
    return tuple(scrub_for(ticket, root_cause_label(db, code, lang)) for lang in ("en", "zh")) if code else ("", "")


# --- the story in words ----------------------------------------------------------------


def duration_text(minutes: int, lang: str) -> str:
    """`45 min`, `2 h 5 min`, `3 d 4 h` (and the Chinese forms)."""
    if minutes < 60:
        return translate("story.duration.minutes", lang).format(m=minutes)
    if minutes < 24 * 60:
        return translate("story.duration.hours", lang).format(h=minutes // 60, m=minutes % 60)
    return translate("story.duration.days", lang).format(d=minutes // 1440, h=minutes % 1440 // 60)


def clock_text(clock: ClockOutcome, lang: str) -> str:
    """`First response: late by 2 h 5 min`, `Resolution: met`..."""
    label = translate(f"story.clock.{clock.kind}", lang)
    if clock.state == ClockState.MET:
        outcome = translate("story.clock.met", lang)
    elif clock.state in (ClockState.MISSED, ClockState.BREACHED):
        outcome = translate(f"story.clock.{clock.state}", lang).format(over=duration_text(clock.over_minutes, lang))
    elif clock.state == ClockState.PAUSED:
        outcome = translate("story.clock.paused", lang)
    else:
        outcome = translate("story.clock.running", lang)
    return translate("story.label", lang).format(label=label, value=outcome)


def stars(rating: int) -> str:
    """`★★☆☆☆` for 2 of 5 (the shipped PDF font has both glyphs)."""
    rating = max(0, min(rating, 5))
    return "★" * rating + "☆" * (5 - rating)


def root_cause_lines(story: CaseStory, lang: str) -> list[str]:
    """The root cause as recorded today: the category chosen at closing and the case's 5-Why end."""
    lines = []
    at_closing = story.ticket_root_cause_names[1 if lang == "zh" else 0]
    if at_closing:
        note = f" — {story.ticket_root_cause_note}" if story.ticket_root_cause_note else ""
        lines.append(translate("story.root_cause_ticket", lang).format(cause=at_closing + note))
    listed = story.case_root_cause_names[1 if lang == "zh" else 0]
    if listed:
        lines.append(translate("followup.story_root_cause", lang).format(cause=listed))
    if story.case_root_cause:
        lines.append(translate("story.root_cause_case", lang).format(cause=story.case_root_cause))
    return lines


def _maybe(key: str, lang: str, fallback: str) -> str:
    try:
        return translate(key, lang)
    except KeyError:
        return fallback


def _event_line(e: StoryEvent, lang: str, tz: ZoneInfo) -> str:
    what = _maybe(f"event.{e.kind}", lang, e.kind)
    if e.from_stage or e.to_stage:
        stages = " → ".join(_maybe(f"stage.{s}", lang, s) for s in (e.from_stage, e.to_stage) if s)
        what = translate("story.label", lang).format(label=what, value=stages)
    text = f"{e.at.astimezone(tz):%Y-%m-%d %H:%M} · {what}"
    return f"{text} — {e.note}" if e.note else text


def _repeat_line(r: RepeatLink, lang: str, tz: ZoneInfo) -> str:
    key = "story.repeat_earlier" if r.earlier else "story.repeat_later"
    return translate(key, lang).format(
        number=r.number,
        created=f"{r.created_at.astimezone(tz):%Y-%m-%d}",
        category=_maybe(f"category.{r.category}", lang, r.category),
        stage=_maybe(f"stage.{r.stage}", lang, r.stage),
    )


def sections(story: CaseStory, lang: str, tz: str) -> list[StorySection]:
    """The story as titled lines in `lang`, times in the business time zone `tz`."""

    def tr(key: str) -> str:
        return translate(key, lang)

    zone = ZoneInfo(tz)
    survey = [tr("story.no_survey")]
    if story.rating is not None:
        rating = f"{stars(story.rating)} {tr('story.rating').format(rating=story.rating)}"
        survey = [tr("story.label").format(label=tr("story.survey"), value=rating)]
        if story.survey_comment:
            survey.append(f"“{story.survey_comment}”")
    remedy = [story.remedy] if story.remedy else [tr("story.no_remedy")]
    if story.compensation is not None:
        remedy.append(tr("story.compensation").format(amount=story.compensation))
    elif story.compensation_requested is not None:
        remedy.append(tr("story.compensation_requested").format(amount=story.compensation_requested))
    else:
        remedy.append(tr("story.no_compensation"))
    cause = [
        tr("story.responsibility_of").format(who=_maybe(f"responsibility.{story.responsibility}", lang, story.responsibility))
    ]
    if not story.responsibility:
        cause = [tr("story.responsibility_of").format(who=tr("story.not_recorded"))]
    cause += root_cause_lines(story, lang) or [
        tr("story.label").format(label=tr("cases.field.root_cause"), value=tr("story.not_recorded"))
    ]
    return [
        StorySection("customer", tr("story.customer"), (story.description, *survey)),
        StorySection("clocks", tr("story.clocks"), tuple(clock_text(c, lang) for c in story.clocks)),
        StorySection(
            "timeline", tr("story.timeline"), tuple(_event_line(e, lang, zone) for e in story.events) or (tr("story.no_events"),)
        ),
        StorySection("cause", tr("story.cause"), tuple(cause)),
        StorySection("remedy", tr("story.remedy"), tuple(remedy)),
        StorySection(
            "repeats", tr("story.repeats"), tuple(_repeat_line(r, lang, zone) for r in story.repeats) or (tr("story.no_repeats"),)
        ),
    ]
