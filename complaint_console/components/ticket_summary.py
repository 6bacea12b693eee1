"""Pieces of a masked ticket summary shared by the typical-case and inspection pages."""

from __future__ import annotations

import reflex as rx

from complaint_console.components.i18n import t


def fact(label_key: str, value) -> rx.Component:
    """One labelled line of a ticket's data list."""
    return rx.data_list.item(rx.data_list.label(t(label_key)), rx.data_list.value(value))


def customer_words(d: rx.Var, id_prefix: str) -> rx.Component:
    """What the customer said and, once resolved, the resolution summary."""
    return rx.fragment(
        rx.text(t("cases.field.description"), weight="bold", size="2"),
        rx.text(d["description"], size="2", white_space="pre-wrap", id=f"{id_prefix}-description"),
        rx.cond(
            d["resolution"] != "",
            rx.vstack(
                rx.text(t("move.field.resolution_summary"), weight="bold", size="2"),
                rx.text(d["resolution"], size="2", white_space="pre-wrap"),
                spacing="1",
            ),
        ),
    )
