"""The story of a case on its page (#14): the customer's words, the clocks, the timeline, the
cause, the remedy and the repeat chain, as the packs tell it (services/case_story.py)."""

from __future__ import annotations

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.states.case_story import CaseStoryState as S
from complaint_console.states.session import SessionState

ICONS = {
    "customer": "message-square-quote",
    "clocks": "timer",
    "timeline": "list-ordered",
    "cause": "search",
    "remedy": "hand-coins",
    "repeats": "repeat",
}


def _section(s: rx.Var) -> rx.Component:
    key = s["key"].to(str)
    return rx.vstack(
        rx.hstack(
            rx.match(key, *[(k, rx.icon(icon, size=15)) for k, icon in ICONS.items()], rx.icon("dot", size=15)),
            rx.text(s["title"], weight="bold", size="2"),
            align="center",
            spacing="2",
        ),
        rx.vstack(
            rx.foreach(
                s["lines"].to(list[str]),
                lambda line: rx.text(line, size="2", white_space="pre-wrap", class_name="story-line"),
            ),
            spacing="1",
            padding_left="0.75em",
            border_left=rx.cond(key == "timeline", f"2px solid {rx.color('accent', 6)}", "none"),
            width="100%",
        ),
        spacing="1",
        width="100%",
        class_name="story-section",
        custom_attrs={"data-section": key},
    )


def _sections(sections: rx.Var) -> rx.Component:
    return rx.grid(rx.foreach(sections, _section), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%")


def case_story() -> rx.Component:
    """The story card; nothing while it is not loaded (or for a role without cases)."""
    return rx.cond(
        S.sections_en.length() > 0,
        rx.card(
            rx.vstack(
                rx.hstack(rx.icon("book-open", size=16), rx.heading(t("story.title"), size="3"), align="center"),
                rx.cond(SessionState.lang == "zh", _sections(S.sections_zh), _sections(S.sections_en)),
                spacing="3",
                width="100%",
            ),
            width="100%",
            id="case-story",
        ),
    )
