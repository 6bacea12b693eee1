#!/usr/bin/env bash
# `make test`: the same set-up as `make run`, then lint and every test.
# Browser tests run in their own pytest invocations (Playwright and async plugins do not mix),
# and only one app server runs at a time (the compiled frontend carries the server's port).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh requirements-dev.txt
scripts/ensure_system_packages.sh
. .tools/env.sh
ruff check .
python -m pytest tests/unit tests/integration -q -rs
python -m pytest tests/e2e -q -rs
if [ -n "${TEST_REDIS_URL:-}" ]; then
  echo "==> browser journeys again with Reflex state in Redis and several backend workers"
  E2E_REDIS=1 python -m pytest tests/e2e -q -rs -k "lands_on_its_home or manager or sign_out or state_size"
else
  echo "TEST_REDIS_URL is not set: the Redis variant of the browser tests is skipped"
fi
