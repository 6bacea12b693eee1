"""The form a move opens when it needs fields (resolve, close, reopen), on the board and the ticket page."""

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.components.widgets import field_error
from complaint_console.domain.vocabulary import Responsibility
from complaint_console.states.board_move import MoveState
from complaint_console.states.session import SessionState


def _choice(name: str, values: list[str], prefix: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%", aria_label=t(f"move.field.{name}")),
        rx.select.content(*[rx.select.item(t(prefix + v), value=v) for v in values]),
        name=name,
    )


def _root_cause_choice() -> rx.Component:
    """HQ's active root causes (MoveState.root_causes), named in the user's language."""
    return rx.select.root(
        rx.select.trigger(width="100%", aria_label=t("move.field.root_cause"), id="root_cause"),
        rx.select.content(
            rx.foreach(
                MoveState.root_causes,
                lambda c: rx.select.item(rx.cond(SessionState.lang == "zh", c[2], c[1]), value=c[0]),
            )
        ),
        name="root_cause",
        on_change=lambda _: MoveState.forget_error("root_cause"),
    )


def _field(name: str, control: rx.Component) -> rx.Component:
    return rx.cond(
        MoveState.fields.contains(name),
        rx.vstack(
            rx.text(t(f"move.field.{name}"), as_="label", custom_attrs={"htmlFor": name}, size="2", weight="medium"),
            control,
            field_error(MoveState.errors.get(name, "")),
            spacing="1",
            width="100%",
        ),
    )


def move_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(MoveState.number, " → ", tv(MoveState.target, "stage.")),
            rx.form(
                rx.vstack(
                    field_error(MoveState.errors.get("stage", "")),
                    _field(
                        "resolution_summary",
                        rx.text_area(
                            name="resolution_summary",
                            id="resolution_summary",
                            width="100%",
                            default_value=MoveState.prefill.get("resolution_summary", ""),
                        ),
                    ),
                    _field("responsibility", _choice("responsibility", [r.value for r in Responsibility], "responsibility.")),
                    _field(
                        "compensation",
                        rx.input(
                            name="compensation",
                            id="compensation",
                            default_value=MoveState.prefill.get("compensation", "0"),
                            inputmode="decimal",
                        ),
                    ),
                    rx.cond(
                        MoveState.fields.contains("compensation") & (MoveState.limit_note != ""),
                        rx.text(MoveState.limit_note, size="1", color=rx.color("gray", 11), id="compensation-limit"),
                    ),
                    rx.cond(
                        MoveState.approval_amount != "",
                        rx.button(
                            rx.icon("send", size=14),
                            t("move.ask_approval"),
                            " (¥",
                            MoveState.approval_amount,
                            ")",
                            type="button",
                            color_scheme="amber",
                            variant="soft",
                            on_click=MoveState.ask_approval,
                            id="ask-approval",
                        ),
                    ),
                    _field("root_cause", _root_cause_choice()),
                    _field(
                        "root_cause_note",
                        rx.text_area(
                            name="root_cause_note",
                            id="root_cause_note",
                            width="100%",
                            placeholder=t("root_causes.close.note_hint"),
                        ),
                    ),
                    _field("reason", rx.text_area(name="reason", id="reason", width="100%")),
                    rx.hstack(
                        rx.button(
                            t("move.cancel"), type="button", variant="soft", color_scheme="gray", on_click=MoveState.cancel
                        ),
                        rx.button(t("move.save"), type="submit", id="move-submit"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=MoveState.submit,
                reset_on_submit=False,
            ),
            id="move-dialog",
        ),
        open=MoveState.open,
    )
