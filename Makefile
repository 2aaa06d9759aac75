# Seoul BioHub Open Innovation. `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-clock lint format worker beat messages bench migrate clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Fresh machine -> working app on embedded defaults (SQLite, eager tasks, console email).
run: $(STAMP)
	DJANGO_DEBUG=1 STAFF_REQUIRE_MFA=0 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 STAFF_REQUIRE_MFA=0 $(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:8000  (admin: http://127.0.0.1:8000/admin/)"
	DJANGO_DEBUG=1 STAFF_REQUIRE_MFA=0 $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite. Without DATABASE_URL/REDIS_URL the postgres/redis/browser tests are
# skipped with the reason; with REQUIRE_SERVICES=1 (as .ci/run sets) a skip is a failure.
test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite again with this process's clock moved (and ticking) to instants where a test that
# hangs on the hour or the day fails (BIOHUB_TEST_NOW, tests/conftest.py):
#  - 23:30 in Seoul (14:30 UTC) on Munich's autumn DST day: "a week ahead" is New York's DST
#    day and the next month, and anything put at now + N days in Seoul crosses midnight;
#  - 10:30 in New York on its autumn DST day, already 00:30 on Monday in Seoul: the date in
#    Seoul is not the date in UTC or in New York.
# More instants: make test-clock CLOCK_INSTANTS="2027-03-28T08:30:00+09:00 ...".
# Cost and limits: on SQLite, without the browser/postgres/redis tests, because Chromium, the
# Celery worker and gunicorn keep the real clock (the database's clock is never asked for the
# time, so nothing else is lost). About 4 minutes a run, one after the other: CI has 2 cores.
CLOCK_INSTANTS ?= 2026-10-25T23:30:00+09:00 2026-11-01T10:30:00-05:00
test-clock: $(STAMP)
	@set -e; for instant in $(CLOCK_INSTANTS); do \
	  echo "== the suite at $$instant"; \
	  env -u DATABASE_URL -u REDIS_URL -u REQUIRE_SERVICES BIOHUB_TEST_NOW=$$instant \
	    $(PY) -m pytest -q -m "not browser and not postgres and not redis"; \
	done

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrate: $(STAMP)
	$(PY) manage.py migrate --no-input

# Local worker and beat for `make run` with REDIS_URL set (production runs celery directly).
worker: $(STAMP)
	DJANGO_DEBUG=1 $(VENV)/bin/celery -A config worker --loglevel=INFO

beat: $(STAMP)
	DJANGO_DEBUG=1 $(VENV)/bin/celery -A config beat --loglevel=INFO --schedule=/tmp/biohub-celerybeat-schedule

# Regenerate the Korean and English catalogues from the code and compile them. English is the
# source language: its catalogue is refilled from the msgids; Korean entries new or changed
# since the last run are left to translate (tests/test_translations.py fails until they are).
EN_PO := locale/en/LC_MESSAGES/django.po
messages: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py makemessages --locale ko --locale en --no-obsolete \
	  --ignore .venv --ignore staticfiles --ignore tests --ignore media
	msgfilter --keep-header -i $(EN_PO) -o $(EN_PO).tmp sed -e d
	msgen $(EN_PO).tmp -o $(EN_PO).tmp
	msgattrib --clear-fuzzy --clear-previous $(EN_PO).tmp -o $(EN_PO)
	rm -f $(EN_PO).tmp
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --locale ko --locale en --ignore .venv

# Load, scale and query-count figures against their targets (PostgreSQL, Redis, wrk, gunicorn;
# its own database). BENCH_QUICK=1 for a smoke run on a hundredth of the data.
bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
