"""Deterministic demo data: 3 regions, 60 outlets, staff for every role, 12 weeks of tickets.

Every ticket is simulated along the stage machine (events in order, pauses, surveys,
reopen after a low rating), then cut off at `now`, so stages, clocks and timelines agree.
The random seed is fixed: the same `now` always gives the same data.
"""

from __future__ import annotations

import random
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import (
    ApiKey,
    AppUser,
    KnowledgeArticle,
    Outlet,
    Region,
    RoutingRule,
    Setting,
    SlaPolicy,
    Survey,
    Ticket,
    TicketEvent,
)
from complaint_console.domain.calendar import BusinessCalendar, add_open_seconds, parse_business_hours
from complaint_console.domain.numbering import ticket_number
from complaint_console.domain.sla import DEFAULT_TARGETS, due_times, pause_seconds
from complaint_console.domain.vocabulary import Role, Severity
from complaint_console.services.api_keys import PREFIX_LENGTH, key_hash
from complaint_console.services.passwords import hash_password
from seeds import reference as ref

SEED = 20261123
DEMO_PASSWORD = "complaints-demo"
NO_PASSWORD = "!no-password-set"
OUTLETS_PER_REGION = 20
WEEKS = 12

# Fixed, publicly known keys of the JSON API, only ever made by this demo seed.
DEMO_API_KEYS = [
    # channel, label, key
    ("app", "Demo mobile app", "demo-app-key-0001"),
    ("wechat", "Demo WeChat mini-program", "demo-wechat-key-0001"),
]

DEMO_ACCOUNTS = [
    # username, role, display name, outlet code (None = network role)
    ("admin", Role.HQ_ADMIN, "Admin 管理员", None),
    ("analyst", Role.HQ_ANALYST, "Analyst 分析师", None),
    ("trainer", Role.TRAINING_LEAD, "Trainer 培训师", None),
    ("manager1", Role.OUTLET_MANAGER, "Manager One 网点经理一", "EAST-001"),
    ("manager2", Role.OUTLET_MANAGER, "Manager Two 网点经理二", "SOUTH-001"),
    ("agent1", Role.AGENT, "Agent One 客服一", "EAST-001"),
]


@dataclass
class OutletPlan:
    id: int
    code: str
    quality: float
    weekly_volume: float
    tz: ZoneInfo
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)
    staff: list[int] = field(default_factory=list)
    manager_id: int | None = None


def _pick(rng: random.Random, mix: list[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]


def _outlet_rows(rng: random.Random) -> tuple[list[dict], list[OutletPlan]]:
    rows, plans = [], []
    for r_index, (region_code, _, _, cities) in enumerate(ref.REGIONS):
        for n in range(1, OUTLETS_PER_REGION + 1):
            outlet_id = r_index * OUTLETS_PER_REGION + n
            province, city = cities[(n - 1) % len(cities)]
            district = ref.DISTRICTS[(n - 1) % len(ref.DISTRICTS)]
            code = f"{region_code}-{n:03d}"
            hours, calendar = None, None
            if n % 7 == 3:
                hours = ref.SIX_DAY_HOURS
            elif n % 7 == 5:
                hours, calendar = ref.OFFICE_HOURS, "CN"
            rows.append(
                dict(
                    id=outlet_id,
                    code=code,
                    name=f"{city} {district}网点",
                    region=region_code,
                    province=province,
                    city=city,
                    timezone="Asia/Shanghai",
                    authority_limit=Decimal("500.00"),
                    business_hours=hours,
                    holiday_calendar=calendar,
                    active=True,
                )
            )
            # A spread of quality: a few excellent, a few poor, most in between.
            band = rng.random()
            quality = (
                rng.uniform(0.93, 0.99) if band < 0.2 else rng.uniform(0.45, 0.7) if band > 0.85 else rng.uniform(0.75, 0.92)
            )
            if code in ("EAST-001", "SOUTH-001"):
                quality = 0.86 if code == "EAST-001" else 0.78
            volume = 24.0 if code in ("EAST-001", "SOUTH-001") else rng.uniform(6, 14)
            tz = ZoneInfo("Asia/Shanghai")
            calendar = BusinessCalendar(tz=tz, hours=parse_business_hours(hours), cn_holidays=calendar == "CN")
            plans.append(OutletPlan(outlet_id, code, quality, volume, tz, calendar))
    return rows, plans


def _staff_rows(rng: random.Random, plans: list[OutletPlan]) -> list[dict]:
    by_code = {p.code: p for p in plans}
    accounts: list[tuple[str, Role, str, int | None]] = [
        (u, role, name, by_code[c].id if c else None) for u, role, name, c in DEMO_ACCOUNTS
    ]
    for plan in plans:
        if plan.code not in ("EAST-001", "SOUTH-001"):
            accounts.append((f"mgr.{plan.code.lower()}", Role.OUTLET_MANAGER, _person(rng), plan.id))
        accounts.append((f"agent.{plan.code.lower()}", Role.AGENT, _person(rng), plan.id))
    demo_names = {u for u, *_ in DEMO_ACCOUNTS}
    with ThreadPoolExecutor(max_workers=2) as pool:
        demo_hashes = dict(zip(demo_names, pool.map(lambda _: hash_password(DEMO_PASSWORD), demo_names), strict=True))
    # Generated staff exist for assignment and notifications; they cannot log in until
    # an admin sets a password (the marker is not a valid Argon2 hash).
    hashes = [demo_hashes.get(username, NO_PASSWORD) for username, *_ in accounts]
    rows = []
    for user_id, ((username, role, name, outlet_id), pw_hash) in enumerate(zip(accounts, hashes, strict=True), start=1):
        rows.append(
            dict(
                id=user_id,
                username=username,
                display_name=name,
                email=f"{username}@example.com",
                role=role.value,
                outlet_id=outlet_id,
                language="en",
                password_hash=pw_hash,
                active=True,
                failed_logins=0,
            )
        )
        if outlet_id is not None:
            plan = plans[outlet_id - 1]
            plan.staff.append(user_id)
            if role == Role.OUTLET_MANAGER:
                plan.manager_id = user_id
    return rows


def _person(rng: random.Random) -> str:
    return rng.choice(ref.SURNAMES) + "".join(rng.choices(ref.GIVEN, k=rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choices("0123456789", k=9))


@dataclass
class Simulated:
    ticket: dict
    events: list[dict]
    survey: dict | None


class TicketSimulator:
    """Walks one ticket through the stages with the outlet's quality, cut off at `now`."""

    def __init__(self, rng: random.Random, now: datetime, analyst_id: int) -> None:
        self.rng, self.now, self.analyst_id = rng, now, analyst_id

    def run(self, ticket: dict, plan: OutletPlan) -> Simulated:
        rng, q = self.rng, plan.quality
        created: datetime = ticket["created_at"]
        target = DEFAULT_TARGETS[Severity(ticket["severity"])]
        actor = ticket["assignee_id"] or plan.manager_id
        plan_events: list[tuple[datetime, str, str | None, str | None, int | None, str]] = []

        def at(minutes: float, after: datetime) -> datetime:
            # Work happens in open time: on a business-hours outlet, only while it is open.
            return max(add_open_seconds(plan.calendar, created, minutes * 60), after + timedelta(minutes=1))

        respond_on_time = rng.random() < q
        resp = target.response_minutes * (rng.uniform(0.1, 0.9) if respond_on_time else rng.uniform(1.05, 3))
        resolve_on_time = rng.random() < q * 0.97
        work = target.resolution_minutes * (rng.uniform(0.15, 0.95) if resolve_on_time else rng.uniform(1.05, 1.8))
        pause = rng.uniform(30, 600) if rng.random() < 0.3 else 0.0
        # Some recent tickets wait: the open work on today's boards, some of it overdue.
        recent = self.now - created < timedelta(days=6)
        stall_rate = 0.08 + (1 - q) * 0.3 if recent else (1 - q) * 0.01
        stall_stage = None
        if rng.random() < stall_rate:
            stall_stage = rng.choice(["new", "investigating", "proposing", "awaiting_customer", "executing"])
            if stall_stage == "awaiting_customer" and not pause:
                pause = 60.0

        t = created
        plan_events.append((t, "created", None, "new", None, f"channel {ticket['channel']}"))
        steps = [("new", "investigating", resp), ("investigating", "proposing", resp + 0.4 * work)]
        if pause:
            steps += [
                ("proposing", "awaiting_customer", resp + 0.6 * work),
                ("awaiting_customer", "executing", resp + 0.6 * work + pause),
            ]
        else:
            steps.append(("proposing", "executing", resp + 0.6 * work))
        steps.append(("executing", "resolved", max(work, resp + 0.7 * work) + pause))
        for from_stage, to_stage, minutes in steps:
            if stall_stage == from_stage:
                break
            t = at(minutes, t)
            plan_events.append((t, "stage_change", from_stage, to_stage, actor, ""))

        survey = None
        resolved_events = [e for e in plan_events if e[3] == "resolved"]
        if resolved_events:
            resolved_at = resolved_events[0][0]
            sent = resolved_at + timedelta(hours=24)
            survey = {"ticket_id": ticket["id"], "sent_at": sent, "answered_at": None, "rating": None, "comment": None}
            if rng.random() < 0.8:
                answered = sent + timedelta(hours=rng.uniform(0.5, 60))
                p_good = 0.45 + 0.5 * q - (0.0 if resolve_on_time else 0.3)
                rating = rng.choice((4, 5)) if rng.random() < p_good else rng.choice((3, 3, 2, 1))
                survey.update(answered_at=answered, rating=rating, comment="" if rating >= 3 else "处理太慢，不满意")
                if rating <= 2:
                    plan_events.append((answered, "reopened", "resolved", "investigating", None, f"survey rating {rating}"))
                    again = answered + timedelta(minutes=target.resolution_minutes * rng.uniform(0.1, 0.4))
                    plan_events.append((again, "stage_change", "investigating", "resolved", actor, "remedy re-done"))
                    plan_events.append(
                        (again + timedelta(hours=96), "stage_change", "resolved", "closed", None, "revisit not answered")
                    )
                else:
                    plan_events.append((answered, "stage_change", "resolved", "closed", None, f"survey rating {rating}"))
            else:
                plan_events.append(
                    (sent + timedelta(hours=72), "stage_change", "resolved", "closed", None, "revisit not answered")
                )
            if survey["sent_at"] > self.now:
                survey = None
            elif survey["answered_at"] and survey["answered_at"] > self.now:
                survey.update(answered_at=None, rating=None, comment=None)

        return self._cut(ticket, plan, plan_events, target, survey, pause)

    def _cut(self, ticket, plan, plan_events, target, survey, pause) -> Simulated:
        now, created = self.now, ticket["created_at"]
        happened = [e for e in plan_events if e[0] <= now]
        stage = happened[-1][3]
        paused_seconds, paused_since = 0, None
        for ev in happened:
            if ev[3] == "awaiting_customer":
                paused_since = ev[0]
            if ev[2] == "awaiting_customer" and paused_since:
                paused_seconds += pause_seconds(plan.calendar, paused_since, ev[0])
                paused_since = None
        response_due, resolution_due = due_times(created, target, paused_seconds, plan.calendar)
        first_response = next((e[0] for e in happened if e[2] == "new"), None)
        resolved_at = None
        for ev in happened:
            if ev[3] == "resolved":
                resolved_at = ev[0]
            elif ev[1] == "reopened":
                resolved_at = None
        closed_at = happened[-1][0] if stage == "closed" else None
        end = resolved_at or now
        escalation, escalation_events = "outlet", []
        for level, fraction in (("region", 1.0), ("hq", 1.5)):
            when = add_open_seconds(plan.calendar, created, target.resolution_minutes * 60 * fraction + paused_seconds)
            if when < end and stage not in ("awaiting_customer",):
                escalation = level
                escalation_events.append((when, "escalated", None, None, None, f"escalated to {level}"))
        ticket.update(
            stage=stage,
            first_response_at=first_response,
            response_due_at=response_due,
            resolution_due_at=resolution_due,
            response_target_minutes=target.response_minutes,
            resolution_target_minutes=target.resolution_minutes,
            resolved_at=resolved_at,
            closed_at=closed_at,
            paused_seconds=paused_seconds,
            paused_since=paused_since,
            escalation_level=escalation,
            updated_at=max(happened[-1][0], *(e[0] for e in escalation_events)) if escalation_events else happened[-1][0],
            version=len(happened) + len(escalation_events),
        )
        if any(e[3] == "resolved" for e in happened):
            self._resolution(ticket, plan)
        events = [
            dict(ticket_id=ticket["id"], at=a, kind=k, from_stage=f, to_stage=t, actor_id=actor, note=note)
            for a, k, f, t, actor, note in sorted(happened + escalation_events, key=lambda e: e[0])
        ]
        return Simulated(ticket, events, survey)

    def _resolution(self, ticket: dict, plan: OutletPlan) -> None:
        rng = self.rng
        cause = rng.choice(ref.ROOT_CAUSES[ticket["category"]])
        amount = Decimal("0")
        if ticket["category"] in ("damage", "loss") and rng.random() < 0.6:
            amount = Decimal(rng.randrange(20, 1200))
        elif ticket["category"] == "delay" and rng.random() < 0.1:
            amount = Decimal(rng.randrange(5, 50))
        ticket.update(
            root_cause=cause,
            responsibility=ref.RESPONSIBILITY_BY_CAUSE.get(cause, "outlet"),
            resolution_summary=f"{cause.replace('_', ' ')}: apology and remedy agreed with the customer",
            compensation_amount=amount,
            compensation_approved_by_id=self.analyst_id if amount > Decimal("500") else None,
        )


def _created_times(rng: random.Random, plans: list[OutletPlan], now: datetime) -> list[tuple[datetime, OutletPlan]]:
    start = now - timedelta(weeks=WEEKS)
    out = []
    for plan in plans:
        for week in range(WEEKS + 1):
            week_start = start + timedelta(weeks=week)
            volume = plan.weekly_volume * (1.4 if week >= WEEKS - 1 else 1.0)
            for _ in range(max(0, round(rng.gauss(volume, volume**0.5)))):
                day = rng.randrange(7)
                hour = rng.choices(
                    range(24), weights=[1, 1, 1, 1, 1, 2, 3, 6, 9, 10, 10, 9, 8, 9, 10, 10, 9, 8, 7, 6, 5, 4, 2, 1]
                )[0]
                created = week_start + timedelta(days=day, hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))
                if start <= created <= now:
                    out.append((created.replace(microsecond=0), plan))
    out.sort(key=lambda item: (item[0], item[1].id))
    return out


def build(now: datetime | None = None) -> dict[str, list[dict]]:
    """All demo rows by table name, without touching a database."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    rng = random.Random(SEED)
    outlets, plans = _outlet_rows(rng)
    users = _staff_rows(rng, plans)
    analyst_id = next(u["id"] for u in users if u["username"] == "analyst")
    sim = TicketSimulator(rng, now, analyst_id)
    tickets, events, surveys = [], [], []
    per_day: dict[str, int] = defaultdict(int)
    history: dict[int, list[dict]] = defaultdict(list)
    for ticket_id, (created, plan) in enumerate(_created_times(rng, plans, now), start=1):
        local_day = created.astimezone(plan.tz).date()
        per_day[local_day.isoformat()] += 1
        category, channel = _pick(rng, ref.CATEGORY_MIX), _pick(rng, ref.CHANNEL_MIX)
        severity = _pick(rng, ref.SEVERITY_MIX)
        if channel == "regulator" and severity == "general":
            severity = "serious"
        waybill, phone, name, repeat_of = f"CC{rng.randrange(10**11, 10**12)}", _phone(rng), _person(rng), None
        repeat_seq = 1
        recent = [t for t in history[plan.id] if created - t["created_at"] <= timedelta(days=30)]
        if recent and rng.random() < 0.15:
            earlier = rng.choice(recent[-20:])
            waybill, phone, name, category = (
                earlier["waybill_no"],
                earlier["customer_phone"],
                earlier["customer_name"],
                earlier["category"],
            )
            repeat_of, repeat_seq = earlier["id"], earlier["repeat_seq"] + 1
        ticket = dict(
            id=ticket_id,
            number=ticket_number(local_day, per_day[local_day.isoformat()]),
            waybill_no=waybill,
            customer_name=name,
            customer_phone=phone,
            channel=channel,
            category=category,
            severity=severity,
            description=ref.DESCRIPTIONS[category],
            outlet_id=plan.id,
            assignee_id=rng.choice(plan.staff) if rng.random() < 0.85 else None,
            created_at=created,
            repeat_of_id=repeat_of,
            repeat_seq=repeat_seq,
            customer_language="zh",
            responsibility=None,
            root_cause=None,
            resolution_summary=None,
            compensation_amount=None,
            compensation_approved_by_id=None,
        )
        result = sim.run(ticket, plan)
        if result.ticket["stage"] == "new":
            result.ticket["first_response_at"] = None
        tickets.append(result.ticket)
        events.extend(result.events)
        if result.survey:
            surveys.append(result.survey)
        history[plan.id].append(result.ticket)
    policies = ref.default_policy_rows(now - timedelta(weeks=WEEKS + 1))
    settings = [
        dict(
            key="score_weights",
            value={"resolution": 0.4, "satisfaction": 0.3, "timeliness": 0.3},
            valid_from=now - timedelta(weeks=WEEKS + 1),
        ),
    ]
    regions = [dict(code=c, name=n, name_zh=z) for c, n, z, _ in ref.REGIONS]
    # Routing: each outlet answers for its district, and for waybills with its own prefix.
    routing = [dict(kind="district", pattern=o["name"].removesuffix("网点"), outlet_id=o["id"]) for o in outlets]
    routing += [dict(kind="waybill_prefix", pattern=o["code"].replace("-", ""), outlet_id=o["id"]) for o in outlets]
    api_keys = [
        dict(id=i, channel=channel, label=label, key_hash=key_hash(key), key_prefix=key[:PREFIX_LENGTH], created_at=now)
        for i, (channel, label, key) in enumerate(DEMO_API_KEYS, start=1)
    ]
    return dict(
        region=regions,
        outlet=outlets,
        app_user=users,
        sla_policy=policies,
        setting=settings,
        routing_rule=routing,
        knowledge_article=[
            dict(id=i, title=title, keywords=keywords, answer_zh=zh, answer_en=en, active=True, updated_at=now)
            for i, (title, keywords, zh, en) in enumerate(ref.KNOWLEDGE, start=1)
        ],
        ticket=tickets,
        ticket_event=events,
        survey=surveys,
        api_key=api_keys,
    )


TABLE_ORDER = [Region, Outlet, RoutingRule, AppUser, SlaPolicy, Setting, KnowledgeArticle, Ticket, TicketEvent, Survey, ApiKey]


def is_empty(db: Session) -> bool:
    return db.exec(select(sa.func.count()).select_from(Outlet)).one() == 0


def load(db: Session, now: datetime | None = None) -> dict[str, int]:
    """Insert the demo rows (the database must be empty). Returns row counts by table."""
    if not is_empty(db):
        raise RuntimeError("the database already has outlets; demo data is only loaded into an empty one")
    rows = build(now)
    for model in TABLE_ORDER:
        table = model.__table__
        batch = rows[table.name]
        for i in range(0, len(batch), 5000):
            db.execute(sa.insert(table), batch[i : i + 5000])
    reset_sequences(db)
    db.commit()
    return {name: len(batch) for name, batch in rows.items()}


def reset_sequences(db: Session) -> None:
    """After inserts with explicit ids, move PostgreSQL's sequences past them."""
    if db.get_bind().dialect.name != "postgresql":
        return
    for model in TABLE_ORDER:
        table = model.__table__.name
        if "id" in model.__table__.c:
            db.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )
            )
