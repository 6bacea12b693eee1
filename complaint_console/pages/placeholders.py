"""Pages that later work fills; each says what will appear there."""

import reflex as rx

from complaint_console.components.shell import app_page
from complaint_console.components.widgets import empty_state, page_title


@app_page("/scores", "scores.title")
def scores() -> rx.Component:
    return rx.vstack(page_title("scores.title"), empty_state("chart-column", "scores.empty"), width="100%")


@app_page("/reports", "reports.title")
def reports() -> rx.Component:
    return rx.vstack(page_title("reports.title"), empty_state("file-text", "reports.empty"), width="100%")
