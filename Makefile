# The two set-up commands: `make run` and `make test`. Each installs what it needs first.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DATABASE_URL ?= postgres://socialjustice:socialjustice@127.0.0.1:5432/socialjustice

.PHONY: install services run test lint format bench clean

$(BIN)/.installed: pyproject.toml
	PYTHON=$(PYTHON) bash .ci/services --tools
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	PYTHON=$(PYTHON) bash .ci/services --tools
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/.installed node_modules/.installed

services:
	PYTHON=$(PYTHON) bash .ci/services

run: install services
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "The portal is at http://127.0.0.1:$(PORT)/ (Ctrl-C stops the web app, worker and beat)."
	@echo "With the default EMAIL_URL (consolemail://) emails are printed here, links and codes too."
	PORT=$(PORT) PORTAL_URL=$${PORTAL_URL:-http://127.0.0.1:$(PORT)} $(BIN)/honcho start

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install
	PYTHON=$(PYTHON) bash .ci/services --browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	PYTHON=$(PYTHON) bash .ci/services --bench
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles
