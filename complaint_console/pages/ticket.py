"""/tickets/<number>: one ticket, or "not found" (also when it is outside the user's scope)."""

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.components.move_dialog import move_dialog
from complaint_console.components.shell import app_page
from complaint_console.components.sla_badge import sla_badges
from complaint_console.components.ticket_actions import actions_panel, answer_panel
from complaint_console.states.session import SessionState
from complaint_console.states.ticket import TicketState


def _row(label_key: str, value: rx.Var) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(t(label_key)), rx.data_list.value(value))


def _details() -> rx.Component:
    d = TicketState.detail
    return rx.vstack(
        rx.hstack(
            rx.heading(d["number"], size="6", id="ticket-number"),
            rx.badge(tv(d["stage"], "stage."), size="2", id="ticket-stage"),
            rx.badge(tv(d["severity"], "severity."), color_scheme="orange", size="2"),
            rx.cond(
                d["repeat_seq"] != "1",
                rx.badge(t("ticket.repeat"), " ×", d["repeat_seq"], color_scheme="purple", size="2", id="repeat-marker"),
            ),
            sla_badges(TicketState.clocks),
            align="center",
            wrap="wrap",
        ),
        rx.box(_clock_table(), class_name="cc-scroll-x"),
        rx.grid(
            rx.card(
                rx.data_list.root(
                    _row("ticket.outlet", d["outlet_code"] + " · " + d["outlet_name"]),
                    _row("ticket.waybill", d["waybill_no"]),
                    _row("ticket.customer", d["customer_name"]),
                    _row("ticket.phone", d["customer_phone"]),
                    _row("ticket.channel", tv(d["channel"], "channel.")),
                    _row("ticket.category", tv(d["category"], "category.")),
                    _row("ticket.assignee", rx.cond(d["assignee"] != "", d["assignee"], t("ticket.unassigned"))),
                    _row("ticket.created", d["created_at"]),
                    _row("ticket.response_due", d["response_due_at"]),
                    _row("ticket.resolution_due", d["resolution_due_at"]),
                    _row("ticket.first_response", d["first_response_at"]),
                    _row("ticket.escalation", tv(d["escalation_level"], "escalation.")),
                    rx.cond(d["resolved_at"] != "", _row("ticket.resolved", d["resolved_at"])),
                    rx.cond(
                        d["responsibility"] != "", _row("move.field.responsibility", tv(d["responsibility"], "responsibility."))
                    ),
                    rx.cond(d["compensation_amount"] != "", _row("move.field.compensation", "¥" + d["compensation_amount"])),
                    rx.cond(
                        d["compensation_requested"] != "",
                        _row("card.awaiting_approval", rx.badge("¥" + d["compensation_requested"], color_scheme="amber")),
                    ),
                    rx.cond(
                        d["repeat_of"] != "",
                        _row("ticket.repeat_of", rx.link(d["repeat_of"], href="/tickets/" + d["repeat_of"])),
                    ),
                    rx.cond(
                        d["root_cause"] != "",
                        _row("move.field.root_cause", rx.cond(SessionState.lang == "zh", d["root_cause_zh"], d["root_cause_en"])),
                    ),
                    rx.cond(d["root_cause_note"] != "", _row("root_causes.ticket.note", d["root_cause_note"])),
                ),
            ),
            rx.card(
                rx.heading(t("ticket.description"), size="3"),
                rx.text(d["description"], margin_top="0.5em", white_space="pre-wrap"),
                rx.cond(
                    d["resolution_summary"] != "",
                    rx.box(
                        rx.heading(t("move.field.resolution_summary"), size="3", margin_top="1em"),
                        rx.text(d["resolution_summary"], margin_top="0.5em"),
                    ),
                ),
            ),
            columns="2",
            spacing="4",
            width="100%",
            class_name="cc-two-columns",
        ),
        rx.cond(TicketState.evidence.length() > 0, _evidence()),
        rx.cond(TicketState.answerable, answer_panel()),
        actions_panel(),
        move_dialog(),
        rx.heading(t("ticket.timeline"), size="4"),
        rx.vstack(
            rx.foreach(
                TicketState.events,
                lambda e: rx.hstack(
                    rx.text(e["at"], size="2", color=rx.color("gray", 11), min_width="10em"),
                    rx.text(tv(e["kind"], "event."), weight="medium", size="2"),
                    rx.cond(e["to"] != "", rx.badge(tv(e["to"], "stage."))),
                    rx.text(e["actor"], size="2"),
                    rx.text(e["note"], size="2", color=rx.color("gray", 11)),
                    align="center",
                ),
            ),
            spacing="2",
        ),
        spacing="4",
        width="100%",
    )


def _evidence_file(f: rx.Var) -> rx.Component:
    preview = rx.cond(
        f["image"] != "",
        rx.image(src=f["url"], alt=f["name"], width="160px", height="120px", object_fit="cover", border_radius="6px"),
        rx.center(rx.icon("file-text", size=40), width="160px", height="120px", background=rx.color("gray", 3)),
    )
    return rx.link(
        rx.vstack(preview, rx.text(f["name"], size="1", trim="both"), rx.text(f["size"], size="1", color=rx.color("gray", 10))),
        href=f["url"],
        is_external=True,
        underline="none",
        class_name="evidence-file",
    )


def _evidence() -> rx.Component:
    return rx.card(
        rx.heading(t("ticket.evidence"), size="3"),
        rx.hstack(rx.foreach(TicketState.evidence, _evidence_file), spacing="4", wrap="wrap", margin_top="0.5em"),
        width="100%",
        id="evidence",
    )


def _clock_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.table.column_header_cell(t("sla.clock")),
                rx.table.column_header_cell(t("sla.state")),
                rx.table.column_header_cell(t("sla.percent_used")),
                rx.table.column_header_cell(t("sla.due")),
                rx.table.column_header_cell(t("sla.policy")),
            )
        ),
        rx.table.body(
            rx.foreach(
                TicketState.clock_rows,
                lambda c: rx.table.row(
                    rx.table.cell(tv(c["kind"], "sla.clock.")),
                    rx.table.cell(tv(c["state"], "sla.state.")),
                    rx.table.cell(c["percent"]),
                    rx.table.cell(c["due"], " (", c["zone"], ")"),
                    rx.table.cell(c["policy"]),
                ),
            )
        ),
        size="1",
        variant="surface",
        id="clock-table",
    )


def _not_found() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("search-x", size=40),
            rx.heading(t("ticket.not_found"), size="6", id="ticket-not-found"),
            rx.text(t("ticket.not_found_hint")),
            rx.link(t("ticket.back"), href="/board"),
            align="center",
        ),
        padding="4em",
    )


@app_page("/tickets/[number]", "ticket.title", on_load=[TicketState.load])
def ticket() -> rx.Component:
    return rx.cond(
        TicketState.loaded,
        rx.cond(TicketState.found, _details(), _not_found()),
        rx.text(t("common.loading")),
    )
