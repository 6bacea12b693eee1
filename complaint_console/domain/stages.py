"""The stage machine of DESIGN "Stages": which moves are allowed and what each one needs.

Pure rules: callers pass what they know of the ticket and the move; `check_move` returns
the problems (field -> message key). An empty result means the move may happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from complaint_console.domain.access import may_reopen
from complaint_console.domain.text import NOTE_MAX, SUMMARY_MAX, too_long
from complaint_console.domain.vocabulary import OPEN_STAGES, Category, Responsibility, Role, RootCause, Stage

FORWARD: dict[Stage, Stage] = {
    Stage.NEW: Stage.INVESTIGATING,
    Stage.INVESTIGATING: Stage.PROPOSING,
    Stage.PROPOSING: Stage.AWAITING_CUSTOMER,
    Stage.AWAITING_CUSTOMER: Stage.EXECUTING,
    Stage.EXECUTING: Stage.RESOLVED,
    Stage.RESOLVED: Stage.CLOSED,
}


@dataclass(frozen=True)
class TicketFacts:
    """What the rules need to know about the ticket."""

    stage: Stage
    category: Category
    authority_limit: Decimal
    approved_compensation: Decimal | None = None  # the amount HQ approved, if any
    low_rating: bool = False  # the latest survey answer was 1 or 2
    # the root causes a ticket may be closed with: the active codes of HQ's list (db.root_causes)
    root_causes: frozenset[str] = frozenset(RootCause.__members__.values())


@dataclass(frozen=True)
class MoveFields:
    """What the person moving the ticket filled in (all optional until a move needs them)."""

    note: str = ""
    resolution_summary: str = ""
    responsibility: str = ""
    compensation: str = ""
    root_cause: str = ""
    root_cause_note: str = ""  # free text beside the chosen root cause (optional)
    reason: str = ""


def is_allowed(current: Stage, target: Stage, category: Category) -> bool:
    """Whether the move exists at all in the stage machine."""
    if FORWARD.get(current) == target:
        return True
    if current == Stage.AWAITING_CUSTOMER and target == Stage.PROPOSING:
        return True  # the customer rejects the remedy
    if current in OPEN_STAGES and target == Stage.RESOLVED and category == Category.INQUIRY:
        return True  # inquiries are answered without the full flow
    return current == Stage.RESOLVED and target == Stage.INVESTIGATING  # reopen


def allowed_targets(current: Stage, category: Category) -> list[Stage]:
    return [stage for stage in Stage if stage != current and is_allowed(current, stage, category)]


def parse_amount(text: str) -> Decimal | None:
    """A compensation amount in yuan (two decimals at most, not negative), or None."""
    try:
        amount = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        return None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")) or amount > Decimal("9999999999.99"):
        return None
    return amount


def approval_note(amount: Decimal, summary: str) -> str:
    """The timeline's note of an approval request: "¥800" or "¥800: what was typed as the summary"."""
    return f"¥{amount}" + (f": {summary.strip()}" if summary.strip() else "")


def summary_of_approval_note(note: str) -> str:
    """The summary typed when asking for approval, read back from `approval_note`'s text."""
    _, sep, summary = (note or "").partition(": ")
    return summary if sep else ""


def needs_approval(amount: Decimal, facts: TicketFacts) -> bool:
    """Compensation above the outlet's authority limit needs HQ's approval of that amount."""
    return amount > facts.authority_limit and facts.approved_compensation != amount


def check_move(facts: TicketFacts, role: Role | None, target: Stage, fields: MoveFields) -> dict[str, str]:
    """Problems with moving the ticket to `target` (field -> message key); empty when it may move.

    `role` None is the system acting on a survey answer: it may reopen only after a low rating."""
    if not is_allowed(facts.stage, target, facts.category):
        return {"stage": "move.not_allowed"}
    problems: dict[str, str] = {
        name: "text.too_long"
        for name, limit in (
            ("note", NOTE_MAX),
            ("reason", NOTE_MAX),
            ("root_cause_note", NOTE_MAX),
            ("resolution_summary", SUMMARY_MAX),
        )
        if too_long(getattr(fields, name), limit)
    }
    if facts.stage == Stage.RESOLVED and target == Stage.INVESTIGATING:
        if not may_reopen(role, facts.low_rating):
            problems["stage"] = "move.reopen_forbidden"
        if not fields.reason.strip():
            problems["reason"] = "move.reason_required"
    if target == Stage.RESOLVED:
        if not fields.resolution_summary.strip():
            problems["resolution_summary"] = "move.summary_required"
        if fields.responsibility not in Responsibility.__members__.values():
            problems["responsibility"] = "move.responsibility_required"
        amount = parse_amount(fields.compensation)
        if amount is None:
            problems["compensation"] = "move.compensation_invalid"
        elif needs_approval(amount, facts):
            problems["compensation"] = "move.approval_required"
    if target == Stage.CLOSED and fields.root_cause not in facts.root_causes:
        problems["root_cause"] = "move.root_cause_required" if not fields.root_cause else "root_causes.error.not_offered"
    return problems


def check_system_close(facts: TicketFacts) -> dict[str, str]:
    """The satisfaction revisit closes a resolved ticket by itself (rating 3-5, or no answer
    in 72 h). It is the only close without a root cause: nobody is there to pick one, so the
    ticket keeps whatever root cause it had. People closing by hand still need one
    (`check_move`)."""
    return {} if facts.stage == Stage.RESOLVED else {"stage": "move.not_allowed"}


def required_fields(current: Stage, target: Stage) -> list[str]:
    """The form fields a move asks for (the board opens a form with these)."""
    if current == Stage.RESOLVED and target == Stage.INVESTIGATING:
        return ["reason"]
    if target == Stage.RESOLVED:
        return ["resolution_summary", "responsibility", "compensation"]
    if target == Stage.CLOSED:
        return ["root_cause", "root_cause_note"]
    return []
