"""The Reflex app: pages register themselves on import; the JSON API wraps the backend;
the scheduled jobs start and stop with the backend (SCHEDULER=embedded)."""

import contextlib

import reflex as rx

from complaint_console import pages  # noqa: F401  (registers the routes)
from complaint_console.api import api_app
from complaint_console.jobs.scheduler import start_embedded


@contextlib.asynccontextmanager
async def scheduled_jobs():
    """Start the jobs scheduler with the backend and stop it with it (see jobs/scheduler.py)."""
    scheduler = start_embedded()
    try:
        yield
    finally:
        if scheduler is not None:
            scheduler.shutdown()


# Reflex mounts its own backend (/ping, /_event, …) inside the API's FastAPI app.
app = rx.App(api_transformer=api_app, html_lang="zh-CN")  # 简体中文 first; SessionState.detect_language follows the browser
app.register_lifespan_task(scheduled_jobs)
