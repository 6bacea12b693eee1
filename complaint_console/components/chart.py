"""A Plotly chart drawn from a figure kept as plain JSON in a state (services.score_charts.plain)."""

from __future__ import annotations

import plotly.graph_objects as go
import reflex as rx

from complaint_console.components.i18n import t


def chart(figure: rx.Var, height: str = "260px") -> rx.Component:
    return rx.plotly(
        data=figure.to(go.Figure), config={"displayModeBar": False, "responsive": True}, use_resize_handler=True,
        width="100%", height=height,
    )  # fmt: skip


def chart_card(title_key: str, figure: rx.Var, id: str) -> rx.Component:
    return rx.card(rx.text(t(title_key), weight="bold", size="2"), chart(figure), width="100%", id=id)
