"""Build the production frontend once; start the web process over it in seconds.

`reflex run --env prod` compiles and builds the frontend at every start (a minute or two
without service). Here the two are apart: `build` compiles the app and builds the frontend
only when its inputs changed since the last build (recorded in a stamp file under .web/),
and `serve` starts the backend with the built frontend mounted on the same port, installing
and compiling nothing. The compiled frontend carries the address of the backend (rxconfig's
api_url, from PORT), so that address is part of the stamp.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from complaint_console.observability import MULTIPROC_ENV
from complaint_console.settings import DATA_DIR, PROJECT_ROOT

STAMP = PROJECT_ROOT / ".web" / "complaint-console-build.json"
# What the compiled frontend is made from (besides Reflex itself, pinned in requirements.txt).
_SOURCES = ("complaint_console", "assets")
_SOURCE_FILES = ("rxconfig.py", "requirements.txt")
_SUFFIXES = {".py", ".jsx", ".js", ".css", ".png", ".svg", ".ico", ".woff2", ".ttf"}
GENERATED = PROJECT_ROOT / "assets" / "external"


def _generated(path: Path) -> bool:
    """Files the compile step itself writes (Reflex copies custom components to assets/external)."""
    return GENERATED in path.parents


def _reflex_env(skip_compile: bool) -> None:
    from reflex import constants
    from reflex.environment import environment

    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_COMPILE_CONTEXT.set(constants.CompileContext.RUN)
    if skip_compile:
        environment.REFLEX_SKIP_COMPILE.set(True)


def fingerprint() -> dict[str, str]:
    """What the built frontend depends on: a digest of the sources and the backend address."""
    from reflex.config import get_config

    digest = hashlib.sha256()
    files = [PROJECT_ROOT / name for name in _SOURCE_FILES]
    for folder in _SOURCES:
        files += [p for p in (PROJECT_ROOT / folder).rglob("*") if p.suffix in _SUFFIXES and p.is_file() and not _generated(p)]
    for path in sorted(files):
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(path.read_bytes())
    config = get_config()
    return {"sources": digest.hexdigest(), "api_url": str(config.api_url), "deploy_url": str(config.deploy_url)}


def built_stamp() -> dict[str, str] | None:
    try:
        return json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return None


def is_current() -> bool:
    """True when the built frontend was made from these sources for this address."""
    return built_stamp() == fingerprint() and (PROJECT_ROOT / ".web" / "build" / "client").is_dir()


def build(force: bool = False) -> bool:
    """Compile the app and build the frontend when it is not current. True when it built."""
    if not force and is_current():
        return False
    from reflex.config import get_config
    from reflex.reflex import _compile_app, _init
    from reflex.utils import build as reflex_build
    from reflex.utils import prerequisites

    _reflex_env(skip_compile=False)
    config = get_config()
    if prerequisites.needs_reinit():
        _init(name=config.app_name)
    port = config.frontend_port
    config._set_persistent(frontend_port=port, backend_port=port)
    STAMP.unlink(missing_ok=True)
    built_from = fingerprint()  # taken first: a source changed during the build leaves the build stale
    _compile_app(avoid_dirty_check=False)
    reflex_build.setup_frontend_prod(PROJECT_ROOT)
    STAMP.write_text(json.dumps(built_from, indent=2))
    return True


def _metrics_folder() -> None:
    """Each backend worker keeps its own metrics; a folder they all write to (emptied at start, as
    prometheus-client asks) lets one scrape of /metrics add them up. An operator's own wins. This
    runs before anything imports prometheus-client (it reads the variable once, at import)."""
    if os.environ.get(MULTIPROC_ENV):
        return
    folder = DATA_DIR / "metrics"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ[MULTIPROC_ENV] = str(folder)


def serve() -> None:
    """Run the backend (workers as Reflex chooses: several with Redis) with the built frontend."""
    from reflex.config import get_config
    from reflex.utils import exec as reflex_exec

    _reflex_env(skip_compile=True)
    _metrics_folder()
    config = get_config()
    port = config.backend_port
    reflex_exec.run_backend_prod(config.backend_host, port, config.loglevel.subprocess_level(), True)
