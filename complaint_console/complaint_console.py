"""The Reflex app: pages register themselves on import; the JSON API wraps the backend."""

import reflex as rx

from complaint_console import pages  # noqa: F401  (registers the routes)
from complaint_console.api import api_app

# Reflex mounts its own backend (/ping, /_event, …) inside the API's FastAPI app.
app = rx.App(api_transformer=api_app)
