#!/usr/bin/env bash
# `make test`: the same set-up as `make run`, then lint and every test.
# Browser tests run in their own pytest invocation (Playwright and async plugins do not mix).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh requirements-dev.txt
scripts/ensure_chromium.sh
. .tools/env.sh
ruff check .
python -m pytest tests/unit tests/integration -q -rs
python -m pytest tests/e2e -q -rs
