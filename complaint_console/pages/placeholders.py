"""Pages that later work fills; each says what will appear there."""

import reflex as rx

from complaint_console.components.shell import app_page
from complaint_console.components.widgets import empty_state, page_title


@app_page("/cases", "cases.title")
def cases() -> rx.Component:
    return rx.vstack(page_title("cases.title"), empty_state("graduation-cap", "cases.empty"), width="100%")
