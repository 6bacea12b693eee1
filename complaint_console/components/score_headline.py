"""The headline above the /scores table: network score and tiers against the previous week, the
outlets that fell a tier, the biggest drops with what grew under them, and the early warnings."""

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.states.score_headline import HeadlineState
from complaint_console.states.scores import ScoresState

TIER_SCHEME = {"A": "green", "B": "blue", "C": "orange", "D": "red"}


def _arrow(direction: rx.Var, good_when: str = "up") -> rx.Component:
    """↑ / ↓ coloured by whether that way is good news (fewer D outlets is)."""
    bad = "down" if good_when == "up" else "up"
    return rx.match(
        direction,
        ("up", rx.icon("arrow-up", size=14, color=rx.color("green" if good_when == "up" else "red", 10))),
        ("down", rx.icon("arrow-down", size=14, color=rx.color("red" if bad == "down" else "green", 10))),
        rx.icon("minus", size=14, color=rx.color("gray", 9)),
    )


def outlet_href(code: rx.Var) -> rx.Var:
    """An outlet's scores in the week the table shows (the link carries the week)."""
    return "/scores/" + code + "?week=" + ScoresState.week


def _outlet_link(m: rx.Var) -> rx.Component:
    return rx.link(m["code"], href=outlet_href(m["code"]), weight="bold", class_name="headline-outlet")


def _network() -> rx.Component:
    s = HeadlineState.summary
    return rx.vstack(
        rx.text(t("scores.headline.network"), size="1", color=rx.color("gray", 11)),
        rx.hstack(
            rx.text(s["score"], size="8", weight="bold", id="headline-score"),
            _arrow(s["direction"]),
            rx.text(s["change"], size="3", id="headline-change"),
            align="center",
            spacing="2",
        ),
        rx.text(t("scores.headline.previous"), " ", s["previous"], size="1", color=rx.color("gray", 11)),
        spacing="1",
        min_width="12em",
    )


def _tiers() -> rx.Component:
    def tier(row: rx.Var) -> rx.Component:
        return rx.vstack(
            rx.match(row["tier"], *[(k, rx.badge(k, color_scheme=v, variant="solid", size="2")) for k, v in TIER_SCHEME.items()]),
            rx.text(row["count"], size="5", weight="bold", class_name="headline-tier-count"),
            rx.hstack(
                rx.cond(row["tier"] == "D", _arrow(row["direction"], good_when="down"), _arrow(row["direction"])),
                rx.text(row["change"], size="1"),
                spacing="1",
                align="center",
            ),
            align="center",
            spacing="1",
            class_name="headline-tier",
            data_tier=row["tier"],
        )

    return rx.vstack(
        rx.text(t("scores.headline.tiers"), size="1", color=rx.color("gray", 11)),
        rx.hstack(rx.foreach(HeadlineState.tiers, tier), spacing="5"),
        spacing="1",
    )


def _cause(m: rx.Var) -> rx.Component:
    return rx.cond(
        m["cause"] != "",
        rx.text(
            t("scores.headline.grew"),
            " ",
            rx.match(
                m["cause"],
                ("category.", tv(m["cause_value"], "category.")),
                ("root_cause.", tv(m["cause_value"], "root_cause.")),
                m["cause_value"],
            ),
            " ",
            m["cause_change"],
            size="1",
            color=rx.color("gray", 11),
        ),
    )


def _mover(m: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            _outlet_link(m),
            rx.text(m["previous"], " → ", m["score"], size="2"),
            rx.text("(", m["change"], ")", size="2", color=rx.color("red", 11)),
            rx.badge(
                m["previous_tier"],
                " → ",
                m["tier"],
                variant="soft",
                size="1",
                color_scheme=rx.cond(m["tier"] == "D", "red", "gray"),
            ),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        _cause(m),
        spacing="0",
    )


def _fell(m: rx.Var) -> rx.Component:
    return rx.link(
        rx.badge(
            m["code"],
            " ",
            m["previous_tier"],
            "→",
            m["tier"],
            variant="soft",
            size="2",
            color_scheme=rx.cond(m["tier"] == "D", "red", "orange"),
        ),
        href=outlet_href(m["code"]),
        class_name="headline-outlet",
    )


def _flag(f: rx.Var) -> rx.Component:
    return rx.hstack(
        _outlet_link(f),
        rx.text(tv(f["on"], "scores.warning."), size="2"),
        rx.cond(f["direction"] == "up", rx.icon("arrow-up", size=14), rx.icon("arrow-down", size=14)),
        rx.text(f["sigmas"], "σ", size="2", weight="medium"),
        rx.text("(", f["value"], " · ", t("scores.headline.average"), " ", f["mean"], ")", size="1", color=rx.color("gray", 11)),
        spacing="2",
        align="center",
        wrap="wrap",
        white_space="nowrap",  # each part whole; the parts wrap
        class_name="headline-flag",
        title=t("scores.headline.sigmas"),
    )


def _list(
    title: rx.Component, items: rx.Var, item, id: str, empty_key: str = "scores.headline.none", compact: bool = False
) -> rx.Component:
    shown = (
        rx.flex(rx.foreach(items, item), wrap="wrap", gap="0.4em") if compact else rx.vstack(rx.foreach(items, item), spacing="2")
    )
    return rx.vstack(
        title,
        rx.cond(items.length() > 0, shown, rx.text(t(empty_key), size="2", color=rx.color("gray", 11))),
        spacing="2",
        id=id,
        min_width="16em",
        flex="1",
    )


def _title(key: str, total: rx.Var | None = None, icon: str | None = None) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=16, color=rx.color("amber", 10)) if icon else rx.fragment(),
        rx.text(t(key), weight="bold", size="2"),
        rx.badge(total, variant="soft", size="1") if total is not None else rx.fragment(),
        align="center",
    )


def score_headline() -> rx.Component:
    """Shown once the table is there (the headline comes with the charts)."""
    s = HeadlineState.summary
    return rx.card(
        rx.cond(
            HeadlineState.ready,
            rx.vstack(
                rx.hstack(_network(), rx.separator(orientation="vertical", size="3"), _tiers(), spacing="6", wrap="wrap"),
                rx.separator(size="4"),
                rx.flex(
                    _list(
                        _title("scores.headline.fell", s["fell_total"]), HeadlineState.fell, _fell, "headline-fell", compact=True
                    ),
                    _list(_title("scores.headline.drops"), HeadlineState.drops, _mover, "headline-drops"),
                    _list(
                        _title("scores.warnings_title", s["flagged_total"], "triangle-alert"),
                        HeadlineState.flags,
                        _flag,
                        "early-warnings",
                        "scores.warnings_none",
                    ),
                    gap="1.5em",
                    wrap="wrap",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            rx.hstack(rx.spinner(size="2"), rx.text(t("scores.headline.title"), size="2", color=rx.color("gray", 11))),
        ),
        width="100%",
        min_height="11em",  # about its size when filled: the table below does not jump down
        id="score-headline",
    )
