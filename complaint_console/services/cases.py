"""Typical cases written: a training lead's case for a ticket saved (masked) or removed.

Only EDIT_CASES writes; the reads (candidates, the library, a week's pack) are in `db/cases.py`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session

from complaint_console.db.cases import case_for_ticket
from complaint_console.db.followup import has_follow_up
from complaint_console.db.masked_ticket import scrub_for
from complaint_console.db.models import Ticket, TypicalCase
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, Actor, may
from complaint_console.domain.cases import CaseDraft, WhyStep, tags_text


def scrub_draft(ticket: Ticket, draft: CaseDraft) -> CaseDraft:
    """The draft with the ticket's customer details (and any phone or waybill) masked: what a
    training lead types is stored masked, so the library never shows them either."""

    def s(text: str) -> str:
        return scrub_for(ticket, text)

    return replace(
        draft,
        title=s(draft.title),
        tags=[s(t) for t in draft.tags],
        lesson=s(draft.lesson),
        five_whys=[WhyStep(s(w.why), s(w.because)) for w in draft.five_whys],
        root_cause=s(draft.root_cause),
        corrective_action=s(draft.corrective_action),
        action_owner=s(draft.action_owner),
    )


def save_case(db: Session, actor: Actor, ticket_id: int, week_start: date, draft: CaseDraft) -> TypicalCase | None:
    """Create the ticket's case or update it. Only EDIT_CASES writes; None when refused."""
    if not may(actor, Action.EDIT_CASES):
        return None
    ticket = db.get(Ticket, ticket_id)
    if ticket is None:
        return None
    draft = scrub_draft(ticket, draft)
    case = case_for_ticket(db, ticket_id)
    now = utcnow()
    if case is None:
        case = TypicalCase(ticket_id=ticket_id, week_start=week_start, title="", created_by_id=actor.user_id, created_at=now)
    else:
        case.updated_at, case.updated_by_id = now, actor.user_id
    case.title, case.tags, case.tags_text = draft.title, list(draft.tags), tags_text(draft.tags)
    case.practice, case.lesson = draft.practice, draft.lesson
    case.five_whys = [{"why": s.why, "because": s.because} for s in draft.five_whys]
    case.root_cause = draft.root_cause
    case.corrective_action, case.action_owner, case.action_due = draft.corrective_action, draft.action_owner, draft.action_due
    db.add(case)
    db.commit()
    db.refresh(case)
    return case


def delete_case(db: Session, actor: Actor, ticket_id: int) -> bool | None:
    """Remove the ticket's case: True when removed; None when its corrective actions or homework
    keep it (they refer to it); False when refused or there is none."""
    if not may(actor, Action.EDIT_CASES):
        return False
    case = case_for_ticket(db, ticket_id)
    if case is None:
        return False
    if has_follow_up(db, case.id):
        return None
    db.delete(case)
    db.commit()
    return True
