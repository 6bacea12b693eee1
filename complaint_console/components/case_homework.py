"""Homework on a case's page (#14 point 5): give the case to outlets, see who has acknowledged it."""

from __future__ import annotations

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.widgets import field_error, pager
from complaint_console.states.case_homework import CaseHomeworkState as S
from complaint_console.states.session import SessionState


def _scope_choice(value: str) -> rx.Component:
    name = t(f"homework.scope.{value}")
    item = rx.radio_group.item(value=value, id=f"homework-scope-{value}", aria_label=name)
    return rx.text(rx.hstack(item, name), as_="label", size="2")


def _scope() -> rx.Component:
    return rx.vstack(
        rx.text(t("homework.scope"), size="2", weight="medium"),
        rx.radio_group.root(
            rx.hstack(*[_scope_choice(v) for v in ("list", "region", "all")], spacing="4"),
            name="scope",
            value=S.scope,
            on_change=S.set_scope,
        ),
        spacing="1",
    )


def _targets() -> rx.Component:
    regions = rx.foreach(S.regions, lambda r: rx.select.item(rx.cond(SessionState.lang == "zh", r[2], r[1]), value=r[0].to(str)))
    return rx.match(
        S.scope,
        (
            "region",
            rx.vstack(
                rx.text(
                    t("homework.region"), as_="label", custom_attrs={"htmlFor": "homework-region"}, size="2", weight="medium"
                ),
                rx.select.root(
                    rx.select.trigger(width="14em", id="homework-region", aria_label=t("homework.region")),
                    rx.select.content(regions),
                    name="region",
                ),
                field_error(S.errors.get("region", "")),
                spacing="1",
            ),
        ),
        ("all", rx.text(t("homework.all_hint"), size="2", color=rx.color("gray", 11))),
        rx.vstack(
            rx.text(t("homework.outlets"), as_="label", custom_attrs={"htmlFor": "homework-outlets"}, size="2", weight="medium"),
            rx.input(name="outlets", id="homework-outlets", placeholder=t("homework.outlets_hint"), width="24em"),
            field_error(S.errors.get("outlets", "")),
            rx.cond(S.unknown != "", rx.text(S.unknown, size="2", color=rx.color("red", 11), id="homework-unknown")),
            spacing="1",
        ),
    )


def _assign_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            _scope(),
            _targets(),
            rx.spacer(),
            rx.button(rx.icon("send", size=14), t("homework.assign"), type="submit", id="homework-assign"),
            align="end",
            spacing="4",
            width="100%",
            wrap="wrap",
        ),
        on_submit=S.assign,
        reset_on_submit=False,
        key=S.form_key,
        width="100%",
        id="homework-form",
    )


def _row(r: rx.Var) -> rx.Component:
    acked = r["acknowledged"].to(str) != ""
    return rx.table.row(
        rx.table.cell(rx.text(r["code"], weight="medium")),
        rx.table.cell(r["name"]),
        rx.table.cell(
            rx.cond(
                acked,
                rx.badge(rx.icon("check", size=12), t("homework.acknowledged"), " ", r["acknowledged"], color_scheme="green"),
                rx.badge(t("homework.waiting"), color_scheme="gray"),
            )
        ),
        class_name=rx.cond(acked, "homework-row acknowledged", "homework-row"),
        custom_attrs={"data-outlet": r["code"]},
    )


def _status() -> rx.Component:
    return rx.vstack(
        rx.text(
            rx.text.strong(S.acknowledged, id="homework-acknowledged"),
            " / ",
            rx.text.strong(S.total, id="homework-total"),
            " ",
            t("homework.acknowledged_of"),
            size="2",
        ),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(t("ticket.outlet")),
                    rx.table.column_header_cell(t("homework.outlet_name")),
                    rx.table.column_header_cell(t("homework.state")),
                )
            ),
            rx.table.body(rx.foreach(S.rows, _row)),
            variant="surface",
            size="1",
            width="100%",
            id="homework-status",
        ),
        rx.cond(S.pages > 1, pager(S.page, S.pages, S.turn, "homework")),
        spacing="2",
        width="100%",
    )


def case_homework() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("book-check", size=16), rx.heading(t("homework.title"), size="3"), align="center"),
            rx.text(t("homework.hint"), size="1", color=rx.color("gray", 11)),
            rx.cond(S.can_edit, _assign_form()),
            rx.cond(
                S.total > 0, _status(), rx.text(t("homework.none"), size="2", color=rx.color("gray", 11), id="homework-none")
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="case-homework",
    )
