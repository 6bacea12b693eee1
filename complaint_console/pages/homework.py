"""/homework (outlet managers): the cases given to the outlet, each acknowledged once (#14 point 5)."""

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import empty_state, page_title, pager
from complaint_console.states.homework import HomeworkState as S
from complaint_console.states.owned_actions import OwnedActionsState as A
from complaint_console.states.session import SessionState


def _item(r: rx.Var) -> rx.Component:
    acked = r["acknowledged"].to(str) != ""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(
                    rx.cond(r["practice"].to(str) == "good", t("cases.practice.good"), t("cases.practice.bad")),
                    color_scheme=rx.cond(r["practice"].to(str) == "good", "green", "red"),
                ),
                rx.heading(r["title"], size="3", class_name="homework-title"),
                rx.spacer(),
                rx.text(t("homework.assigned_at"), " ", r["assigned"], size="1", color=rx.color("gray", 11)),
                align="center",
                width="100%",
                wrap="wrap",
            ),
            rx.cond(
                r["lesson"].to(str) != "",
                rx.vstack(
                    rx.text(t("cases.field.lesson"), size="1", weight="bold"),
                    rx.text(r["lesson"], size="2", white_space="pre-wrap"),
                    spacing="0",
                ),
            ),
            rx.cond(
                r["root_cause_en"].to(str) != "",
                rx.text(
                    t("followup.root_cause"),
                    ": ",
                    rx.cond(SessionState.lang == "zh", r["root_cause_zh"], r["root_cause_en"]),
                    size="2",
                ),
            ),
            rx.cond(
                r["action"].to(str) != "",
                rx.vstack(
                    rx.text(t("cases.field.corrective_action"), size="1", weight="bold"),
                    rx.text(r["action"], size="2", white_space="pre-wrap"),
                    spacing="0",
                ),
            ),
            rx.hstack(
                rx.spacer(),
                rx.cond(
                    acked,
                    rx.badge(
                        rx.icon("check", size=12),
                        t("homework.acknowledged"),
                        " ",
                        r["acknowledged"],
                        color_scheme="green",
                        size="2",
                        class_name="homework-acknowledged",
                    ),
                    rx.button(
                        rx.icon("check", size=14),
                        t("homework.acknowledge"),
                        on_click=S.acknowledge(r["id"].to(str)),
                        class_name="homework-acknowledge",
                    ),
                ),
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name=rx.cond(acked, "homework-item acknowledged", "homework-item"),
        custom_attrs={"data-id": r["id"]},
    )


def _owned(r: rx.Var) -> rx.Component:
    done = r["status"].to(str) != "open"
    return rx.table.row(
        rx.table.cell(rx.text(r["description"], white_space="pre-wrap", size="2")),
        rx.table.cell(rx.cond(SessionState.lang == "zh", r["root_cause_zh"], r["root_cause_en"])),
        rx.table.cell(
            r["due"],
            rx.cond(r["overdue"].to(bool), rx.badge(t("followup.overdue"), color_scheme="red", margin_left="0.5em")),
        ),
        rx.table.cell(
            rx.cond(
                done,
                rx.badge(t("followup.status.done"), " ", r["done"], color_scheme="green"),
                rx.button(t("followup.mark_done"), size="1", on_click=A.mark_done(r["id"].to(str)), class_name="owned-mark-done"),
            )
        ),
        class_name="owned-action",
        custom_attrs={"data-id": r["id"]},
    )


def _owned_actions() -> rx.Component:
    """The corrective actions this manager owns, so the owner marks them done where they work."""
    return rx.cond(
        A.rows.length() > 0,
        rx.card(
            rx.heading(t("followup.owned_title"), size="3"),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(t(k))
                            for k in ("followup.description", "followup.root_cause", "followup.due")
                        ],
                        rx.table.column_header_cell(t("followup.status")),
                    )
                ),
                rx.table.body(rx.foreach(A.rows, _owned)),
                width="100%",
            ),
            width="100%",
            id="owned-actions",
        ),
    )


@app_page("/homework", "homework.page_title", on_load=[S.load, A.load])
def homework() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            page_title("homework.page_title"),
            rx.cond(
                S.waiting > 0, rx.badge(S.waiting, " ", t("homework.to_acknowledge"), color_scheme="amber", id="homework-waiting")
            ),
            align="baseline",
        ),
        rx.text(t("homework.page_hint"), size="2", color=rx.color("gray", 11)),
        _owned_actions(),
        rx.cond(
            S.total > 0,
            rx.vstack(
                rx.foreach(S.rows, _item),
                rx.cond(S.pages > 1, pager(S.page, S.pages, S.turn, "homework")),
                spacing="3",
                width="100%",
                id="homework-list",
            ),
            rx.cond(S.loaded, empty_state("book-check", "homework.empty"), rx.spinner()),
        ),
        spacing="3",
        width="100%",
        max_width="60em",
    )
