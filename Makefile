# danhgia — the README's commands. Nothing here needs an activated virtual environment.
#   make demo    install, migrate a SQLite database, create the demo logins, serve on 127.0.0.1:8000
#   make test    lint, type checks, import contracts, migrations check, tests on SQLite and PostgreSQL
#                (the two test runs side by side, one per core; each prints its output when it ends)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Coverage of the pure engine, enforced on the SQLite run of the test suite.
ENGINE_COV := --cov=danhgia.engine --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100
PYTEST_ARGS ?=
SQLITE_TEST_URL := sqlite://:memory:
POSTGRES_TEST_URL := postgres://postgres@127.0.0.1:5432/danhgia
DEMO_ADDRESS := 127.0.0.1:8000

.PHONY: audit-deps install-check all demo test lint typecheck contracts browser pytest-sqlite pytest-postgres bench lock messages conformity clean

all: test

# Installs the pinned pip first (hash-checked), so the interpreter's stock pip never resolves the lock
# (docs/adr/0006-pinned-installer.md); then exactly what requirements.lock says, then danhgia in editable mode.
$(STAMP): requirements-bootstrap.lock requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-bootstrap.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: export DJANGO_DEBUG = 1
demo: export DJANGO_SETTINGS_MODULE = config.settings.base
demo: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_setup
	@echo "Starting the server: http://$(DEMO_ADDRESS)/ and a background worker  (Ctrl+C stops both)"
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(DEMO_ADDRESS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

# Browser tests drive Debian's Chromium; install it from the OS packages when it is missing (as root).
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

pytest-sqlite: $(STAMP) browser
	@echo "== pytest on SQLite"
	DATABASE_URL=$(SQLITE_TEST_URL) $(BIN)/pytest $(ENGINE_COV) $(PYTEST_ARGS)

pytest-postgres: $(STAMP) browser
	@echo "== pytest on PostgreSQL"
	DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/pytest $(PYTEST_ARGS)

test: $(STAMP)
	$(MAKE) --no-print-directory lint typecheck contracts
	DATABASE_URL=$(SQLITE_TEST_URL) DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory -j2 --output-sync=target pytest-sqlite pytest-postgres

# Runs the install recipe again in a throw-away venv made from the bare interpreter, with pip's cache off,
# so a step that works only because of something left on this machine fails here.
install-check:
	@echo "== install from nothing (throw-away venv, no pip cache)"
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  PIP_NO_CACHE_DIR=1 $(MAKE) --no-print-directory VENV="$$tmp/venv" "$$tmp/venv/.installed" && \
	  "$$tmp/venv/bin/python" -m pip check && "$$tmp/venv/bin/python" -c "import danhgia, django; print('install ok')"

# Known vulnerabilities of the locked packages (pip-audit); says NOT CHECKED when the database is unreachable.
audit-deps: $(STAMP)
	$(BIN)/python tools/audit_deps.py

# Every benchmark prints its figure beside the naive alternative measured in the same run (docs/PERFORMANCE.md).
BENCHES := engine workflow registry reports web api_feed lab_replay lab_report pipeline consultation_similarity
bench: $(STAMP)
	@for name in $(BENCHES); do \
	  if [ -f bench/$$name.py ]; then echo "== bench/$$name.py"; $(BIN)/python bench/$$name.py || exit 1; fi; \
	done

# Regenerates the hashed lock from pyproject.toml; the lock names no package index.
lock: $(STAMP)
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	  --allow-unsafe --no-strip-extras --no-emit-index-url --no-emit-find-links \
	  --no-emit-trusted-host --extra dev -o requirements.lock pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	  --allow-unsafe --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	  -o requirements-bootstrap.lock requirements-bootstrap.in
	@! grep -n -i -E 'https?://|file://|--index-url|--extra-index-url|--find-links|--trusted-host' \
	  requirements.lock requirements-bootstrap.lock \
	  || (echo "requirements.lock names a package location: fix pip-compile options"; exit 1)

# Compiles locale/*/LC_MESSAGES/*.po into .mo files (polib; GNU gettext is not needed).
messages: $(STAMP)
	$(BIN)/python tools/messages.py

# Rewrites docs/conformity.md and the index of the tests that name each rule (danhgia/apps/rules/rule_tests.toml);
# a test fails when either is stale.
conformity: $(STAMP)
	$(BIN)/python tools/conformity.py --write

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .coverage htmlcov staticfiles \
	  test-artifacts *.egg-info
