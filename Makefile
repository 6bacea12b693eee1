# The operator's contract (DESIGN.md): two commands do all set-up on a fresh machine.
.PHONY: run build test lint bench

run:  ## install what is missing, migrate, load demo data, serve at http://localhost:3000
	scripts/run.sh

build:  ## install what is missing, then build the production frontend when its sources changed
	scripts/bootstrap.sh requirements.txt && . .tools/env.sh && python -m complaint_console build

test:  ## the same set-up, then lint and every test (unit, integration, browser)
	scripts/test.sh

bench:  ## the speed targets, in the database and in Chromium (a blank Reflex app as the floor): bench/results/
	scripts/bootstrap.sh requirements-dev.txt && scripts/ensure_system_packages.sh && . .tools/env.sh && python bench/run.py $(BENCH_ARGS)

lint:
	scripts/bootstrap.sh requirements-dev.txt && .venv/bin/ruff check .
