"""The Reflex app: pages register themselves on import."""

import reflex as rx

from complaint_console import pages  # noqa: F401  (registers the routes)

app = rx.App()
