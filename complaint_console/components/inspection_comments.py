"""The inspectors' comments on an outlet's sampled tickets of the week shown, on its score page."""

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.states.outlet_scores import OutletScoreState


def _comment(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.link(c["number"], href="/tickets/" + c["number"], class_name="inspection-comment-ticket", white_space="nowrap"),
        rx.badge(c["overall"], color_scheme="green", variant="soft"),
        rx.vstack(
            rx.text(c["comment"], size="2", white_space="pre-wrap"),
            rx.text(c["reviewer"], " · ", c["at"], size="1", color=rx.color("gray", 11)),
            spacing="0",
        ),
        align="start",
        spacing="3",
        class_name="inspection-comment",
        custom_attrs={"data-number": c["number"]},
    )


def inspection_comments() -> rx.Component:
    """The week's comments (shown when there are any), each with a link to its ticket."""
    comments = OutletScoreState.inspection_comments
    return rx.cond(
        comments.length() > 0,
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.icon("message-square-text", size=16),
                    rx.text(t("inspection.week_comments"), weight="bold"),
                    align="center",
                ),
                rx.foreach(comments, _comment),
                spacing="3",
            ),
            width="100%",
            id="inspection-comments",
        ),
    )
