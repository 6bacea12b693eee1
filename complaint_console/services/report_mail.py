"""Who hears about a frozen week (DESIGN "Who hears"), queued in the outbox by the roll-up, in the
same transaction as the week's scores, each once by its de-duplication key:

- the weekly report with its PDF attached: HQ's users (the whole report), each region's director
  and any other address hq_admin added (`report_recipient`: the whole report or one region's
  section), and each outlet's managers (their outlet's page);
- an alert when an outlet enters tier D or is flagged by the early warning: its managers (in the
  app and by e-mail) and its region's recipients (by e-mail), once per week and outlet.

The PDF is made when the e-mail is sent (`attachment`), not stored in the outbox.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from complaint_console.db.models import AppUser, Outlet, Region, ReportRecipient, WeeklyOutletScore, WeeklyReport
from complaint_console.db.outbox import add_all_once
from complaint_console.db.types import utcnow
from complaint_console.domain.access import OUTLET_REPORT_ROLES, REPORT_ROLES, Actor
from complaint_console.domain.intake import is_email
from complaint_console.domain.scores import score_text
from complaint_console.domain.text import NAME_MAX, too_long
from complaint_console.domain.vocabulary import NotificationChannel
from complaint_console.i18n.catalogue import LANGUAGES, translate

SCOPES = ("network", "region")


# --- the recipients hq_admin sets ------------------------------------------------------------


def recipients(db: Session) -> list[ReportRecipient]:
    return list(db.exec(select(ReportRecipient).order_by(ReportRecipient.scope, ReportRecipient.region, ReportRecipient.email)))


def add_recipient(db: Session, actor: Actor, form: dict, now: datetime | None = None) -> dict[str, str]:
    """Add a recipient from the form (scope, region, email, name, language). Returns the message
    key per refused field; nothing is stored when any field is refused."""
    scope, region = str(form.get("scope", "")).strip(), str(form.get("region", "")).strip().upper()
    email, name = str(form.get("email", "")).strip(), str(form.get("name", "")).strip()
    language = str(form.get("language", "zh"))
    errors = {}
    if scope not in SCOPES:
        errors["scope"] = "recipients.error.scope"
    if scope == "region" and db.exec(select(Region.id).where(Region.code == region)).first() is None:
        errors["region"] = "recipients.error.region"
    if not is_email(email):
        errors["email"] = "recipients.error.email"
    if too_long(name, NAME_MAX):
        errors["name"] = "recipients.error.name"
    if language not in LANGUAGES:
        errors["language"] = "recipients.error.language"
    region_value = region if scope == "region" else None
    same = select(ReportRecipient.id).where(
        sa.func.lower(ReportRecipient.email) == email.lower(),
        ReportRecipient.scope == scope,
        ReportRecipient.region.is_(None) if region_value is None else ReportRecipient.region == region_value,
    )
    if not errors and db.exec(same).first() is not None:
        errors["email"] = "recipients.error.duplicate"
    if errors:
        return errors
    db.add(
        ReportRecipient(
            scope=scope,
            region=region_value,
            email=email,
            name=name,
            language=language,
            created_at=now or utcnow(),
            created_by_id=actor.user_id,
        )
    )
    db.commit()
    return {}


def remove_recipient(db: Session, recipient_id: int) -> bool:
    done = db.execute(sa.delete(ReportRecipient).where(ReportRecipient.id == recipient_id)).rowcount
    db.commit()
    return bool(done)


# --- what the roll-up queues -------------------------------------------------------------------


def _email(recipient: str, key: str, subject: str, body: str, payload: dict, now: datetime, kind: str) -> dict:
    return dict(
        channel=NotificationChannel.EMAIL.value,
        recipient=recipient,
        kind=kind,
        dedupe_key=key,
        subject=subject[:300],
        body=body,
        payload=payload,
        created_at=now,
        next_attempt_at=now,
    )


def report_emails(db: Session, week: date, values: dict[str, str], now: datetime) -> list[dict]:
    """The weekly report to everyone who receives it, each with the part of the PDF that is theirs."""
    w = week.isoformat()

    def mail(address: str, lang: str, key: str, attachment: dict) -> dict:
        lang = lang if lang in LANGUAGES else "zh"
        payload = {"language": lang, "week": w, "link": values["link"], "attachment": {"week": w, **attachment}}
        subject = translate("report_mail.subject", lang).format(**values)
        return _email(
            address,
            f"weekly_report:{w}:{key}",
            subject,
            translate("report_mail.body", lang).format(**values),
            payload,
            now,
            "weekly_report",
        )

    with_address = sa.and_(AppUser.active, AppUser.email.is_not(None), AppUser.email != "")
    hq = select(AppUser).where(with_address, AppUser.role.in_(REPORT_ROLES)).order_by(AppUser.id)
    items = [mail(u.email, u.language, str(u.id), {}) for u in db.exec(hq)]
    for r in recipients(db):
        part = {"region": r.region} if r.scope == "region" else {}
        items.append(mail(r.email, r.language, f"recipient:{r.id}", part))
    managers = db.exec(
        select(AppUser, Outlet.code)
        .join(Outlet, Outlet.id == AppUser.outlet_id)
        .where(with_address, AppUser.role.in_(OUTLET_REPORT_ROLES), Outlet.active)
        .order_by(AppUser.id)
    ).all()
    items += [mail(u.email, u.language, str(u.id), {"outlet": code}) for u, code in managers]
    seen: set[str] = set()  # one mail an address: the whole report before a region's section before an outlet's page
    return [i for i in items if not (i["recipient"].lower() in seen or seen.add(i["recipient"].lower()))]


def alerts(db: Session, week: date, now: datetime) -> list[dict]:
    """Outlets that entered tier D or were flagged by the early warning this week: their managers in
    the app and by e-mail, their region's recipients by e-mail; once per week, outlet and person."""
    w, before = WeeklyOutletScore, aliased(WeeklyOutletScore)
    entered_d = sa.and_(w.tier == "D", sa.or_(before.tier.is_(None), before.tier != "D"))
    flagged = sa.and_(w.warning.is_not(None), w.tier.is_not(None))  # an insufficient sample has no tier: no alert
    rows = db.exec(
        select(w.outlet_id, Outlet.code, Outlet.name, Outlet.region, w.score, w.tier, w.warning, before.score, before.tier)
        .join(Outlet, Outlet.id == w.outlet_id)
        .outerjoin(before, sa.and_(before.outlet_id == w.outlet_id, before.week_start == week - timedelta(weeks=1)))
        .where(w.week_start == week, sa.or_(entered_d, flagged))
        .order_by(Outlet.code)
    ).all()
    if not rows:
        return []
    outlet_ids = [r[0] for r in rows]
    managers: dict[int, list[AppUser]] = {}
    for u in db.exec(
        select(AppUser).where(AppUser.active, AppUser.role.in_(OUTLET_REPORT_ROLES), AppUser.outlet_id.in_(outlet_ids))
    ):
        managers.setdefault(u.outlet_id, []).append(u)
    by_region: dict[str, list[ReportRecipient]] = {}
    for r in recipients(db):
        if r.scope == "region":
            by_region.setdefault(r.region, []).append(r)
    emails = [r.email.lower() for rs in by_region.values() for r in rs]
    users_by_email = (
        {u.email.lower(): u for u in db.exec(select(AppUser).where(AppUser.active, sa.func.lower(AppUser.email).in_(emails)))}
        if emails
        else {}
    )
    items = []
    for outlet_id, code, name, region, score, tier, warning, previous, previous_tier in rows:
        facts = {
            "code": code,
            "name": name,
            "week": week.isoformat(),
            "score": score_text(score),
            "tier": tier or "—",
            "previous": score_text(previous),
            "entered_d": tier == "D" and previous_tier != "D",
            "warning": warning or "",
        }

        key = f"score_alert:{week.isoformat()}:{outlet_id}"
        payload = {"week": week.isoformat(), "outlet": code, "path": f"/scores/{code}?week={week.isoformat()}"}
        for u in managers.get(outlet_id, []):
            subject, body = _alert_text(facts, u.language)
            common = dict(
                kind="score_alert",
                subject=subject[:300],
                body=body,
                created_at=now,
                next_attempt_at=now,
                payload={**payload, "language": u.language},
            )
            items.append(
                dict(
                    channel=NotificationChannel.IN_APP.value,
                    recipient=f"user:{u.id}",
                    dedupe_key=f"{key}:in_app:{u.id}",
                    **common,
                )
            )
            if u.email:
                items.append(
                    dict(channel=NotificationChannel.EMAIL.value, recipient=u.email, dedupe_key=f"{key}:email:{u.id}", **common)
                )
        for r in by_region.get(region, []):
            subject, body = _alert_text(facts, r.language)
            items.append(
                _email(
                    r.email,
                    f"{key}:email:recipient:{r.id}",
                    subject,
                    body,
                    {**payload, "language": r.language},
                    now,
                    "score_alert",
                )
            )
            if (user := users_by_email.get(r.email.lower())) is not None:  # a director who signs in: the bell too
                items.append(
                    dict(
                        channel=NotificationChannel.IN_APP.value,
                        recipient=f"user:{user.id}",
                        kind="score_alert",
                        dedupe_key=f"{key}:in_app:{user.id}",
                        subject=subject[:300],
                        body=body,
                        created_at=now,
                        next_attempt_at=now,
                        payload={**payload, "language": r.language},
                    )
                )
    return items


def _alert_text(facts: dict, lang: str) -> tuple[str, str]:
    """(subject, body) of an outlet's alert in `lang`: why (entered tier D, an early warning on what)."""
    reasons = [translate("score_alert.tier_d", lang)] if facts["entered_d"] else []
    for on in filter(None, facts["warning"].split(",")):
        reasons.append(translate("score_alert.warning", lang).format(measure=translate(f"scores.warning.{on}", lang)))
    values = {**facts, "why": "; ".join(reasons)}
    return translate("score_alert.subject", lang).format(**values), translate("score_alert.body", lang).format(**values)


def queue(db: Session, week: date, values: dict[str, str], now: datetime) -> int:
    """Queue the week's report e-mails and alerts (in the caller's transaction); how many were new."""
    return add_all_once(db, report_emails(db, week, values, now) + alerts(db, week, now))


def attachment(engine: sa.Engine, spec: dict, lang: str, now: datetime) -> tuple[str, str, bytes]:
    """The PDF a report e-mail carries, made when it is sent: the whole report, a region's section or
    an outlet's page (`spec`: week, and region or outlet)."""
    from complaint_console.services import reports
    from complaint_console.services.channels import DeliveryError

    week, part = date.fromisoformat(spec["week"]), spec.get("region") or spec.get("outlet")
    with Session(engine) as db:
        if part:  # a region's section or an outlet's page reads only its own rows (30,000 managers' mails)
            frozen = db.exec(select(WeeklyReport.id).where(WeeklyReport.week_start == week)).first()
            report = reports.Report(week, {}, None) if frozen else None
        else:
            report = reports.load_report(db, week, now)
        if report is None:
            raise DeliveryError(f"no weekly report for the week of {week}")
        pdf = reports.report_pdf(db, report, now, lang, region=spec.get("region"), outlet=spec.get("outlet"))
    return f"weekly-report-{week.isoformat()}{'-' + part if part else ''}.pdf", "application/pdf", pdf
