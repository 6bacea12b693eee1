"""The Reflex app: pages register themselves on import; the JSON API wraps the backend;
the scheduled jobs start and stop with the backend (SCHEDULER=embedded)."""

import contextlib
import gc

import reflex as rx

from complaint_console import pages  # noqa: F401  (registers the routes)
from complaint_console.api import api_app
from complaint_console.api.body_limit import BodyLimit
from complaint_console.api.security_headers import SecurityHeaders
from complaint_console.jobs.scheduler import start_embedded
from complaint_console.observability import logs
from complaint_console.observability.events import timed_events
from complaint_console.settings import settings_or_exit

_settings = settings_or_exit()
logs.configure(_settings.log_level, _settings.log_format)


@contextlib.asynccontextmanager
async def scheduled_jobs():
    """Start the jobs scheduler with the backend and stop it with it (see jobs/scheduler.py)."""
    scheduler = start_embedded()
    try:
        yield
    finally:
        if scheduler is not None:
            scheduler.shutdown()


@contextlib.asynccontextmanager
async def long_lived_objects_frozen():
    """Once the backend has started: what it has made so far (modules, the compiled app, the message
    catalogues) lives as long as the process, so it is moved out of the garbage collector's sight
    (`gc.freeze`), and young objects are collected in larger batches, so full collections come
    about fifteen times less often. Under 20 busy users, full collections stopped every event of
    the worker for 40-200 ms each; 120 moves of the bench's mover under that load went from
    p95 157 ms (freeze alone) to 121 ms."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    yield


def guarded(asgi_app):
    """Outermost: every answer (pages, files, the API) gets the CSP and anti-framing headers, and
    an upload larger than the app accepts is refused while it arrives."""
    return SecurityHeaders(BodyLimit(asgi_app), _settings.public_url)


# The app's own icon (assets/): the SVG for browsers that take one, the .ico for the others and for /favicon.ico.
FAVICONS = [
    rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
    rx.el.link(rel="icon", href="/favicon.ico", sizes="32x32"),
]

# Reflex mounts its own backend (/ping, /_event, …) inside the API's FastAPI app.
app = rx.App(
    api_transformer=[api_app, guarded],
    html_lang="zh-CN",  # 简体中文 first; SessionState.detect_language follows the browser
    head_components=FAVICONS,
    stylesheets=["/contrast.css", "/phone.css"],  # WCAG AA text colours over Radix's palette (see the file)
)
app.register_lifespan_task(scheduled_jobs)
app.register_lifespan_task(long_lived_objects_frozen)
app.register_lifespan_task(timed_events)
