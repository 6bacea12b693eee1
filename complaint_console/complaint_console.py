"""The Reflex app: pages register themselves on import."""

import reflex as rx

from complaint_console import pages  # noqa: F401  (registers the routes)

app = rx.App(
    theme=rx.theme(accent_color="indigo", radius="medium", appearance="light"),
)
