"""A Plotly chart drawn from a figure kept as plain JSON in a state (views.score_charts.plain)."""

from __future__ import annotations

import plotly.graph_objects as go
import reflex as rx

from complaint_console.components.i18n import t


def chart(figure: rx.Var, height: str = "260px", on_click=None) -> rx.Component:
    """`on_click` gets the clicked points (x, y, pointIndex, …): a drill-down."""
    extra = {"on_click": on_click} if on_click is not None else {}
    return rx.plotly(
        data=figure.to(go.Figure),
        config={"displayModeBar": False, "responsive": True},
        use_resize_handler=True,
        width="100%",
        height=height,
        **extra,
    )


def chart_card(title_key: str, figure: rx.Var, id: str, on_click=None, hint_key: str = "") -> rx.Component:
    """A titled chart; one that drills down says so under its title and shows a hand over its bars."""
    hint = rx.text(t(hint_key), size="1", color=rx.color("gray", 11)) if hint_key else rx.fragment()
    return rx.card(
        rx.text(t(title_key), weight="bold", size="2"),
        hint,
        chart(figure, on_click=on_click),
        width="100%",
        id=id,
        class_name="drillable" if on_click is not None else "",
    )
