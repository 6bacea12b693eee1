"""/complain: customers file a complaint with evidence, without an account."""

import reflex as rx

from complaint_console.components.i18n import page_title_text, t
from complaint_console.components.public_page import public_page
from complaint_console.components.widgets import field_error, instant_answer, labelled_input, labelled_upload
from complaint_console.domain.vocabulary import Category
from complaint_console.states.complain import REMEDIES, ComplainState
from complaint_console.states.session import SessionState

PUBLIC_CATEGORIES = [c for c in Category if c != Category.OTHER] + [Category.OTHER]


def _select(name: str, label_key: str, options, default: str) -> rx.Component:
    return rx.vstack(
        rx.text(t(label_key), as_="label", size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(width="100%", id=f"complain-{name}", aria_label=t(label_key)),
            rx.select.content(*options),
            name=name,
            default_value=default,
        ),
        field_error(ComplainState.errors.get(name, "")),
        spacing="1",
        width="100%",
    )


def _evidence() -> rx.Component:
    return rx.vstack(
        rx.text(t("complain.evidence"), size="2", weight="medium"),
        labelled_upload(
            t("complain.evidence"),
            rx.vstack(rx.icon("paperclip", size=18), rx.text(t("complain.evidence_hint"), size="2"), align="center"),
            id="evidence",
            multiple=True,  # no max_files: the widget would drop all files with its own English toast; the server counts
            on_drop_rejected=ComplainState.files_refused,
            accept={"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "application/pdf": [".pdf"]},
            border=f"1px dashed {rx.color('gray', 7)}",
            padding="1em",
            width="100%",
        ),
        rx.foreach(rx.selected_files("evidence"), lambda name: rx.text(name, size="1", class_name="selected-file")),
        rx.cond(
            rx.selected_files("evidence").length() > 0,
            rx.button(
                t("complain.clear_files"),
                type="button",
                on_click=rx.clear_selected_files("evidence"),
                variant="soft",
                size="1",
                id="evidence-clear",
            ),
        ),
        field_error(ComplainState.errors.get("evidence", "")),
        width="100%",
    )


def _form() -> rx.Component:
    e = ComplainState.errors
    return rx.form(
        rx.vstack(
            labelled_input("intake.waybill", "waybill_no", e.get("waybill_no", "")),
            rx.grid(
                labelled_input("intake.customer_name", "customer_name", e.get("customer_name", "")),
                labelled_input(
                    "intake.customer_phone", "customer_phone", e.get("customer_phone", ""), inputmode="tel", auto_complete="tel"
                ),
                labelled_input(
                    "intake.customer_email",
                    "customer_email",
                    e.get("customer_email", ""),
                    input_mode="email",
                    auto_complete="email",
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="4",
                width="100%",
            ),
            _select(
                "category",
                "intake.category",
                [rx.select.item(t(f"category.{c.value}"), value=c.value) for c in PUBLIC_CATEGORIES],
                "delay",
            ),
            rx.text(t("intake.description"), as_="label", custom_attrs={"htmlFor": "what"}, size="2", weight="medium"),
            rx.text_area(name="what", id="what", rows="4", width="100%"),
            field_error(e.get("what", "")),
            rx.grid(
                labelled_input("complain.when", "when", e.get("when", ""), type="datetime-local"),
                labelled_input("complain.where", "where", e.get("where", "")),
                columns="2",
                spacing="4",
                width="100%",
            ),
            _select(
                "remedy", "complain.remedy", [rx.select.item(t(f"complain.remedy.{r}"), value=r) for r in REMEDIES], "apology"
            ),
            _evidence(),
            field_error(e.get("*", "")),
            rx.button(t("complain.submit"), type="submit", size="3", id="complain-submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=[ComplainState.take_fields, ComplainState.receive(rx.upload_files(upload_id="evidence"))],
        reset_on_submit=False,
    )


def _filed() -> rx.Component:
    return rx.vstack(
        rx.callout(
            rx.vstack(
                rx.text(t("complain.filed"), " ", rx.text.strong(ComplainState.number, id="filed-number")),
                rx.text(t("complain.keep")),
                rx.link(t("complain.track_link"), href="/track?number=" + ComplainState.number, id="filed-track-link"),
            ),
            icon="check",
            color_scheme="green",
            width="100%",
        ),
        instant_answer(ComplainState.answer),
        width="100%",
    )


@rx.page(route="/complain", title=page_title_text("complain.title"), on_load=SessionState.detect_language)
def complain() -> rx.Component:
    return public_page("complain.title", "complain.hint", rx.cond(ComplainState.number != "", _filed(), _form()))
