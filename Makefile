# Liaison Portal: `make run` brings up the demo portal, `make test` runs every test.
# Nothing needs to be configured: with no environment variables the portal runs embedded
# (SQLite, Celery tasks executed in-process). See README.md for the production shape.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Reinstall only when a requirements file changes.
STAMP := $(VENV)/.requirements-installed
HOST ?= 0.0.0.0
PORT ?= 8000
PYTEST_ARGS ?=
BENCH_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv run test lint bench-seed bench-submit bench-spreadsheets messages worker beat clean

help:
	@echo "make run         create .venv, migrate, load demo data, serve on http://127.0.0.1:$(PORT)/"
	@echo "make test        create .venv if missing, run all tests (tests/, browser tests included)"
	@echo "make lint        ruff check + makemigrations --check"
	@echo "make bench-seed  run bench/seed.py (BENCH_ARGS='...' passes options)"
	@echo "make bench-submit run bench/submit.py: reports/s and latency through gunicorn on PostgreSQL (BENCH_ARGS)"
	@echo "make bench-spreadsheets run bench/spreadsheets.py: roster import and assessment export at province scale (BENCH_ARGS)"
	@echo "make messages    makemessages -l zh_Hans + compilemessages; fails on an empty or fuzzy translation"
	@echo "make worker      celery worker (production shape: needs CELERY_BROKER_URL)"
	@echo "make beat        celery beat (production shape: needs CELERY_BROKER_URL)"
	@echo "make clean       remove .venv, caches, collected static files and test artifacts"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "Python 3.11 or newer is needed: run 'make PYTHON=python3.11 ...'" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(MANAGE) migrate --noinput
	@# Compile only translations whose .po is newer than its .mo (compiled .mo files are committed).
	@stale=$$(for po in locale/*/LC_MESSAGES/*.po; do [ -f "$$po" ] || continue; mo=$${po%.po}.mo; \
		if [ ! -f "$$mo" ] || [ "$$po" -nt "$$mo" ]; then echo "$$po"; fi; done); \
	if [ -z "$$stale" ]; then \
		echo "translations: compiled .mo files are up to date"; \
	elif command -v msgfmt >/dev/null 2>&1; then \
		echo "$(MANAGE) compilemessages"; \
		$(MANAGE) compilemessages --ignore=.venv --ignore=staticfiles --ignore=node_modules; \
	else \
		echo "msgfmt not found (Debian package gettext): using the committed .mo files"; \
	fi
	$(MANAGE) seed_demo
	@echo ""
	@echo "Liaison Portal: open http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(MANAGE) makemigrations --check --dry-run

bench-seed: $(STAMP)
	$(BIN)/python bench/seed.py $(BENCH_ARGS)

bench-submit: $(STAMP)
	$(BIN)/python bench/submit.py $(BENCH_ARGS)

bench-spreadsheets: $(STAMP)
	$(BIN)/python bench/spreadsheets.py $(BENCH_ARGS)

messages: $(STAMP)
	@mkdir -p locale
	@# File names without line numbers: a code change elsewhere in a file does not rewrite the .po.
	$(MANAGE) makemessages -l zh_Hans --add-location=file --ignore=.venv --ignore=staticfiles --ignore=node_modules
	$(MANAGE) compilemessages --ignore=.venv --ignore=staticfiles --ignore=node_modules
	@# The .po files are the translations: a new or changed string (empty or fuzzy) fails the target until its
	@# Chinese wording is written in the .po (Poedit, Weblate or an editor) and the fuzzy flag is removed.
	@status=0; for po in locale/*/LC_MESSAGES/*.po; do \
		stats=$$(LC_ALL=C msgfmt --statistics -o /dev/null "$$po" 2>&1); echo "$$po: $$stats"; \
		case "$$stats" in *fuzzy*|*untranslated*) status=1; \
			for which in --only-fuzzy --untranslated; do msgattrib $$which --no-obsolete "$$po" | sed "1,/^$$/d"; done;; esac; \
	done; exit $$status

worker: $(STAMP)
	$(BIN)/celery -A liaison_portal worker --loglevel=INFO

beat: $(STAMP)
	$(BIN)/celery -A liaison_portal beat --loglevel=INFO --schedule=$(CURDIR)/.celerybeat-schedule

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache .celerybeat-schedule*
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
