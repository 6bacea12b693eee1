"""The cells a score row shows wherever scores are listed: tier badge, score, change, warning."""

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.components.score_headline import TIER_SCHEME


def tier_badge(row: rx.Var) -> rx.Component:
    """The tier badge of a score row; an insufficient sample gets none, only its cohort size (DESIGN)."""
    return rx.cond(
        row["insufficient"] != "",
        rx.badge(
            t("scores.insufficient"),
            " · ",
            t("scores.cohort_of"),
            " ",
            row["cohort"],
            color_scheme="gray",
            variant="soft",
            size="1",
            class_name="insufficient",
        ),
        rx.match(
            row["tier"],
            *[(k, rx.badge(k, color_scheme=v, variant="solid")) for k, v in TIER_SCHEME.items()],
            rx.text("—"),
        ),
    )


def score_cell(row: rx.Var, live: rx.Var) -> rx.Component:
    """The score, and in the live week the open tickets not yet due beside it (never failures)."""
    return rx.hstack(
        rx.text(row["score"], weight="bold"),
        rx.cond(
            live,
            rx.text(
                "(",
                t("scores.not_yet_due"),
                " ",
                row["not_yet_due"],
                ")",
                size="1",
                color=rx.color("gray", 11),
                class_name="not-yet-due",
            ),
        ),
        spacing="1",
        align="center",
    )


def change_cell(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.match(
            row["direction"],
            ("up", rx.icon("arrow-up", size=14, color=rx.color("green", 10))),
            ("down", rx.icon("arrow-down", size=14, color=rx.color("red", 10))),
            rx.icon("minus", size=14, color=rx.color("gray", 9)),
        ),
        rx.text(row["change"]),
        spacing="1",
        align="center",
    )


def warning_flag(warning: rx.Var) -> rx.Component:
    # A native title, not a Radix tooltip: one of these per row of a 50-row table is cheap to draw.
    return rx.cond(
        warning != "",
        rx.badge(
            rx.icon("triangle-alert", size=12), tv(warning, "scores.warning."), color_scheme="amber", title=t("scores.warning")
        ),
    )
