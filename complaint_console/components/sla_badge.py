"""The SLA badge: a small client-side React component (sla_badge.jsx) that counts down
every second in the browser. States compute each clock with `services.sla.clocks` and
pass it through `badge_clock`; the component needs no server event per tick."""

from __future__ import annotations

from datetime import datetime

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.domain.sla import Clock

_LIBRARY = rx.asset("sla_badge.jsx", shared=True).importable_path


class SlaBadges(rx.Component):
    library = _LIBRARY
    tag = "SlaBadges"

    clocks: rx.Var[list[dict]]
    labels: rx.Var[dict]


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def badge_clock(clock: Clock, tz, policy: str) -> dict:
    """What the badge needs of one clock: times in epoch ms, a frozen state, a tooltip."""
    due_local = clock.due_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return {
        "kind": clock.kind,
        "due": _ms(clock.due_at),
        "riskAt": _ms(clock.at_risk_at),
        "frozen": "" if clock.running else clock.state.value,
        "title": f"{due_local} ({tz.key}) · {policy}",
    }


def badge_labels() -> dict:
    """The badge's words in the user's language (both languages are compiled in)."""
    return {
        "respond_in": t("sla.respond_in"),
        "resolve_in": t("sla.resolve_in"),
        "overdue": t("sla.overdue"),
        "paused": t("sla.paused"),
        "met": t("sla.met"),
        "missed": t("sla.missed"),
        "response_overdue": t("sla.response_overdue"),
        "response_met": t("sla.response_met"),
        "response_missed": t("sla.response_missed"),
        "units": {"d": t("sla.unit_d"), "h": t("sla.unit_h"), "m": t("sla.unit_m"), "s": t("sla.unit_s")},
    }


def sla_badges(clocks: rx.Var) -> rx.Component:
    return SlaBadges.create(clocks=clocks, labels=badge_labels())
