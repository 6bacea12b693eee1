"""SQLModel tables. Names of tables and columns in DESIGN's data contract are binding.

Enumerated values (stage, role, channel...) are stored as plain strings from
`complaint_console.domain.vocabulary`; the domain layer validates them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from complaint_console.db.types import UTCDateTime, utcnow

MONEY = sa.Numeric(12, 2)


def ts(nullable: bool = True, index: bool = False, default: bool = False) -> Any:
    """A UTC timestamp column; `default=True` fills it with now() on insert."""
    return Field(
        default_factory=utcnow if default else None,
        sa_column=sa.Column(UTCDateTime(), nullable=nullable, index=index, default=utcnow if default else None),
    )


def json_col(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=sa.Column(sa.JSON(), nullable=nullable))


def money(default: Decimal | None = None, nullable: bool = True) -> Any:
    return Field(default=default, sa_column=sa.Column(MONEY, nullable=nullable, default=default))


class Region(SQLModel, table=True):
    __tablename__ = "region"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=100)
    name_zh: str = Field(max_length=100)


class Outlet(SQLModel, table=True):
    __tablename__ = "outlet"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200, index=True)
    region: str = Field(max_length=32, foreign_key="region.code", index=True)
    province: str = Field(default="", max_length=50)
    city: str = Field(max_length=50)
    timezone: str = Field(default="Asia/Shanghai", max_length=64)
    authority_limit: Decimal = money(Decimal("500.00"), nullable=False)
    business_hours: dict | None = json_col()
    holiday_calendar: str | None = Field(default=None, max_length=8)
    active: bool = Field(default=True)
    manager_id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.Integer(), sa.ForeignKey("app_user.id", use_alter=True, name="fk_outlet_manager_id_app_user", ondelete="SET NULL")
        ),
    )


class AppUser(SQLModel, table=True):
    """A staff login. Named `app_user` because `user` is reserved in PostgreSQL."""

    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(max_length=100)
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=32)
    role: str = Field(max_length=32)
    outlet_id: int | None = Field(default=None, foreign_key="outlet.id", index=True)
    language: str = Field(default="en", max_length=8)
    password_hash: str = Field(max_length=255)
    active: bool = Field(default=True)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = ts()
    password_changed_at: datetime | None = ts()
    # Set by an admin's reset: the next sign-in must choose a new password.
    must_change_password: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # A set-password link (only the hash of its token is kept) and when it stops working.
    password_token_hash: str | None = Field(default=None, max_length=64, unique=True, index=True)
    password_token_expires_at: datetime | None = ts()
    created_at: datetime = ts(nullable=False, default=True)


class UserSession(SQLModel, table=True):
    """A server-side login session. Only a hash of the browser's token is stored."""

    __tablename__ = "user_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = ts(nullable=False, default=True)
    last_seen_at: datetime = ts(nullable=False, default=True)
    ended_at: datetime | None = ts()
    # Sign-in hands the session to the browser through a one-time code, exchanged at /auth/session
    # for the HttpOnly cookie (the token itself never passes through Reflex state).
    handoff_hash: str | None = Field(default=None, max_length=64, unique=True, index=True)
    handoff_expires_at: datetime | None = ts()


class AdminAudit(SQLModel, table=True):
    """Who changed which outlet or staff account, when, and each field's old -> new value."""

    __tablename__ = "admin_audit"
    __table_args__ = (sa.Index("ix_admin_audit_entity", "entity", "entity_id", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = ts(nullable=False, default=True)
    actor_id: int | None = Field(default=None, foreign_key="app_user.id")
    entity: str = Field(max_length=20)  # "outlet" | "user"
    entity_id: int
    action: str = Field(max_length=20)  # "create" | "update" | "deactivate" | "import" | ...
    changes: dict | None = json_col()  # {field: [old, new]}


class Ticket(SQLModel, table=True):
    __tablename__ = "ticket"
    __table_args__ = (
        sa.Index("ix_ticket_outlet_stage_due", "outlet_id", "stage", "resolution_due_at"),
        sa.Index("ix_ticket_stage_due", "stage", "resolution_due_at"),  # a network column (HQ), nearest due first
        sa.Index("ix_ticket_phone_category", "customer_phone", "category"),
        sa.Index("ix_ticket_stage_resolved", "stage", "resolved_at"),  # the survey job's due-to-send scan
        sa.Index("ix_ticket_stage_closed", "stage", "closed_at"),  # the inspection draw: closed in a week
        sa.Index("ix_ticket_resolved_at", "resolved_at"),  # the scores: compensation paid in a week
        sa.Index("ix_ticket_updated_at", "updated_at"),  # live boards: what changed since the last look
        sa.Index("ix_ticket_root_cause_created", "root_cause", "created_at"),  # the Pareto and the effect check
        sa.UniqueConstraint("import_fingerprint", name="uq_ticket_import_fingerprint"),  # NULLs never clash
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=20, unique=True)
    waybill_no: str = Field(max_length=40, index=True)
    customer_name: str = Field(max_length=100)
    customer_phone: str = Field(max_length=20)
    customer_email: str | None = Field(default=None, max_length=200)
    channel: str = Field(max_length=20)
    category: str = Field(max_length=20)
    severity: str = Field(max_length=10)
    description: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    outlet_id: int | None = Field(default=None, foreign_key="outlet.id")
    assignee_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    stage: str = Field(default="new", max_length=20)
    created_at: datetime = ts(nullable=False, index=True, default=True)
    first_response_at: datetime | None = ts()
    response_due_at: datetime = ts(nullable=False)
    resolution_due_at: datetime = ts(nullable=False, index=True)
    # The policy targets the due times were computed from (kept when the policy changes).
    response_target_minutes: int
    resolution_target_minutes: int
    resolved_at: datetime | None = ts()
    closed_at: datetime | None = ts()
    paused_seconds: int = Field(default=0)  # open time the resolution clock did not run: awaiting_customer, all before a reopen
    paused_since: datetime | None = ts()
    escalation_level: str = Field(default="outlet", max_length=10)
    repeat_of_id: int | None = Field(default=None, foreign_key="ticket.id")
    responsibility: str | None = Field(default=None, max_length=20)
    root_cause: str | None = Field(default=None, max_length=100)  # a code of root_cause_category (older rows: free text)
    root_cause_note: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))  # the closer's words beside it
    resolution_summary: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    compensation_amount: Decimal | None = money()
    compensation_approved_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    # An amount above the outlet's limit that waits for HQ (cleared when HQ approves).
    compensation_requested: Decimal | None = money()
    # 1 for a first complaint; 2, 3... along a chain of repeats ("repeat ×N" on the card).
    repeat_seq: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    customer_language: str = Field(default="zh", max_length=8)
    updated_at: datetime = ts(nullable=False, default=True)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    version: int = Field(default=1)
    # When the reminder job should look at the ticket next; NULL: work it out at the next run
    # (every workflow change clears it, see db/tickets.save_if_unchanged).
    next_reminder_at: datetime | None = ts(index=True)
    # An imported ticket's source row, normalised and hashed (domain/import_jobs.ticket_fingerprint):
    # the same row imported again is found, never a second ticket. NULL for tickets not imported.
    import_fingerprint: str | None = Field(default=None, max_length=64)


class TicketEvent(SQLModel, table=True):
    __tablename__ = "ticket_event"
    __table_args__ = (sa.Index("ix_ticket_event_kind_at", "kind", "at"),)  # the scores: escalations in a week
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    at: datetime = ts(nullable=False, default=True)
    actor_id: int | None = Field(default=None, foreign_key="app_user.id")
    kind: str = Field(max_length=30)
    from_stage: str | None = Field(default=None, max_length=20)
    to_stage: str | None = Field(default=None, max_length=20)
    note: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))


class Attachment(SQLModel, table=True):
    __tablename__ = "attachment"
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    original_name: str = Field(max_length=255)
    stored_name: str = Field(max_length=64, unique=True)
    content_type: str = Field(max_length=50)
    size_bytes: int
    uploaded_at: datetime = ts(nullable=False, default=True)


class SlaPolicy(SQLModel, table=True):
    __tablename__ = "sla_policy"
    id: int | None = Field(default=None, primary_key=True)
    severity: str = Field(max_length=10)
    category: str | None = Field(default=None, max_length=20)
    response_minutes: int
    resolution_minutes: int
    valid_from: datetime = ts(nullable=False, default=True)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")


class CalendarDay(SQLModel, table=True):
    """HQ's own entries on top of the holiday library: extra closed days and working days."""

    __tablename__ = "calendar_day"
    day: date = Field(primary_key=True)
    kind: str = Field(max_length=10)  # "closed" | "working"
    note: str = Field(default="", max_length=200)


class Survey(SQLModel, table=True):
    __tablename__ = "survey"
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    sent_at: datetime | None = ts()
    answered_at: datetime | None = ts(index=True)
    rating: int | None = None
    comment: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    token_hash: str | None = Field(default=None, max_length=64, unique=True)
    expires_at: datetime | None = ts()


class Notification(SQLModel, table=True):
    __tablename__ = "notification"
    __table_args__ = (
        sa.Index("ix_notification_status_next", "status", "next_attempt_at"),
        sa.Index("ix_notification_recipient_read", "recipient", "read_at"),  # the bell's unread count
    )
    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=10)
    recipient: str = Field(max_length=200)
    kind: str = Field(max_length=40)
    ticket_id: int | None = Field(default=None, foreign_key="ticket.id", index=True)
    dedupe_key: str = Field(max_length=200, unique=True)
    status: str = Field(default="pending", max_length=10)
    attempts: int = Field(default=0)
    subject: str = Field(default="", max_length=300)
    body: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False, default=""))
    payload: dict | None = json_col()
    created_at: datetime = ts(nullable=False, default=True)
    next_attempt_at: datetime | None = ts()
    sent_at: datetime | None = ts()
    read_at: datetime | None = ts()
    last_error: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    # Taken by a delivery worker until then; a worker that dies lets the item go at this time.
    locked_until: datetime | None = ts()


class OutletScoreFields(SQLModel):
    """What a scored outlet week holds, frozen (weekly_outlet_score) or live (live_outlet_score)."""

    week_start: date
    cohort_size: int = 0
    resolved_count: int = 0
    timely_count: int = 0
    survey_count: int = 0
    satisfied_count: int = 0
    received_count: int = 0
    repeat_count: int = 0
    resolution_rate: float | None = None
    timeliness_rate: float | None = None
    satisfaction_rate: float | None = None
    score: float | None = None
    tier: str | None = Field(default=None, max_length=2)
    rank: int | None = None
    score_change: float | None = None  # score minus the previous week's; NULL when either is missing
    warning: str | None = Field(default=None, max_length=32)  # early warning: "received", "score" or both, comma-joined
    escalated_count: int = 0  # shown, not scored: tickets escalated during the week
    compensated_count: int = 0  # shown, not scored: tickets resolved in the week with compensation


class WeeklyOutletScore(OutletScoreFields, table=True):
    __tablename__ = "weekly_outlet_score"
    __table_args__ = (sa.UniqueConstraint("week_start", "outlet_id", name="uq_weekly_outlet_score_week_outlet"),)
    id: int | None = Field(default=None, primary_key=True)
    outlet_id: int = Field(foreign_key="outlet.id", index=True)
    weights: dict | None = json_col()
    tiers: dict | None = json_col()  # the tier floors the week was computed with
    compensation_total: Decimal = money(Decimal(0), nullable=False)  # yuan paid on the compensated tickets
    computed_at: datetime = ts(nullable=False, default=True)


class LiveOutletScore(OutletScoreFields, table=True):
    """The current week so far ("live, partial"), scored like a frozen week and kept for a
    minute (services/live_scores.refresh), so the live table sorts and pages in SQL too."""

    __tablename__ = "live_outlet_score"
    __table_args__ = (sa.UniqueConstraint("week_start", "outlet_id", name="uq_live_outlet_score_week_outlet"),)
    id: int | None = Field(default=None, primary_key=True)
    outlet_id: int = Field(foreign_key="outlet.id")
    compensation_total: Decimal = money(Decimal(0), nullable=False)
    computed_at: datetime = ts(nullable=False, default=True)
    not_yet_due_count: int = 0  # open tickets due later this week: shown beside the score, never failures


class ReportRecipient(SQLModel, table=True):
    """Who else receives the weekly report by e-mail, as hq_admin set it (HQ's own users and each
    outlet's managers receive it from their accounts): the whole report, a region's section
    (a region's director), or one outlet's page."""

    __tablename__ = "report_recipient"
    __table_args__ = (sa.UniqueConstraint("email", "scope", "region", name="uq_report_recipient_email_scope_region"),)
    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=10)  # "network" | "region"
    region: str | None = Field(default=None, max_length=32)  # the region's code, for scope "region"
    email: str = Field(max_length=200)
    name: str = Field(default="", max_length=100)
    language: str = Field(default="zh", max_length=8)
    created_at: datetime = ts(nullable=False, default=True)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")


class ParcelVolume(SQLModel, table=True):
    """Parcels an outlet handled in a week (imported by hq_admin), for complaints per 10,000 parcels."""

    __tablename__ = "parcel_volume"
    __table_args__ = (sa.UniqueConstraint("outlet_id", "week_start", name="uq_parcel_volume_outlet_week"),)
    id: int | None = Field(default=None, primary_key=True)
    outlet_id: int = Field(foreign_key="outlet.id")
    week_start: date = Field(index=True)  # the Monday
    parcels: int
    imported_at: datetime = ts(nullable=False, default=True)
    imported_by_id: int | None = Field(default=None, foreign_key="app_user.id")


class WeeklyReport(SQLModel, table=True):
    __tablename__ = "weekly_report"
    id: int | None = Field(default=None, primary_key=True)
    week_start: date = Field(unique=True)
    summary: dict | None = json_col()
    created_at: datetime = ts(nullable=False, default=True)


class TypicalCase(SQLModel, table=True):
    """A ticket a training lead picked for the weekly meeting (one case per ticket)."""

    __tablename__ = "typical_case"
    __table_args__ = (sa.UniqueConstraint("ticket_id", name="uq_typical_case_ticket"),)
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    week_start: date = Field(index=True)
    title: str = Field(max_length=200)
    tags: list | None = json_col()
    # `|tag one|tag two|`, lower-cased: tag search with LIKE on every database (domain/cases.tags_text).
    tags_text: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})
    practice: str = Field(default="bad", max_length=4)  # "good" | "bad"
    lesson: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False, default=""))
    five_whys: list | None = json_col()  # [{"why": ..., "because": ...}, ...], at most five
    root_cause: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False, default="", server_default=""))
    root_cause_code: str | None = Field(default=None, max_length=40)  # from the list HQ edits (root_cause_category)
    corrective_action: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False, default=""))
    action_owner: str = Field(default="", max_length=100)
    action_due: date | None = None
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = ts(nullable=False, default=True)
    updated_at: datetime | None = ts()
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")


class InspectionSample(SQLModel, table=True):
    """A quality-inspection draw of a week: closed tickets per outlet (`domain/inspection.targets`).

    `mode` is "per_outlet" (`size` tickets from every outlet) or "proportional" (`size` per
    outlet on average, shared by the outlets' closed volume). `region` NULL means every region.
    One sample per week and region (services/inspection.draw): drawing again tops it up with tickets
    closed since, up to the targets, so an outlet's results never count a ticket twice.
    """

    __tablename__ = "inspection_sample"
    id: int | None = Field(default=None, primary_key=True)
    week_start: date = Field(index=True)
    region: str | None = Field(default=None, max_length=32, foreign_key="region.code")
    mode: str = Field(default="per_outlet", max_length=16, sa_column_kwargs={"server_default": "per_outlet"})
    size: int
    seed: int  # the draw is reproducible: domain/inspection.choose
    item_count: int = Field(default=0)
    drawn_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    drawn_at: datetime = ts(nullable=False, default=True)
    topped_up_at: datetime | None = ts()  # the latest top-up, if any


class InspectionItem(SQLModel, table=True):
    """One sampled ticket; its reviews are `inspection_review` rows (one per inspector)."""

    __tablename__ = "inspection_item"
    __table_args__ = (sa.UniqueConstraint("sample_id", "ticket_id", name="uq_inspection_item_sample_ticket"),)
    id: int | None = Field(default=None, primary_key=True)
    sample_id: int = Field(foreign_key="inspection_sample.id", index=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)


class InspectionReview(SQLModel, table=True):
    """One inspector's five rubric scores (1-5) and comment on a sampled ticket.

    Two inspectors of one ticket are both kept (their agreement is the calibration view);
    an inspector reviewing again overwrites only their own row.
    """

    __tablename__ = "inspection_review"
    __table_args__ = (sa.UniqueConstraint("item_id", "reviewer_id", name="uq_inspection_review_item_reviewer"),)
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="inspection_item.id", index=True)
    reviewer_id: int = Field(foreign_key="app_user.id")
    reply_speed: int
    remedy_accuracy: int
    empathy: int
    policy_compliance: int
    record_completeness: int
    comment: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False, default="", server_default=""))
    reviewed_at: datetime = ts(nullable=False, index=True, default=True)  # the first review
    updated_at: datetime | None = ts()  # the latest re-review


class RootCauseCategory(SQLModel, table=True):
    """One root cause of the list HQ edits; tickets and cases store its `code`."""

    __tablename__ = "root_cause_category"
    __table_args__ = (sa.UniqueConstraint("code", name="uq_root_cause_category_code"),)
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40)
    name_en: str = Field(max_length=100)
    name_zh: str = Field(max_length=100)
    active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean(), nullable=False, server_default=sa.true()))


class CorrectiveAction(SQLModel, table=True):
    """What an outlet does against a root cause (from a case or on its own): open → done → verified."""

    __tablename__ = "corrective_action"
    __table_args__ = (sa.Index("ix_corrective_action_status_due", "status", "due_date"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer(), sa.ForeignKey("typical_case.id", name="fk_corrective_action_case_id"))
    )
    outlet_id: int = Field(
        sa_column=sa.Column(sa.Integer(), sa.ForeignKey("outlet.id", name="fk_corrective_action_outlet_id"), nullable=False)
    )
    root_cause: str = Field(max_length=40)
    description: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    owner_id: int = Field(
        sa_column=sa.Column(sa.Integer(), sa.ForeignKey("app_user.id", name="fk_corrective_action_owner_id"), nullable=False)
    )
    due_date: date
    status: str = Field(default="open", max_length=10, sa_column_kwargs={"server_default": "open"})
    done_at: datetime | None = ts()
    verified_at: datetime | None = ts()
    verified_by_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer(), sa.ForeignKey("app_user.id", name="fk_corrective_action_verifier"))
    )
    created_by_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer(), sa.ForeignKey("app_user.id", name="fk_corrective_action_creator"))
    )
    created_at: datetime = ts(nullable=False, default=True)


class CaseHomework(SQLModel, table=True):
    """A case given to an outlet as homework; its manager acknowledges it once."""

    __tablename__ = "case_homework"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "outlet_id", name="uq_case_homework_case_outlet"),
        sa.Index("ix_case_homework_outlet", "outlet_id", "acknowledged_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column=sa.Column(sa.Integer(), sa.ForeignKey("typical_case.id", name="fk_case_homework_case_id"), nullable=False)
    )
    outlet_id: int = Field(
        sa_column=sa.Column(sa.Integer(), sa.ForeignKey("outlet.id", name="fk_case_homework_outlet_id"), nullable=False)
    )
    assigned_by_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer(), sa.ForeignKey("app_user.id", name="fk_case_homework_assigner"))
    )
    assigned_at: datetime = ts(nullable=False, default=True)
    acknowledged_by_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer(), sa.ForeignKey("app_user.id", name="fk_case_homework_ack"))
    )
    acknowledged_at: datetime | None = ts()


class Setting(SQLModel, table=True):
    """Versioned settings: the row with the latest `valid_from` <= now applies."""

    __tablename__ = "setting"
    __table_args__ = (sa.UniqueConstraint("key", "valid_from", name="uq_setting_key_valid_from"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, index=True)
    value: dict | None = json_col(nullable=False)
    valid_from: datetime = ts(nullable=False, default=True)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")


class RoutingRule(SQLModel, table=True):
    """Which outlet answers for a complaint: by waybill prefix or destination district."""

    __tablename__ = "routing_rule"
    __table_args__ = (sa.UniqueConstraint("kind", "pattern", name="uq_routing_rule_kind_pattern"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # "waybill_prefix" | "district"
    pattern: str = Field(max_length=100)
    outlet_id: int = Field(foreign_key="outlet.id", index=True)
    created_at: datetime = ts(nullable=False, default=True)


class RateLimitHit(SQLModel, table=True):
    """One counted attempt (a failed tracking lookup, a public submission) for throttling.

    Kept in the database so the limit holds across every web worker of a deployment.
    """

    __tablename__ = "rate_limit_hit"
    __table_args__ = (sa.Index("ix_rate_limit_hit_key_at", "key", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200)
    at: datetime = ts(nullable=False, default=True)


class KnowledgeArticle(SQLModel, table=True):
    """A ready answer for `inquiry` tickets, matched by keywords; HQ edits them."""

    __tablename__ = "knowledge_article"
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    keywords: str = Field(default="", max_length=500)  # comma-separated, either language
    answer_zh: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    answer_en: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    active: bool = Field(default=True)
    updated_at: datetime = ts(nullable=False, default=True)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")


class ApiKey(SQLModel, table=True):
    """One key per intake channel of the JSON API; only a hash of the key is stored."""

    __tablename__ = "api_key"
    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    label: str = Field(default="", max_length=100)
    key_hash: str = Field(max_length=64, unique=True)
    key_prefix: str = Field(max_length=12)  # the first characters, to tell keys apart
    created_at: datetime = ts(nullable=False, default=True)
    revoked_at: datetime | None = ts()


class IdempotencyRecord(SQLModel, table=True):
    """The answer given to an API request with an `Idempotency-Key`, replayed on a retry."""

    __tablename__ = "idempotency_record"
    __table_args__ = (sa.UniqueConstraint("api_key_id", "key", name="uq_idempotency_record_api_key_key"),)
    id: int | None = Field(default=None, primary_key=True)
    api_key_id: int = Field(foreign_key="api_key.id")
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)
    status_code: int
    response: dict | None = json_col()
    ticket_id: int | None = Field(default=None, foreign_key="ticket.id")
    created_at: datetime = ts(nullable=False, default=True, index=True)


class JobLease(SQLModel, table=True):
    """Which process runs the scheduled jobs: one holder at a time, kept alive by heartbeats."""

    __tablename__ = "job_lease"
    name: str = Field(primary_key=True, max_length=50)
    holder: str = Field(max_length=200)
    acquired_at: datetime = ts(nullable=False, default=True)
    expires_at: datetime = ts(nullable=False)


class JobRun(SQLModel, table=True):
    """One run of a scheduled job: when, how long, what came of it (shown on /admin/jobs)."""

    __tablename__ = "job_run"
    __table_args__ = (sa.Index("ix_job_run_job_started", "job", "started_at"),)
    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=50)
    trigger: str = Field(default="schedule", max_length=20)  # schedule | manual | catch-up | once
    holder: str = Field(default="", max_length=200)
    started_at: datetime = ts(nullable=False, default=True)
    finished_at: datetime | None = ts()
    outcome: str = Field(default="running", max_length=10)  # running | ok | error
    counts: dict | None = json_col()
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))


class ImportJob(SQLModel, table=True):
    """One file import (tickets, outlets, staff): who started it, from which file, how far it got
    and what came of it. Progress, counts and the problems found so far are written every batch,
    so a crash leaves the record; the file stays in the file store (`file_key`) until the import
    is done, so an interrupted one can be resumed. Statuses: domain/import_jobs.py."""

    __tablename__ = "import_job"
    __table_args__ = (
        sa.Index("ix_import_job_status", "status"),
        sa.Index("ix_import_job_kind_hash", "kind", "content_hash"),
    )
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # tickets | outlets | staff
    origin: str = Field(default="web", max_length=10)  # web | cli
    actor_id: int | None = Field(default=None, foreign_key="app_user.id")  # None: the operator's CLI
    file_name: str = Field(max_length=255)
    file_key: str | None = Field(default=None, max_length=200)  # in the file store until done
    content_hash: str = Field(max_length=64)  # SHA-256 of the file
    status: str = Field(default="waiting", max_length=12)
    rows_done: int = Field(default=0)
    rows_total: int = Field(default=0)
    imported: int = Field(default=0)
    already: int = Field(default=0)  # rows found imported before (tickets)
    unchanged: int = Field(default=0)
    rejected: int = Field(default=0)
    report: dict | None = json_col()  # {"problems": [[line, field, message], ...], "more": n}
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    retry_of_id: int | None = Field(default=None, foreign_key="import_job.id")  # the job this one resumes
    holder: str = Field(default="", max_length=200)  # host:pid of the process working on it
    created_at: datetime = ts(nullable=False, default=True)
    started_at: datetime | None = ts()
    heartbeat_at: datetime | None = ts()
    finished_at: datetime | None = ts()
