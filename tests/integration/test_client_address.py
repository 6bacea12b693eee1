"""The client address that the public form and sign-in limits count by: behind the configured
number of trusted proxies it is the address the proxy saw (X-Forwarded-For), so two customers
behind one nginx are counted apart; with no trusted proxy, a header the client sent itself is
ignored. The settings reach Reflex's config (rxconfig.py), and Reflex's own connection code
resolves the address with it."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import reflex.app
from reflex.app import EventNamespace
from reflex.constants import RouteVar

ROOT = Path(__file__).resolve().parents[2]


def _client_ip(monkeypatch, hops: int, peer: str, forwarded: str | None) -> str:
    config = SimpleNamespace(trusted_proxy_hops=hops)  # what rxconfig sets from TRUSTED_PROXY_HOPS (checked above)
    monkeypatch.setattr(reflex.app, "get_config", lambda: config)
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    environ = {"asgi.scope": {"client": (peer, 50000), "headers": headers}}
    namespace = EventNamespace.__new__(EventNamespace)  # only its connection bookkeeping is used
    return namespace._build_static_router_data("sid", environ)[RouteVar.CLIENT_IP]


@pytest.mark.parametrize("hops", [0, 1])
def test_the_setting_reaches_reflex(hops):
    env = {**os.environ, "TRUSTED_PROXY_HOPS": str(hops), "SECRET_KEY": "test"}
    code = "from reflex_base.config import get_config; print(get_config().trusted_proxy_hops)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == str(hops)


def test_two_customers_behind_one_trusted_proxy_are_two_clients(monkeypatch):
    first = _client_ip(monkeypatch, 1, "127.0.0.1", "203.0.113.7")
    second = _client_ip(monkeypatch, 1, "127.0.0.1", "198.51.100.23")
    assert (first, second) == ("203.0.113.7", "198.51.100.23")
    # a customer who sends a header of their own: nginx appends the address it saw, which wins
    assert _client_ip(monkeypatch, 1, "127.0.0.1", "10.9.9.9, 203.0.113.7") == "203.0.113.7"


def test_a_spoofed_header_from_an_untrusted_client_is_ignored(monkeypatch):
    assert _client_ip(monkeypatch, 0, "203.0.113.7", "10.9.9.9") == "203.0.113.7"
