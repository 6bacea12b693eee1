"""Small building blocks shared by pages."""

from __future__ import annotations

import reflex as rx

from complaint_console.components.i18n import t, tv


def empty_state(icon: str, message_key: str) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon(icon, size=40, color=rx.color("gray", 9)),
            rx.text(t(message_key), size="3", color=rx.color("gray", 11), text_align="center", max_width="32em"),
            align="center",
            spacing="3",
        ),
        padding="4em 1em",
        border=f"1px dashed {rx.color('gray', 6)}",
        border_radius="12px",
        width="100%",
    )


def field_error(error_key: rx.Var, prefix: str = "") -> rx.Component:
    """The message for a field, right under it; empty when the field is fine."""
    return rx.cond(
        error_key != "",
        rx.text(tv(error_key, prefix), color=rx.color("red", 11), size="2", role="alert"),
    )


def labelled_input(label_key: str, name: str, error: rx.Var, **props) -> rx.Component:
    """A label tied to its input (the input's id is its name unless `id` is given), the message under it."""
    input_id = props.pop("id", name)
    return rx.vstack(
        rx.text(t(label_key), as_="label", custom_attrs={"htmlFor": input_id}, size="2", weight="medium"),
        rx.input(name=name, id=input_id, width="100%", size="3", aria_invalid=rx.cond(error != "", "true", "false"), **props),
        field_error(error),
        spacing="1",
        width="100%",
        align="start",
    )


def page_title(key: str) -> rx.Component:
    return rx.heading(t(key), size="6", margin_bottom="0.5em")


def pager(page: rx.Var, pages: rx.Var, turn, id: str) -> rx.Component:
    """Previous / next for a list paged in the database: `turn(-1)` and `turn(1)` move a page."""
    return rx.hstack(
        rx.button(t("pager.previous"), on_click=turn(-1), disabled=page == 0, variant="soft", size="1", id=f"{id}-previous"),
        rx.text(t("pager.page"), " ", page + 1, " / ", pages, size="2"),
        rx.button(t("pager.next"), on_click=turn(1), disabled=page + 1 >= pages, variant="soft", size="1", id=f"{id}-next"),
        align="center",
    )


def instant_answer(answer: rx.Var) -> rx.Component:
    """An inquiry's answer from the knowledge base, shown where the complaint was just filed."""
    return rx.cond(
        answer != "",
        rx.callout(
            rx.vstack(rx.text(t("knowledge.instant_answer"), weight="bold"), rx.text(answer, id="instant-answer"), spacing="1"),
            icon="lightbulb",
            color_scheme="blue",
            width="100%",
        ),
    )


def detail_page(back_key: str, back_href: str, loaded: rx.Var, found: rx.Var, body: rx.Component, missing_key: str):
    """A page about one thing (a week's report, an outlet): a way back, a spinner while it
    loads, then the body, or "not found" when it does not exist or is out of the user's scope."""
    return rx.vstack(
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), t(back_key), align="center"), href=back_href, size="2"),
        rx.cond(
            loaded,
            rx.cond(found, body, empty_state("search-x", missing_key)),
            rx.center(rx.spinner(size="3"), padding="4em", width="100%"),
        ),
        width="100%",
    )


def data_table(columns: list[tuple[str, str | None]], rows: rx.Var, row, id: str, **props) -> rx.Component:
    """A table of one page of `rows`: `columns` are (title key, width or None); `row` renders one."""
    header = rx.table.row(*[rx.table.column_header_cell(t(key), width=width) for key, width in columns])
    return rx.table.root(
        rx.table.header(header), rx.table.body(rx.foreach(rows, row)), variant="surface", size="1", width="100%", id=id, **props
    )


def announcement(text: rx.Var, id: str) -> rx.Component:
    """Read out by screen readers when `text` changes (role="status"); not shown on screen."""
    return rx.el.div(
        text,
        role="status",
        aria_live="polite",
        id=id,
        style={
            "position": "absolute",
            "width": "1px",
            "height": "1px",
            "overflow": "hidden",
            "clip": "rect(0 0 0 0)",
            "white_space": "nowrap",
        },
    )


def labelled_upload(label: rx.Var, *children: rx.Component, **props) -> rx.Component:
    """`rx.upload` whose (visually hidden) file input has an accessible name: react-dropzone draws
    the input itself, so the name is set on the input component inside the drop zone."""
    upload = rx.upload(*children, **props)
    pending = [upload]
    while pending:
        component = pending.pop()
        if getattr(component, "tag", None) == "input":
            component.custom_attrs["aria-label"] = label
            return upload
        pending.extend(component.children)
    raise LookupError("rx.upload drew no file input")
