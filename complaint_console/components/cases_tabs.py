"""The tabs over the /cases pages: the week's candidates, the library, the root causes."""

import reflex as rx

from complaint_console.components.i18n import t

TABS = (
    ("/cases", "cases.tab.candidates", "candidates"),
    ("/cases/library", "cases.tab.library", "library"),
    ("/cases/root-causes", "root_causes.tab", "root_causes"),
)


def cases_tabs(active: str) -> rx.Component:
    """`active`: the name of the tab to show as chosen ("" for none)."""
    return rx.hstack(
        *[
            rx.link(
                rx.button(t(key), variant="solid" if name == active else "soft", size="2"),
                href=route,
                id=f"cases-tab-{name.replace('_', '-')}",
            )
            for route, key, name in TABS
        ],
        wrap="wrap",
    )
