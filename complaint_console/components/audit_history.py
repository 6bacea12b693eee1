"""The changes of one outlet or account (services/admin_audit.py), newest first: when, who, what, old → new."""

from __future__ import annotations

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.components.widgets import data_table

COLUMNS = [("audit.col.at", "11em"), ("audit.col.who", "8em"), ("audit.col.action", "9em"), ("audit.col.changes", None)]


def _line(h: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(h["at"], white_space="nowrap"),
        rx.table.cell(rx.cond(h["actor"] != "", h["actor"], t("outlets.history.system"))),
        rx.table.cell(tv(h["action"], "audit.action.")),
        rx.table.cell(rx.text(h["changes"], size="1")),
    )


def audit_history(rows: rx.Var, id: str) -> rx.Component:
    return rx.vstack(
        rx.heading(t("outlets.history"), size="4"),
        rx.cond(
            rows.length() > 0,
            data_table(COLUMNS, rows, _line, id),
            rx.text(t("outlets.history_none"), size="2", color=rx.color("gray", 11)),
        ),
        spacing="2",
        width="100%",
    )
