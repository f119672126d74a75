# Regio Agenda — the commands a developer and CI need. `make demo` and `make test` first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
KERN := node_modules/@kern-ux/native/dist
VENDOR := regioagenda/static/vendor

# Local runs without DEBUG and without a SECRET_KEY (demo, benchmarks, messages) use a random key
# kept in var/secret_key; anywhere else the settings refuse to start without SECRET_KEY.
LOCAL_ENV := GENERATE_SECRET_KEY=true
# The demo runs like production (gunicorn, no DEBUG) but over plain HTTP on localhost,
# with MFA enforcement off so that every demo role can be tried without an authenticator app.
DEMO_ENV := $(LOCAL_ENV) SECURE_SSL_REDIRECT=false SECURE_COOKIES=false REQUIRE_STAFF_MFA=false \
            ACCOUNT_EMAIL_VERIFICATION=optional TASK_BACKEND=db

.PHONY: help setup venv python-deps npm-deps assets demo demo-data serve worker test test-fast \
        test-browser lint format messages bench bench-load clean

help:
	@echo "make demo   – install everything, load the demo region, serve on http://$(HOST):$(PORT)"
	@echo "make test   – run the whole test suite (DATABASE_URL selects the database)"
	@echo "make setup  – virtual environment, Python and npm dependencies, static assets"
	@echo "make lint   – ruff, import-linter (the layers) and mypy (services and queries)"
	@echo "make bench  – benchmarks in bench/ (make bench-load: the pages under load, docs/performance.md)"

setup: python-deps npm-deps assets

$(PY):
	$(PYTHON) -m venv $(VENV)

venv: $(PY)

# Installs exactly the locked versions (with hashes); re-running is cheap when nothing changed.
python-deps: $(PY)
	@if ! cmp -s requirements.lock $(VENV)/.installed.lock; then \
		$(PIP) install --quiet --upgrade pip && \
		$(PIP) install --quiet --require-hashes -r requirements.lock && \
		cp requirements.lock $(VENV)/.installed.lock; \
	fi

npm-deps:
	@if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.installed-lock.json; then \
		npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock.json; \
	fi

# Copy the design system from npm into static and bundle our editor script (regioagenda/assets/)
# with its npm packages; both land in the git-ignored vendor folder.
assets: npm-deps
	@rm -rf $(VENDOR) && mkdir -p $(VENDOR)/kern $(VENDOR)/editor
	@cp $(KERN)/kern.min.css $(VENDOR)/kern/
	@cp -r $(KERN)/fonts $(VENDOR)/kern/fonts
	@cp node_modules/@kern-ux/native/LICENSE.md $(VENDOR)/kern/LICENSE.md
	@node_modules/.bin/esbuild regioagenda/assets/editor.js --bundle --minify --format=iife \
		--target=es2020 --legal-comments=eof --log-level=warning --outfile=$(VENDOR)/editor/editor.js \
		--metafile=$(VENDOR)/editor/meta.json
	@node regioagenda/assets/licenses.mjs $(VENDOR)/editor/meta.json $(VENDOR)/editor/LICENSES.txt
	@rm $(VENDOR)/editor/meta.json

demo: setup
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py createcachetable
	$(DEMO_ENV) $(PY) manage.py load_framework
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(DEMO_ENV) $(PY) manage.py load_demo
	@echo "Starting the task worker and the web server on http://$(HOST):$(PORT) (Ctrl+C stops both)"
	@# The worker is restarted whenever it exits (after a pause); stopping the loop stops it too.
	@( trap 'kill $$CHILD 2>/dev/null; exit 0' TERM; \
	   while :; do \
	     $(DEMO_ENV) $(PY) manage.py worker & CHILD=$$!; wait $$CHILD; \
	     echo "Task worker exited (status $$?); restarting in 3 s."; sleep 3; \
	   done ) & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(DEMO_ENV) $(VENV)/bin/gunicorn regioagenda.wsgi --bind $(HOST):$(PORT) --workers 2 \
		--access-logfile - --graceful-timeout 5

test: setup
	$(VENV)/bin/pytest

test-fast: python-deps
	$(VENV)/bin/pytest -m "not browser" -x -q

lint: python-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	GENERATE_SECRET_KEY=true $(VENV)/bin/mypy

format: python-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract German source strings; English translations live in regioagenda/locale/en.
messages: python-deps
	cd regioagenda && $(LOCAL_ENV) ../$(PY) ../manage.py makemessages -l en --no-obsolete --ignore "static/*"
	cd regioagenda && $(LOCAL_ENV) ../$(PY) ../manage.py compilemessages -l en

bench: setup bench-load
	$(LOCAL_ENV) $(PY) bench/run.py
	$(LOCAL_ENV) $(PY) bench/matrix_consensus.py
	$(LOCAL_ENV) $(PY) bench/matrix_pages.py
	$(LOCAL_ENV) $(PY) bench/actors_network.py
	$(LOCAL_ENV) $(PY) bench/analyze_pdf.py
	$(LOCAL_ENV) $(PY) bench/eval_classifier.py

# The load benchmark (docs/performance.md): gunicorn against PostgreSQL on loopback, driven by
# wrk, which is installed from Debian when missing (like CI installs chromium). Never in `make test`.
bench-load: setup
	@command -v wrk >/dev/null 2>&1 || { echo "== apt-get install wrk"; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
	$(LOCAL_ENV) $(PY) bench/load.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles .pytest_cache
