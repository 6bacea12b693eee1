"""The follow-up of a case on its page (#14 points 4 and 5): the root cause chosen from the list,
the corrective actions with their status buttons and effect checks, and the homework."""

from __future__ import annotations

import reflex as rx

from complaint_console.components.chart import chart
from complaint_console.components.i18n import t, tv
from complaint_console.components.widgets import field_error
from complaint_console.states.case_actions import NO_ROOT_CAUSE
from complaint_console.states.case_actions import CaseActionsState as S
from complaint_console.states.session import SessionState

STATUS_COLORS = {"open": "amber", "done": "blue", "verified": "green"}


def root_cause_items() -> rx.Component:
    """The active root causes as select items, named in the page's language."""
    return rx.foreach(S.root_causes, lambda r: rx.select.item(rx.cond(SessionState.lang == "zh", r[2], r[1]), value=r[0].to(str)))


def root_cause_select(name: str, id: str, value: rx.Var, error: rx.Var, disabled=False) -> rx.Component:
    """A root cause from the list HQ edits ("none" for none), its message under it."""
    return rx.vstack(
        rx.text(t("followup.root_cause_list"), as_="label", custom_attrs={"htmlFor": id}, size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(width="100%", id=id, aria_label=t("followup.root_cause_list")),
            rx.select.content(rx.select.item(t("followup.root_cause_none"), value=NO_ROOT_CAUSE), root_cause_items()),
            name=name,
            default_value=value,
            disabled=disabled,
        ),
        field_error(error),
        spacing="1",
        width="100%",
    )


def _label(id: str, key: str) -> rx.Component:
    return rx.text(t(key), as_="label", custom_attrs={"htmlFor": id}, size="2", weight="medium")


def _field(name: str, key: str, control: rx.Component) -> rx.Component:
    return rx.vstack(_label(f"action-{name}", key), control, field_error(S.errors.get(name, "")), spacing="1", width="100%")


def _invalid(name: str) -> rx.Var:
    return rx.cond(S.errors.contains(name), "true", "false")


def _action_form() -> rx.Component:
    owner = rx.select.root(
        rx.select.trigger(width="100%", id="action-owner", aria_label=t("followup.owner"), placeholder=t("followup.owner_pick")),
        rx.select.content(rx.foreach(S.owners, lambda o: rx.select.item(o[1], value=o[0].to(str)))),
        name="owner",
    )
    return rx.form(
        rx.vstack(
            _field(
                "description",
                "followup.description",
                rx.text_area(
                    name="description", id="action-description", rows="2", width="100%", aria_invalid=_invalid("description")
                ),
            ),
            rx.grid(
                _field("owner", "followup.owner", owner),
                _field("due", "followup.due", rx.input(name="due", id="action-due", type="date", aria_invalid=_invalid("due"))),
                rx.box(root_cause_select("root_cause", "action-root_cause", S.case_root_cause, S.errors.get("root_cause", ""))),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                rx.spacer(),
                rx.button(rx.icon("plus", size=14), t("followup.add_action"), type="submit", id="action-add"),
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=S.submit,
        reset_on_submit=False,
        key=S.form_key,
        width="100%",
        id="action-form",
    )


def _effect(a: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(t("followup.effect_title"), weight="bold", size="2"),
            rx.text(
                t("followup.effect_weeks"),
                " ",
                S.weeks,
                " ",
                t("followup.effect_weeks_after"),
                size="1",
                color=rx.color("gray", 11),
            ),
            rx.spacer(),
            rx.cond(
                a["recurred"].to(bool),
                rx.badge(
                    rx.icon("triangle-alert", size=12), t("followup.recurred"), color_scheme="red", class_name="effect-recurred"
                ),
                rx.badge(rx.icon("check", size=12), t("followup.not_recurred"), color_scheme="green", class_name="effect-clean"),
            ),
            align="center",
            width="100%",
        ),
        rx.hstack(
            rx.text(t("followup.chart.before"), ": ", rx.text.strong(a["before"], class_name="effect-before"), size="2"),
            rx.text(t("followup.chart.after"), ": ", rx.text.strong(a["after"], class_name="effect-after"), size="2"),
            spacing="4",
        ),
        rx.cond(
            SessionState.lang == "zh",
            chart(a["chart_zh"].to(dict), height="280px"),
            chart(a["chart_en"].to(dict), height="280px"),
        ),
        spacing="1",
        width="100%",
        class_name="effect-check",
    )


def _action(a: rx.Var) -> rx.Component:
    status = a["status"].to(str)
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(
                    tv(status, "followup.status."),
                    color_scheme=rx.match(status, *STATUS_COLORS.items(), "gray"),
                    class_name="action-status",
                ),
                rx.cond(a["overdue"].to(bool), rx.badge(t("followup.overdue"), color_scheme="red", variant="outline")),
                rx.text(a["description"], weight="medium", size="2", white_space="pre-wrap", class_name="action-description"),
                rx.spacer(),
                rx.cond(
                    (status == "open") & S.can_edit,
                    rx.button(
                        rx.icon("check", size=14),
                        t("followup.mark_done"),
                        size="1",
                        on_click=S.mark_done(a["id"].to(str)),
                        class_name="action-done",
                    ),
                ),
                rx.cond(
                    (status == "done") & S.can_verify,
                    rx.button(
                        rx.icon("badge-check", size=14),
                        t("followup.verify"),
                        size="1",
                        color_scheme="green",
                        on_click=S.verify(a["id"].to(str)),
                        class_name="action-verify",
                    ),
                ),
                align="center",
                width="100%",
                wrap="wrap",
            ),
            rx.hstack(
                rx.text(t("followup.owner"), ": ", a["owner"], size="1"),
                rx.text(t("followup.due"), ": ", a["due"], size="1"),
                rx.text(
                    t("followup.root_cause"),
                    ": ",
                    rx.cond(SessionState.lang == "zh", a["root_cause_zh"], a["root_cause_en"]),
                    size="1",
                ),
                rx.cond(a["done"] != "", rx.text(t("followup.done_at"), ": ", a["done"], size="1")),
                rx.cond(a["verified"] != "", rx.text(t("followup.verified_at"), ": ", a["verified"], size="1")),
                color=rx.color("gray", 11),
                spacing="4",
                wrap="wrap",
            ),
            rx.cond(a["checked"].to(bool), _effect(a)),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="corrective-action",
        custom_attrs={"data-status": status, "data-id": a["id"]},
    )


def corrective_actions() -> rx.Component:
    """The case's actions and, for the training lead, the form that adds one."""
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("wrench", size=16), rx.heading(t("followup.actions_title"), size="3"), align="center"),
            rx.text(t("followup.actions_hint"), size="1", color=rx.color("gray", 11)),
            rx.cond(S.can_edit, _action_form()),
            rx.cond(
                S.actions.length() > 0,
                rx.vstack(rx.foreach(S.actions, _action), spacing="2", width="100%", id="action-list"),
                rx.text(t("followup.no_actions"), size="2", color=rx.color("gray", 11), id="action-none"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="corrective-actions",
    )
