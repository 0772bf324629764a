# Regio: `make run` starts the product with demo data on http://127.0.0.1:8000; `make test` runs all checks.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format-templates check-python install lock clean screenshots

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Regio needs Python 3.11 (found %s)" % sys.version.split()[0])'
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "Python's venv module is missing: on Debian run 'apt-get install python3.11-venv'."; exit 1; }

$(STAMP): requirements/dev.lock pyproject.toml | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.lock
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	mkdir -p var
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py demo_laden
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings_test
	$(BIN)/djlint templates --check
	$(BIN)/djlint templates --lint

# Format the templates as `make lint` wants them ([tool.djlint] in pyproject.toml: one tag per line, 120 columns).
# Twice: djlint settles some nested tags only on a second pass. The translatable texts stay as they are.
format-templates: $(STAMP)
	$(BIN)/djlint templates --reformat --quiet || true
	$(BIN)/djlint templates --reformat --quiet || true

# In parallel: one pytest-xdist worker per core, at most four (each has its own test database, var folder and Redis
# database: config/settings_test.py). worksteal: a worker that runs out takes tests from the other, so the slow
# journeys and fault tests at the end do not leave one core idle.
test: lint
	$(BIN)/pytest -n auto --maxprocesses 4 --dist worksteal

lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements/dev.lock
	$(BIN)/uv pip compile pyproject.toml -o requirements/prod.lock

clean:
	rm -rf $(VENV) var/test
