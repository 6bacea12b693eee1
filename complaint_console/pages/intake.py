"""/intake: staff record a complaint from the hotline, the counter, social media or the regulator."""

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import field_error, instant_answer, labelled_input, page_title
from complaint_console.domain.vocabulary import Category, Channel, Severity
from complaint_console.states.intake import IntakeState

STAFF_CHANNELS = [Channel.HOTLINE, Channel.OUTLET_COUNTER, Channel.SOCIAL_MEDIA, Channel.REGULATOR, Channel.WECHAT, Channel.APP]


def _select(name: str, label_key: str, options: list[tuple[str, rx.Var]], default: str) -> rx.Component:
    return rx.vstack(
        rx.text(t(label_key), as_="label", size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(width="100%", id=f"intake-{name}", aria_label=t(label_key)),
            rx.select.content(*[rx.select.item(label, value=value) for value, label in options]),
            name=name,
            default_value=default,
        ),
        field_error(IntakeState.errors.get(name, "")),
        spacing="1",
        width="100%",
    )


def _form() -> rx.Component:
    e = IntakeState.errors
    return rx.form(
        rx.vstack(
            rx.grid(
                _select("channel", "intake.channel", [(c.value, t(f"channel.{c.value}")) for c in STAFF_CHANNELS], "hotline"),
                _select("category", "intake.category", [(c.value, t(f"category.{c.value}")) for c in Category], "delay"),
                labelled_input("intake.waybill", "waybill_no", e.get("waybill_no", "")),
                labelled_input("intake.customer_name", "customer_name", e.get("customer_name", "")),
                labelled_input("intake.customer_phone", "customer_phone", e.get("customer_phone", ""), inputmode="tel"),
                labelled_input("intake.customer_email", "customer_email", e.get("customer_email", ""), input_mode="email"),
                _select(
                    "severity",
                    "intake.severity",
                    [("auto", t("intake.severity_auto"))] + [(s.value, t(f"severity.{s.value}")) for s in Severity],
                    "auto",
                ),
                labelled_input("intake.district", "district", e.get("district", "")),
                columns="2",
                spacing="4",
                width="100%",
            ),
            rx.text(t("intake.description"), as_="label", custom_attrs={"htmlFor": "description"}, size="2", weight="medium"),
            rx.text_area(name="description", id="description", rows="5", width="100%"),
            field_error(e.get("description", "")),
            field_error(e.get("*", "")),
            rx.button(t("intake.submit"), type="submit", size="3", id="intake-submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=IntakeState.submit,
        reset_on_submit=False,
        key=IntakeState.form_key,
        max_width="48em",
    )


def _recorded() -> rx.Component:
    return rx.vstack(
        rx.callout(
            rx.vstack(
                rx.hstack(
                    rx.text(t("intake.recorded"), " ", rx.text.strong(IntakeState.recorded, id="recorded-number")),
                    rx.cond(IntakeState.can_open, rx.link(t("intake.open_ticket"), href="/tickets/" + IntakeState.recorded)),
                    rx.button(t("intake.another"), on_click=IntakeState.another, variant="soft", size="1"),
                    align="center",
                    spacing="4",
                    wrap="wrap",
                ),
                rx.text(
                    rx.cond(
                        IntakeState.went_to != "",
                        rx.fragment(t("intake.went_to"), " ", rx.text.strong(IntakeState.went_to), " · "),
                    ),
                    rx.match(
                        IntakeState.routed_by,
                        ("waybill", t("intake.routed_waybill")),
                        ("district", t("intake.routed_district")),
                        ("recorder", t("intake.routed_recorder")),
                        t("intake.routed_triage"),
                    ),
                    id="recorded-routing",
                    size="2",
                ),
                spacing="1",
            ),
            icon="check",
            color_scheme="green",
            width="100%",
        ),
        instant_answer(IntakeState.answer),
        max_width="48em",
        width="100%",
    )


@app_page("/intake", "intake.title")
def intake_page() -> rx.Component:
    return rx.vstack(
        page_title("intake.title"),
        rx.text(t("intake.hint"), color=rx.color("gray", 11)),
        rx.cond(IntakeState.recorded != "", _recorded(), _form()),
        spacing="3",
        width="100%",
    )
