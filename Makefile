# Commune — the two Quickstart commands are `make demo` and `make test`.
# uv is bootstrapped into .tools/ when it is not on PATH, so a fresh machine needs only Python 3.11.

PYTHON ?= python3
PORT ?= 8000
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
RUN := $(UV) run --frozen

.PHONY: demo test test-fast lint format install install-bench bench serve clean messages

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv>=0.5"

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --group dev
	@touch $@ .venv/.synced-runtime

# The demo needs only what the app runs on (no test tools, browsers or peer libraries);
# --inexact keeps the development tools of an earlier `make test` installed.
.venv/.synced-runtime: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --no-dev --inexact
	@touch $@

install: .venv/.synced

## Install the app, migrate, load the 1871 Commune and serve it on http://127.0.0.1:$(PORT)/
demo: .venv/.synced-runtime
	.venv/bin/commune demo --port $(PORT)

## Install and run the whole suite (COMMUNE_DATABASE_URL selects the database; SQLite by default)
test: install
	$(RUN) python -m tests.browsers
	COMMUNE_REQUIRE_BROWSER=1 $(RUN) pytest -n 2

## The suite without browser tests
test-fast: install
	$(RUN) pytest -n 2 -m "not browser"

lint: install
	$(RUN) ruff check src tests bench
	$(RUN) ruff format --check src tests bench
	$(RUN) mypy

format: install
	$(RUN) ruff check --fix src tests bench
	$(RUN) ruff format src tests bench

install-bench: $(UV)
	$(UV) sync --frozen --group dev --group bench

## Benchmarks (figures in docs/benchmarks.md); each script's --help gives its sizes
bench: install-bench
	@if [ -f bench/tally.py ]; then $(RUN) python bench/tally.py; fi
	$(RUN) python bench/ledger.py
	$(RUN) python bench/journal_db.py
	$(RUN) python bench/journal_pages.py
	$(RUN) python bench/casting.py
	$(RUN) python bench/recall.py

messages: install
	cd src/commune && $(abspath .venv/bin/django-admin) makemessages -l fr --ignore 'migrations/*' && $(abspath .venv/bin/django-admin) compilemessages

clean:
	rm -rf .venv .tools .pytest_cache .mypy_cache .ruff_cache
