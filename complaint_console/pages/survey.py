"""/survey/<token>: 1-5 stars and a comment, in the customer's language (no login)."""

import reflex as rx

from complaint_console.components.i18n import page_title_text, t
from complaint_console.components.public_page import public_page
from complaint_console.components.widgets import field_error
from complaint_console.states.session import SessionState
from complaint_console.states.survey import SurveyState


def _star(n: int) -> rx.Component:
    return rx.radio_cards.item(
        rx.vstack(
            rx.text("★" * n + "☆" * (5 - n), size="5", color=rx.color("amber", 10), aria_hidden="true", white_space="nowrap"),
            rx.text(t(f"survey.star_{n}"), size="2", weight="medium", text_align="center"),
            align="center",
            spacing="1",
        ),
        value=str(n),
        id=f"survey-star-{n}",
        min_height="5.5em",
    )


def _form() -> rx.Component:
    e = SurveyState.errors
    return rx.form(
        rx.vstack(
            rx.card(
                rx.vstack(
                    rx.text(t("survey.number"), " ", rx.text.strong(SurveyState.number, id="survey-number")),
                    rx.cond(SurveyState.outlet != "", rx.text(t("survey.outlet"), " ", SurveyState.outlet, id="survey-outlet")),
                    spacing="1",
                ),
                width="100%",
            ),
            rx.text(t("survey.rating"), size="3", weight="bold", id="survey-rating-label"),
            rx.text(t("survey.rating_hint"), size="2", color=rx.color("gray", 11)),
            rx.radio_cards.root(
                *[_star(n) for n in range(1, 6)],
                name="rating",
                on_value_change=SurveyState.picked,
                columns=rx.breakpoints(initial="1", sm="5"),
                size="3",
                width="100%",
                custom_attrs={"aria-labelledby": "survey-rating-label"},
                id="survey-rating",
            ),
            field_error(e.get("rating", "")),
            rx.text(t("survey.comment"), as_="label", custom_attrs={"htmlFor": "survey-comment"}, size="2", weight="medium"),
            rx.text_area(name="comment", id="survey-comment", rows="4", width="100%", max_length=1000),
            field_error(e.get("comment", "")),
            field_error(e.get("*", "")),
            rx.button(t("survey.submit"), type="submit", size="4", id="survey-submit", width="100%"),
            spacing="3",
            width="100%",
        ),
        on_submit=SurveyState.submit,
        reset_on_submit=False,
        width="100%",
    )


def _refused() -> rx.Component:
    return rx.callout(
        rx.match(
            SurveyState.refusal,
            ("expired", t("survey.refused_expired")),
            ("used", t("survey.refused_used")),
            t("survey.refused_tampered"),
        ),
        icon="info",
        color_scheme="amber",
        size="3",
        width="100%",
        id="survey-message",
    )


def _thanks() -> rx.Component:
    return rx.callout(
        rx.cond(SurveyState.reopened, t("survey.thanks_low"), t("survey.thanks")),
        icon="heart-handshake",
        color_scheme="green",
        size="3",
        width="100%",
        id="survey-thanks",
    )


@rx.page(
    route="/survey/[survey_token]",
    title=page_title_text("survey.title"),
    on_load=[SessionState.detect_language, SurveyState.load],
)
def survey() -> rx.Component:
    return public_page(
        "survey.title",
        "survey.hint",
        rx.match(
            SurveyState.status,
            ("form", _form()),
            ("refused", _refused()),
            ("thanks", _thanks()),
            rx.text(t("common.loading")),
        ),
    )
