"""Corrective actions: the training lead (or HQ) sets one on a case or for a root cause at an
outlet; its owner marks it done; a verifier confirms it; the owner hears once when it is overdue.
The effect check compares complaints of that root cause at that outlet before and after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, select

from complaint_console.db.masked_ticket import scrub_for
from complaint_console.db.models import AppUser, CorrectiveAction, Outlet, Ticket, TypicalCase
from complaint_console.db.root_causes import effect_counts, list_categories
from complaint_console.domain.access import Action, Actor, may, may_finish_action, sees_outlet
from complaint_console.domain.corrective_actions import (
    ActionStatus,
    effect_window,
    is_overdue,
    may_move,
    recurred,
    validate_action,
)
from complaint_console.domain.root_causes import EFFECT_WEEKS
from complaint_console.i18n.catalogue import translate
from complaint_console.services.staff_alerts import tell


class NotAllowed(PermissionError):
    """The actor may not do this to this corrective action."""


@dataclass
class Outcome:
    ok: bool
    errors: dict[str, str] = field(default_factory=dict)
    action_id: int | None = None


def create(
    db: Session,
    actor: Actor | None,
    outlet_id: int,
    root_cause: str,
    description: str,
    owner_id: int | None,
    due: date | None,
    now: datetime,
    case_id: int | None = None,
    today: date | None = None,
) -> Outcome:
    """A new open corrective action: the owner is active staff of that outlet or of HQ, the root
    cause one of HQ's active list, the due date not before `today` (when given); on a case, the
    description is stored masked like everything trainers type there."""
    if not may(actor, Action.EDIT_CASES):
        raise NotAllowed("edit_cases")
    errors = validate_action(description, owner_id, due, root_cause)
    if due is not None and today is not None and due < today:
        errors["due"] = "followup.error.due_past"
    if root_cause and root_cause not in {c.code for c in list_categories(db, active_only=True)}:
        errors["root_cause"] = "root_causes.error.unknown"
    owner = db.get(AppUser, owner_id) if owner_id is not None else None
    if owner_id is not None and (owner is None or not owner.active):
        errors["owner"] = "actions.error.owner_missing"
    elif owner is not None and owner.outlet_id not in (None, outlet_id):
        errors["owner"] = "followup.error.owner_elsewhere"
    if db.get(Outlet, outlet_id) is None:
        errors["outlet"] = "actions.error.outlet_missing"
    case = db.get(TypicalCase, case_id) if case_id is not None else None
    if case_id is not None and case is None:
        errors["case"] = "actions.error.case_missing"
    if errors:
        return Outcome(False, errors)
    if case is not None:
        description = scrub_for(db.get(Ticket, case.ticket_id), description)
    row = CorrectiveAction(
        case_id=case_id,
        outlet_id=outlet_id,
        root_cause=root_cause,
        description=description.strip(),
        owner_id=owner_id,
        due_date=due,
        status=ActionStatus.OPEN.value,
        created_by_id=actor.user_id,
        created_at=now,
    )
    db.add(row)
    db.commit()
    return Outcome(True, action_id=row.id)


def mark_done(db: Session, actor: Actor | None, action_id: int, done_at: datetime) -> Outcome:
    """The owner (or whoever may edit cases) says the action is done, as of `done_at`."""
    row = db.get(CorrectiveAction, action_id)
    if row is None or not may_finish_action(actor, row.owner_id):
        raise NotAllowed("done")
    if not may_move(row.status, ActionStatus.DONE):
        return Outcome(False, {"status": "actions.error.not_open"})
    row.status, row.done_at = ActionStatus.DONE.value, done_at
    db.add(row)
    db.commit()
    return Outcome(True, action_id=row.id)


def verify(db: Session, actor: Actor | None, action_id: int, now: datetime) -> Outcome:
    """A verifier (access: VERIFY_CORRECTIVE_ACTIONS) confirms a done action."""
    row = db.get(CorrectiveAction, action_id)
    if row is None or not may(actor, Action.VERIFY_CORRECTIVE_ACTIONS):
        raise NotAllowed("verify")
    if not may_move(row.status, ActionStatus.VERIFIED):
        return Outcome(False, {"status": "actions.error.not_done"})
    row.status, row.verified_at, row.verified_by_id = ActionStatus.VERIFIED.value, now, actor.user_id
    db.add(row)
    db.commit()
    return Outcome(True, action_id=row.id)


@dataclass(frozen=True)
class EffectCheck:
    before: list[int]  # complaints per week, oldest first
    after: list[int]
    recurred: bool


def effect(db: Session, actor: Actor | None, action_id: int, weeks: int = EFFECT_WEEKS) -> EffectCheck | None:
    """Complaints of the action's root cause at its outlet, `weeks` weeks before and after it was
    done; None while it is not done (or outside what the actor may see)."""
    row = db.get(CorrectiveAction, action_id)
    if row is None or not (may(actor, Action.VIEW_CASES) or sees_outlet(actor, row.outlet_id)):
        return None
    if row.done_at is None:
        return None
    window = effect_window(row.done_at, weeks)
    before, after = effect_counts(db, row.outlet_id, row.root_cause, window.done_at, weeks)
    return EffectCheck(before, after, recurred(after))


def alert_overdue(db: Session, today: date, now: datetime) -> int:
    """Tell each overdue action's owner, in the app and by e-mail, once per action (the outbox's
    dedupe key remembers what was sent, so later runs and a second scheduler queue nothing)."""
    queued = 0
    rows = db.exec(select(CorrectiveAction).where(CorrectiveAction.status == ActionStatus.OPEN.value)).all()
    for row in rows:
        if not is_overdue(row.status, row.due_date, today):
            continue
        owner = db.get(AppUser, row.owner_id)
        if owner is None or not owner.active:
            continue
        subject = translate("actions.overdue.subject", owner.language).format(due=row.due_date.isoformat())
        body = f"{subject}\n{row.description}"
        key, payload = f"action:{row.id}:overdue", {"action_id": row.id}
        queued += tell(db, owner, "action_overdue", key, subject, body, now, payload=payload)
    db.commit()
    return queued
