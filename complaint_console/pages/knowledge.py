"""/admin/knowledge (hq_admin): the ready answers inquiry tickets get at once."""

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import empty_state, field_error, page_title
from complaint_console.states.knowledge import KnowledgeState as S


def _field(name: str, control: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.text(t(f"knowledge.field.{name}"), as_="label", custom_attrs={"htmlFor": f"kb-{name}"}, size="2", weight="medium"),
        control,
        field_error(S.errors.get(name, "")),
        spacing="1",
        width="100%",
    )


def _answer(name: str) -> rx.Component:
    return rx.text_area(name=name, id=f"kb-{name}", default_value=S.form[name], rows="4", width="100%")


def _form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                _field("title", rx.input(name="title", id="kb-title", default_value=S.form["title"], width="100%")),
                _field("keywords", rx.input(name="keywords", id="kb-keywords", default_value=S.form["keywords"], width="100%")),
                _field("answer_zh", _answer("answer_zh")),
                _field("answer_en", _answer("answer_en")),
                rx.hstack(
                    rx.checkbox(name="active", default_checked=S.form["active"] == "on", id="kb-active"),
                    rx.text(t("knowledge.field.active"), size="2"),
                    align="center",
                ),
                field_error(S.errors.get("*", "")),
                rx.hstack(
                    rx.button(t("move.cancel"), type="button", variant="soft", color_scheme="gray", on_click=S.cancel),
                    rx.button(t("knowledge.save"), type="submit", id="kb-save"),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save,
            reset_on_submit=False,
            key=S.form_key,
        ),
        width="100%",
        max_width="52em",
        id="kb-form",
    )


def _row(a: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(a["title"], weight="medium")),
        rx.table.cell(rx.text(a["keywords"], size="2", color=rx.color("gray", 11))),
        rx.table.cell(
            rx.cond(
                a["active"] != "",
                rx.badge(t("knowledge.field.active"), color_scheme="green"),
                rx.badge(t("knowledge.inactive"), color_scheme="gray"),
            )
        ),
        rx.table.cell(a["updated"]),
        rx.table.cell(rx.button(t("knowledge.edit"), size="1", variant="soft", on_click=S.start(a["id"]), class_name="kb-edit")),
        key=a["id"],
    )


def _table() -> rx.Component:
    headers = ["knowledge.field.title", "knowledge.field.keywords", "knowledge.field.active", "knowledge.updated"]
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in headers], rx.table.column_header_cell(""))),
        rx.table.body(rx.foreach(S.articles, _row)),
        variant="surface",
        width="100%",
        id="kb-table",
    )


@app_page("/admin/knowledge", "knowledge.title", on_load=[S.load])
def knowledge() -> rx.Component:
    return rx.vstack(
        page_title("knowledge.title"),
        rx.text(t("knowledge.hint"), size="2", color=rx.color("gray", 11)),
        rx.cond(
            S.editing,
            _form(),
            rx.button(rx.icon("plus", size=14), t("knowledge.new"), on_click=S.start(""), id="kb-new"),
        ),
        rx.cond(S.articles.length() > 0, _table(), empty_state("book-open", "knowledge.empty")),
        spacing="3",
        width="100%",
    )
