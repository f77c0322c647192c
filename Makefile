# Two commands on a fresh machine: `make run` (the app with demo data) and `make test` (every test).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Use DATABASE_URL when it is set; otherwise the project-local cluster of .ci/postgres.sh.
ifeq ($(strip $(DATABASE_URL)),)
LOCAL_DB := 1
export DATABASE_URL := $(shell .ci/postgres.sh url)
endif

.PHONY: run test screenshots stop db venv chromium migrate demo lint format check-deploy bench clean messages

run: venv db migrate demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop; 'make stop' stops PostgreSQL)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Every test, one worker per core (pytest-xdist), handed out one at a time, the longest first (tests/conftest.py);
# `make test PYTEST_ARGS="tests/core -q"` runs a part.
PYTEST_ARGS ?= -n auto --maxschedchunk 1
test: venv db chromium
	$(PY) -m pytest $(PYTEST_ARGS)

# The browser tests again, saving their screenshots (desktop and 375 px, 標準 and 特大) in test-artifacts/ for people to
# look at; `make test` skips taking them (tests/browser/fixtures.py).
screenshots: venv db chromium
	SCREENSHOTS=1 $(PY) -m pytest $(PYTEST_ARGS) tests/browser

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

db:
ifeq ($(LOCAL_DB),1)
	.ci/postgres.sh start
endif

stop:
	.ci/postgres.sh stop

chromium:
	@.ci/chromium.sh

migrate: venv db
	DEBUG=1 $(PY) manage.py migrate --no-input

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-deploy: venv db
	DEBUG=0 SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | base64) ALLOWED_HOSTS=example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

# The load benchmark (bench/run.sh): the ten-year dataset in its own database, gunicorn, wrk; see docs/benchmarks.md.
bench: venv db
	bench/run.sh

clean:
	rm -rf $(VENV) staticfiles

# The English catalogue: collect the strings, fill them from locale/en_*.py, compile the .mo (polib, no msgfmt).
messages: venv
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=tests --ignore=test-artifacts \
	  --ignore=media --ignore=staticfiles --ignore=locale --ignore=var
	$(PY) locale/apply.py
# Backups (README: バックアップと復元): `make backup` writes var/backups/nvc-<date>.dump (pg_dump custom format);
# `make restore DUMP=var/backups/nvc-….dump INTO=nvc_restored` restores into a new database.
.PHONY: backup restore
backup: venv db
	$(PY) manage.py backup $(if $(OUT),--output $(OUT))

restore: venv db
	$(PY) manage.py restore $(DUMP) --into $(INTO)
