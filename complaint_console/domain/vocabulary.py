"""The binding vocabulary of DESIGN.md: roles, stages, channels, categories, tiers."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    HQ_ADMIN = "hq_admin"
    HQ_ANALYST = "hq_analyst"
    OUTLET_MANAGER = "outlet_manager"
    AGENT = "agent"
    TRAINING_LEAD = "training_lead"


class Stage(StrEnum):
    NEW = "new"
    INVESTIGATING = "investigating"
    PROPOSING = "proposing"
    AWAITING_CUSTOMER = "awaiting_customer"
    EXECUTING = "executing"
    RESOLVED = "resolved"
    CLOSED = "closed"


OPEN_STAGES: tuple[Stage, ...] = (
    Stage.NEW,
    Stage.INVESTIGATING,
    Stage.PROPOSING,
    Stage.AWAITING_CUSTOMER,
    Stage.EXECUTING,
)


class Channel(StrEnum):
    APP = "app"
    WECHAT = "wechat"
    HOTLINE = "hotline"
    WEB = "web"
    OUTLET_COUNTER = "outlet_counter"
    SOCIAL_MEDIA = "social_media"
    REGULATOR = "regulator"


class Category(StrEnum):
    DELAY = "delay"
    DAMAGE = "damage"
    LOSS = "loss"
    ATTITUDE = "attitude"
    MISDELIVERY = "misdelivery"
    FEE = "fee"
    INQUIRY = "inquiry"
    OTHER = "other"


class Severity(StrEnum):
    GENERAL = "general"
    SERIOUS = "serious"
    URGENT = "urgent"


class Responsibility(StrEnum):
    OUTLET = "outlet"
    TRANSIT_HUB = "transit_hub"
    SENDER = "sender"
    RECIPIENT = "recipient"
    THIRD_PARTY = "third_party"
    FORCE_MAJEURE = "force_majeure"


class RootCause(StrEnum):
    """Root-cause categories recorded when a ticket is closed (seed 002's analysis headings)."""

    TRANSIT_DELAY = "transit_delay"
    COURIER_SHORTAGE = "courier_shortage"
    WEATHER = "weather"
    SORTING_ERROR = "sorting_error"
    PACKAGING = "packaging"
    ROUGH_HANDLING = "rough_handling"
    THEFT = "theft"
    ADDRESS_ERROR = "address_error"
    COURIER_ATTITUDE = "courier_attitude"
    TRAINING_GAP = "training_gap"
    PRICING_ERROR = "pricing_error"
    SYSTEM_FAULT = "system_fault"
    TRACKING_GAP = "tracking_gap"
    OTHER = "other"


class EscalationLevel(StrEnum):
    OUTLET = "outlet"
    REGION = "region"
    HQ = "hq"


class EventKind(StrEnum):
    CREATED = "created"
    STAGE_CHANGE = "stage_change"
    ASSIGNED = "assigned"
    CONTACT = "contact"
    COMMENT = "comment"
    SEVERITY_CHANGE = "severity_change"
    ESCALATED = "escalated"
    REOPENED = "reopened"
    COMPENSATION_APPROVED = "compensation_approved"
    APPROVAL_REQUESTED = "approval_requested"
    COMPENSATION_DECLINED = "compensation_declined"
    ROUTED = "routed"
    INSTANT_ANSWER = "instant_answer"


class NotificationChannel(StrEnum):
    IN_APP = "in_app"
    EMAIL = "email"
    WEBHOOK = "webhook"
    SMS = "sms"
