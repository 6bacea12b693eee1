"""A blank Reflex app: the floor the bench measures the real app against (same Reflex, same machine)."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

PORT = int(os.environ.get("BLANK_PORT", "3941"))

config = rx.Config(
    app_name="blank",
    telemetry_enabled=False,
    frontend_port=PORT,
    backend_port=PORT,
    api_url=f"http://localhost:{PORT}",
    deploy_url=f"http://localhost:{PORT}",
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin()],
    disable_plugins=[SitemapPlugin],
)
