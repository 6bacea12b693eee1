"""/track: customers follow their complaint without an account."""

import reflex as rx

from complaint_console.components.i18n import page_title_text, t, tv
from complaint_console.components.public_page import public_page
from complaint_console.states.session import SessionState
from complaint_console.states.track import TrackState


def _result() -> rx.Component:
    return rx.cond(
        TrackState.found,
        rx.card(
            rx.vstack(
                rx.heading(TrackState.number, size="5", id="track-number"),
                rx.text(t("track.now"), " ", rx.text.strong(tv(TrackState.stage, "track.stage."), id="track-stage")),
                rx.cond(TrackState.outlet != "", rx.text(t("track.outlet"), " ", TrackState.outlet)),
                rx.cond(TrackState.expected_by != "", rx.text(t("track.expected"), " ", rx.text.strong(TrackState.expected_by))),
                rx.vstack(
                    rx.foreach(
                        TrackState.steps,
                        lambda s: rx.hstack(
                            rx.icon("circle-check", size=16, color=rx.color("green", 9)),
                            rx.text(s["at"], size="2", color=rx.color("gray", 11), min_width="9em"),
                            rx.text(tv(s["stage"], "track.stage."), size="2"),
                            align="center",
                        ),
                    ),
                    spacing="2",
                    id="track-steps",
                ),
                spacing="3",
            ),
            width="100%",
        ),
        rx.callout(
            rx.cond(TrackState.throttled, t("track.throttled"), t("track.not_found")),
            icon="info",
            color_scheme="amber",
            id="track-message",
        ),
    )


def _form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                name="number",
                placeholder="CP-20261123-000001",
                id="track-number-input",
                width="16em",
                required=True,
                default_value=TrackState.prefill_number,
                key=TrackState.prefill_number,  # a new number from the link re-mounts the input with it
            ),
            rx.input(
                name="phone_tail",
                placeholder=t("track.phone_tail"),
                id="track-phone",
                width="10em",
                max_length=4,
                required=True,
            ),
            rx.button(t("track.submit"), type="submit", id="track-submit"),
            wrap="wrap",
        ),
        on_submit=TrackState.lookup,
        reset_on_submit=False,
    )


@rx.page(route="/track", title=page_title_text("track.title"), on_load=[SessionState.detect_language, TrackState.prefill])
def track() -> rx.Component:
    return public_page("track.title", "track.hint", _form(), rx.cond(TrackState.searched, _result()))
