# Statewide. Two commands matter: `make run` and `make test`; both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
PYTHON ?= python3
UV := .tools/bin/uv
PY := .venv/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

help:
	@echo "make run    install what is missing, migrate, load content and demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   install what is missing and run the whole test suite (PostgreSQL when DATABASE_URL is set)"
	@echo "make lint   ruff, mypy, import-linter (app and in-app layers), thin-views lint, makemigrations --check"
	@echo "make fmt    format the code with ruff"
	@echo "make bench  query-count and timing benchmarks on a national-size dataset, with the growth check (1k vs 50k records)"
	@echo "make load   national dataset on PostgreSQL, gunicorn with production settings, headless locust; table in benchmarks/results/"

# --- installation (each step runs only when its inputs changed) ---------------------------------
$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv 2>/dev/null || .tools/bin/pip install --disable-pip-version-check uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet --python $(PYTHON)
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: .venv/.synced node_modules/.installed

# Debian packages the browser tests and PDF checks need (as root; skipped otherwise).
system-deps:
	@bash scripts/system-deps.sh

# --- the two commands ------------------------------------------------------------------------
# Links printed, e-mailed and shared point at the port actually served (unless SITE_URL is set).
# Background work (e-mails, large imports) is queued in the database; a worker runs next to the
# server and stops with it, so e-mails appear in this console a moment after they are queued.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: export TASKS_BACKEND ?= database
run: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable
	$(PY) -m statewide load-demo
	@$(PY) -m statewide demo-signins
	@echo "Serving Statewide at http://127.0.0.1:$(PORT)/ with a background worker  (Ctrl-C to stop both)"
	@$(PY) manage.py worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install system-deps
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# --- the rest --------------------------------------------------------------------------------
lint: install
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/ruff format --check src tests benchmarks
	.venv/bin/lint-imports
	$(PY) -m pytest tests/foundation/test_thin_views.py -q
	$(PY) manage.py makemigrations --check --dry-run -v0
	.venv/bin/mypy

fmt: install
	.venv/bin/ruff format src tests benchmarks
	.venv/bin/ruff check --fix src tests benchmarks

bench: install
	$(PY) -m pytest benchmarks -q

load: install
	bash scripts/load.sh

.PHONY: help install system-deps run test lint fmt bench load
