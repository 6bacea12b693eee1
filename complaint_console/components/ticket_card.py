"""A ticket as a compact card: number, category, severity, masked customer, age, badges, markers."""

from __future__ import annotations

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.components.sla_badge import sla_badges


def _marker(condition: rx.Var, key: str, color: str) -> rx.Component:
    return rx.cond(condition, rx.badge(t(key), color_scheme=color, variant="outline", size="1"))


def ticket_card(card: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.hstack(
                    rx.link(card.number, href="/tickets/" + card.number, weight="bold", class_name="card-number"),
                    rx.badge(tv(card.stage, "stage."), variant="soft", size="1"),
                    rx.badge(
                        tv(card.severity, "severity."),
                        color_scheme=rx.match(card.severity, ("urgent", "red"), ("serious", "orange"), "gray"),
                        size="1",
                    ),
                    _marker(card.repeat, "card.repeat", "purple"),
                    _marker(card.escalated, "card.escalated", "red"),
                    _marker(card.regulator, "card.regulator", "crimson"),
                    align="center",
                    wrap="wrap",
                ),
                rx.hstack(
                    rx.text(tv(card.category, "category."), size="2"),
                    rx.text("·", size="2", color=rx.color("gray", 9)),
                    rx.text(card.customer, size="2", color=rx.color("gray", 11)),
                    rx.text("·", size="2", color=rx.color("gray", 9)),
                    rx.text(rx.cond(card.assignee != "", card.assignee, t("ticket.unassigned")), size="2"),
                    rx.text("·", size="2", color=rx.color("gray", 9)),
                    rx.text(card.outlet_code, size="2", color=rx.color("gray", 11)),
                    rx.text(t("card.age"), " ", card.age, size="2", color=rx.color("gray", 11)),
                    align="center",
                    wrap="wrap",
                ),
                spacing="1",
                align="start",
            ),
            rx.spacer(),
            sla_badges(card.clocks),
            align="center",
            width="100%",
        ),
        width="100%",
        size="1",
    )
