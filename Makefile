# Open Commitments Tracker: development and CI entry points.
#
#   make run       set up, migrate, seed demo data, serve on 127.0.0.1:8000 (+ the PDF report worker)
#   make test      everything CI runs (lint, checks, pytest on SQLite + PostgreSQL)
#   make help      list all targets
#
# Each recipe runs as one bash script (.ONESHELL) with -eu -o pipefail.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.ONESHELL:
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EXTRA ?= test
STAMP := $(VENV)/.installed-$(EXTRA)
PYTEST := $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)
# The whole suite in two runs: all but the browser tests in parallel (pytest-xdist,
# PYTEST_WORKERS=2 by default), then the browser tests serially. See scripts/pytest-split.sh.
PYTEST_SPLIT := bash scripts/pytest-split.sh $(PYTEST)
TEST_SETTINGS := tracker.settings.test
# -qq keeps pip's errors but drops its warnings (build-backend chatter, and the
# global config's missing local indexes, which the grep also filters).
PIP_NOISE := grep -v "is ignored: it is neither" || true

.PHONY: help venv run serve load backup restore lint check test bench messages clean

help:
	@echo "make venv      create $(VENV) and install the project with the [$(EXTRA)] extra (again only when pyproject.toml changes)"
	echo "make run       migrate, compile translations, seed demo data, runserver on 127.0.0.1:8000 with the PDF report worker"
	echo "make serve     the production stack locally: PostgreSQL (DATABASE_URL or a throwaway one), gunicorn, report worker, scheduler (scripts/serve.sh)"
	echo "make load      the real stack (make serve's) under locust: every public page at 1, 8, 32 users, signed-in reads, mixed writes counted, faults (LOAD_SECONDS, LOAD_ARGS=--quick; report in .load/)"
	echo "make backup    the database and the files on disk into backups/<time>/ (BACKUP=dir to choose), with a manifest"
	echo "make restore   BACKUP=dir: put a backup back and check every table and file against its manifest"
	echo "make lint      ruff check + ruff format --check + djhtml --check (templates) + import-linter contracts"
	echo "make check     Django system checks, missing migrations, production deploy checks"
	echo "make test      system packages, lint, check, pytest on SQLite, then on a throwaway PostgreSQL"
	echo "make bench     time explorer, exports and pages at 2k and 20k synthetic commitments (BENCH_ARGS=--rebuild), then PDF reports, then the OGP importer at 1k and 5k rows, then import_ocds at 10k and 100k releases"
	echo "make messages  update locale/es .po files and compile them"
	echo "make clean     remove $(VENV), the SQLite database, media/ and collected static files"

# ---------------------------------------------------------------- environment

venv: $(STAMP)

$(STAMP): pyproject.toml
	@echo "== venv: installing .[$(EXTRA)] into $(VENV)"
	if [[ ! -x $(PY) ]]; then $(PYTHON) -m venv $(VENV); fi
	$(PY) -m pip install -qq -e '.[$(EXTRA)]' 2>&1 | { $(PIP_NOISE); }
	touch $@

# ------------------------------------------------------------------ run

run: venv
	@echo "== migrate, translations, demo data, then the site at http://127.0.0.1:8000"
	$(PY) manage.py migrate --noinput
	if command -v msgfmt >/dev/null 2>&1; then
	    $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity 0
	else
	    echo "msgfmt not found (install gettext): using the committed .mo files"
	fi
	$(PY) manage.py seed_demo
	# The PDF report worker runs beside the server and stops with it.
	$(PY) manage.py task_worker --backend reports --interval 0.5 &
	worker=$$!
	trap 'kill $$worker 2>/dev/null || true; wait $$worker 2>/dev/null || true' EXIT
	$(PY) manage.py runserver 127.0.0.1:8000

serve: venv
	@bash scripts/serve.sh

# A benchmark, not a test: the stack as `make serve` runs it, on a throwaway PostgreSQL, under
# locust on 127.0.0.1 (load/run.py; README "Load test"). LOAD_ARGS=--quick for a smoke run.
load: venv
	@if [[ ! -f $(VENV)/.installed-load || pyproject.toml -nt $(VENV)/.installed-load ]]; then
	    echo "== venv: installing .[load] (locust, aiosmtpd) into $(VENV)"
	    $(PY) -m pip install -qq -e '.[load]' 2>&1 | { $(PIP_NOISE); }
	    touch $(VENV)/.installed-load
	fi
	if ! command -v redis-server >/dev/null 2>&1; then
	    echo "make load: no redis-server (apt-get install redis-server): the database cache is measured"
	fi
	PY=$(PY) bash scripts/with-postgres.sh $(PY) load/run.py $(LOAD_ARGS)

# Against the database and storages of the current settings (DJANGO_SETTINGS_MODULE and the
# environment: run them with production's, as `make serve` or the deploy guide does).
backup: venv
	@$(PY) manage.py backup $(BACKUP)

restore: venv
	@if [[ -z "$(BACKUP)" ]]; then echo "usage: make restore BACKUP=backups/<time>"; exit 2; fi
	$(PY) manage.py restore "$(BACKUP)"

# ------------------------------------------------------------ quality gates

lint: venv
	@rc=0
	echo "-- ruff check ."
	$(VENV)/bin/ruff check --output-format concise . || rc=1
	echo "-- ruff format --check ."
	$(VENV)/bin/ruff format --check --output-format concise . || rc=1
	# Templates' indentation (*.html only: djtxt would re-indent the email .txt
	# templates, and so the emails). To fix: $(VENV)/bin/djhtml templates
	echo "-- djhtml --check templates"
	$(VENV)/bin/djhtml --check templates || rc=1
	echo "-- lint-imports (the import direction, pyproject.toml's contracts)"
	$(VENV)/bin/lint-imports --no-cache --no-logo || rc=1
	exit $$rc

check: venv
	@rc=0
	echo "-- manage.py check ($(TEST_SETTINGS))"
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(PY) manage.py check || rc=1
	echo "-- manage.py makemigrations --check --dry-run"
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(PY) manage.py makemigrations --check --dry-run || rc=1
	echo "-- manage.py check --deploy --fail-level WARNING (tracker.settings.production)"
	# A throwaway, test-only key: 60 random URL-safe characters, new every run.
	secret=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(45))')
	DJANGO_SETTINGS_MODULE=tracker.settings.production \
	DJANGO_SECRET_KEY="$$secret" \
	DJANGO_ALLOWED_HOSTS=example.org \
	WAGTAILADMIN_BASE_URL=https://example.org \
	    $(PY) manage.py check --deploy --fail-level WARNING || rc=1
	exit $$rc

# Runs every stage even when an earlier one fails; exits non-zero if any failed.
test: venv
	@deps_env=$$(mktemp)
	trap 'rm -f "$$deps_env"' EXIT
	echo "== system packages"
	# Installs what is missing (root + apt); otherwise writes SKIP_* lines,
	# or fails under CI=true.
	bash scripts/ensure-system-deps.sh "$$deps_env"
	set -a; source "$$deps_env"; set +a
	failed=()
	stage() {
	    local name=$$1 started=$$SECONDS; shift
	    echo "== $$name"
	    if "$$@"; then :; else failed+=("$$name"); fi
	    echo "== $$name: $$((SECONDS - started)) s"
	}
	stage lint $(MAKE) --no-print-directory lint
	stage check $(MAKE) --no-print-directory check
	stage "pytest (SQLite)" \
	    env -u DATABASE_URL DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(PYTEST_SPLIT)
	if [[ $${SKIP_POSTGRES:-} == 1 ]]; then
	    echo "== pytest (PostgreSQL): SKIPPED, PostgreSQL is not installed (see above)"
	else
	    # One server; pytest-django gives each xdist worker its own test database.
	    stage "pytest (PostgreSQL)" \
	        bash scripts/with-postgres.sh env DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(PYTEST_SPLIT)
	fi
	if [[ $${SKIP_BROWSER:-} == 1 ]]; then
	    echo "NOTE: browser tests were skipped (SKIP_BROWSER=1)"
	fi
	if (( $${#failed[@]} )); then
	    echo "== FAILED: $$(IFS=,; echo "$${failed[*]}" | sed 's/,/, /g') ($$SECONDS s in all)"
	    exit 1
	fi
	echo "== all stages passed in $$SECONDS s"

# ------------------------------------------------------------------ misc

# Synthetic records in .bench/ (built once, reused until the builder or migrations change).
# The anonymous page cache is off: the benchmarks time the views, not cache hits.
bench: export PAGE_CACHE_ENABLED = false
bench: venv
	@$(PY) manage.py bench $(BENCH_ARGS)
	$(PY) manage.py bench_reports
	$(PY) manage.py bench_fieldwork
	$(PY) manage.py bench_import
	$(PY) manage.py bench_contracting
	$(PY) manage.py bench_scores
	$(PY) manage.py bench_peers_talk
	$(PY) manage.py bench_peers
	$(PY) manage.py bench_cases
	$(PY) manage.py bench_api

messages: venv
	$(PY) manage.py makemessages -l es --ignore=.venv --ignore=node_modules --ignore=tests --ignore=docs --ignore=scripts --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm \
	    media static_collected staticfiles *.egg-info .pytest_cache test-results
