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


def test_files_the_compile_step_writes_do_not_make_a_build_stale():
    """Reflex copies custom components to assets/external while it compiles: a fresh clone's
    first build must still count as current when `serve` starts."""
    before = serving.fingerprint()
    written = serving.GENERATED / "complaint_console" / "test-only.jsx"
    created = not written.exists()
    written.parent.mkdir(parents=True, exist_ok=True)
    written.write_text("export const x = 1;")
    try:
        assert serving.fingerprint() == before
    finally:
        if created:
            written.unlink()
