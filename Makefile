# The operator's contract (DESIGN.md): two commands do all set-up on a fresh machine.
.PHONY: run test lint

run:  ## install what is missing, migrate, load demo data, serve at http://localhost:3000
	scripts/run.sh

test:  ## the same set-up, then lint and every test (unit, integration, browser)
	scripts/test.sh

lint:
	scripts/bootstrap.sh requirements-dev.txt && .venv/bin/ruff check .
