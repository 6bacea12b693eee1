"""Build once, start fast: `serve` never builds, and says what to do when the build is missing or stale."""

import os
import subprocess
import sys

from complaint_console import serving
from complaint_console.settings import PROJECT_ROOT


def _cli(*args: str, port: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PORT": port, "SCHEDULER": "off"}
    return subprocess.run(
        [sys.executable, "-m", "complaint_console", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_serve_refuses_a_frontend_built_for_another_address_and_builds_nothing():
    before = serving.built_stamp()
    result = _cli("serve", port="3399")  # no build of this tree is ever made for this port
    assert result.returncode == 1
    assert "make build" in result.stderr and "not built" in result.stderr
    assert serving.built_stamp() == before  # nothing was built or changed


def test_the_build_fingerprint_follows_the_backend_address(monkeypatch):
    from reflex.config import get_config

    here = serving.fingerprint()
    monkeypatch.setattr(get_config(), "api_url", "http://localhost:3399")
    there = serving.fingerprint()
    assert here["sources"] == there["sources"]
    assert here["api_url"] != there["api_url"]
