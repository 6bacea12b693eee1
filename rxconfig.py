"""Reflex configuration: everything comes from complaint_console.settings."""

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from complaint_console.settings import settings_or_exit

_settings = settings_or_exit()

config = rx.Config(
    app_name="complaint_console",
    telemetry_enabled=False,
    redis_url=_settings.redis_url,
    frontend_port=_settings.port,
    backend_port=_settings.port,
    # Browsers reach the backend (the /_event websocket) at PUBLIC_URL: behind a proxy on a port
    # other than 443 the port must be in it, and it is compiled in, so set it before `build`.
    api_url=_settings.public_url,
    deploy_url=_settings.public_url,
    # The client address of public throttles and logins: from X-Forwarded-For only as far as the
    # configured proxies (nginx in deploy/: 1); a header a client sends itself is not believed.
    trusted_proxy_hops=_settings.trusted_proxy_hops,
    # Only the app's own pages may call its backend with the user's cookie (not any origin).
    cors_allowed_origins=_settings.allowed_origins,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium", appearance="light"))],
    disable_plugins=[SitemapPlugin],
)
