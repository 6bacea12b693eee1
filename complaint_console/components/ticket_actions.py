"""The actions panel of the ticket page: move, assign, reclassify, escalate, approve, log, comment."""

from __future__ import annotations

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.components.widgets import field_error
from complaint_console.domain.vocabulary import Category, Responsibility, Severity
from complaint_console.states.board_move import MoveState
from complaint_console.states.ticket import TicketState
from complaint_console.states.ticket_actions import TicketActionsState as A

_LABELS = {
    "responsibility": "move.field.responsibility",
    "assignee": "ticket.assignee",
    "severity": "ticket.severity",
    "category": "ticket.category",
}


def _select(name: str, options, default, width: str = "11em") -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width=width, id=f"action-{name}", aria_label=t(_LABELS[name])),
        rx.select.content(*options),
        name=name,
        default_value=default,
    )


def _form_key() -> rx.Var:
    """Forms are drawn anew for each ticket, each of its versions and after each action: an
    uncontrolled field never carries a value of the ticket shown before."""
    return TicketState.detail["number"].to(str) + "-" + TicketState.version.to_string() + "-" + A.form_key.to_string()


def _for_this_ticket() -> rx.Component:
    """Which ticket the form was drawn for; the state refuses it for any other (a stale form)."""
    return rx.el.input(type="hidden", name="ticket", default_value=TicketState.detail["number"])


def _row(label_key: str, *controls: rx.Component, on_submit, error_field: str, button_key: str, id: str) -> rx.Component:
    return rx.form(
        _for_this_ticket(),
        rx.vstack(
            rx.text(t(label_key), size="2", weight="medium"),
            rx.hstack(
                *controls, rx.button(t(button_key), type="submit", variant="soft", id=f"{id}-submit"), align="center", wrap="wrap"
            ),
            field_error(A.errors.get(error_field, "")),
            spacing="1",
        ),
        on_submit=on_submit,
        reset_on_submit=False,
        id=id,
    )


def _text_row(label_key: str, name: str, hint: rx.Var | str, *, width: str = "28em", **row) -> rx.Component:
    """A form row with one text input (`name`) and its submit button."""
    return _row(label_key, rx.input(name=name, placeholder=hint, width=width), **row)


def _move() -> rx.Component:
    return rx.vstack(
        rx.text(t("board.move_to"), size="2", weight="medium"),
        rx.hstack(
            rx.foreach(
                TicketState.targets,
                lambda stage: rx.button(
                    tv(stage, "stage."),
                    variant="outline",
                    on_click=MoveState.request(TicketState.detail["number"], TicketState.version, stage),
                    class_name="move-button",
                ),
            ),
            wrap="wrap",
        ),
        spacing="1",
    )


def _approval() -> rx.Component:
    requested = TicketState.detail["compensation_requested"]
    return rx.fragment(
        _row(
            "ticket.approve",
            rx.input(name="amount", placeholder="¥", width="10em", default_value=requested),
            on_submit=A.approve,
            error_field="compensation",
            button_key="ticket.approve_button",
            id="approve-form",
        ),
        rx.cond(
            requested != "",
            _text_row(
                "ticket.decline",
                "reason",
                t("ticket.decline_hint"),
                on_submit=A.decline,
                error_field="reason",
                button_key="ticket.decline_button",
                id="decline-form",
            ),
        ),
    )


def answer_panel() -> rx.Component:
    """For an open inquiry: the knowledge base's answer, editable, sent and resolved in one step."""
    return rx.card(
        rx.form(
            _for_this_ticket(),
            rx.vstack(
                rx.heading(t("knowledge.suggested"), size="4"),
                rx.cond(TicketState.suggested_answer == "", rx.text(t("knowledge.no_match"), size="2")),
                rx.text_area(name="answer", default_value=TicketState.suggested_answer, rows="4", width="100%", id="answer-text"),
                field_error(A.errors.get("answer", "")),
                rx.hstack(
                    rx.text(t("move.field.responsibility"), size="2"),
                    _select(
                        "responsibility",
                        [rx.select.item(t(f"responsibility.{r.value}"), value=r.value) for r in Responsibility],
                        "",
                        "14em",
                    ),
                    rx.button(t("knowledge.answer_and_resolve"), type="submit", id="answer-submit"),
                    align="center",
                    wrap="wrap",
                ),
                field_error(A.errors.get("responsibility", "")),
                spacing="2",
                width="100%",
            ),
            on_submit=A.answer,
            reset_on_submit=False,
            key=_form_key(),
        ),
        width="100%",
        id="answer-panel",
    )


def actions_panel() -> rx.Component:
    d = TicketState.detail
    staff = rx.foreach(TicketState.staff, lambda p: rx.select.item(p[1], value=p[0]))
    return rx.card(
        rx.vstack(
            rx.heading(t("ticket.actions"), size="4"),
            rx.cond(TicketState.can_work & (TicketState.targets.length() > 0), _move()),
            rx.cond(
                TicketState.can_assign,
                _row(
                    "ticket.assignee",
                    _select(
                        "assignee",
                        [rx.select.item(t("ticket.unassigned"), value="none"), staff],
                        rx.cond(d["assignee_id"] != "", d["assignee_id"], "none"),
                        "16em",
                    ),
                    on_submit=A.assign,
                    error_field="assignee",
                    button_key="ticket.assign",
                    id="assign-form",
                ),
            ),
            rx.cond(
                TicketState.can_work,
                rx.fragment(
                    _row(
                        "ticket.reclassify",
                        _select(
                            "severity", [rx.select.item(t(f"severity.{s.value}"), value=s.value) for s in Severity], d["severity"]
                        ),
                        _select(
                            "category", [rx.select.item(t(f"category.{c.value}"), value=c.value) for c in Category], d["category"]
                        ),
                        on_submit=A.reclassify,
                        error_field="severity",
                        button_key="ticket.recompute",
                        id="reclassify-form",
                    ),
                    _text_row(
                        "ticket.contact_log",
                        "contact",
                        t("ticket.contact_hint"),
                        on_submit=A.contact,
                        error_field="contact",
                        button_key="ticket.log",
                        id="contact-form",
                    ),
                    _text_row(
                        "ticket.escalate",
                        "reason",
                        t("ticket.escalate_hint"),
                        on_submit=A.escalate,
                        error_field="escalate",
                        button_key="ticket.escalate_button",
                        id="escalate-form",
                    ),
                ),
            ),
            rx.cond(TicketState.can_approve, _approval()),
            rx.cond(
                TicketState.can_route,
                _text_row(
                    "ticket.route",
                    "outlet",
                    t("board.outlet"),
                    width="10em",
                    on_submit=A.route,
                    error_field="outlet",
                    button_key="ticket.route_button",
                    id="route-form",
                ),
            ),
            _text_row(
                "ticket.comment",
                "comment",
                t("ticket.comment_hint"),
                on_submit=A.comment,
                error_field="comment",
                button_key="ticket.add_comment",
                id="comment-form",
            ),
            spacing="3",
            key=_form_key(),
        ),
        width="100%",
    )
