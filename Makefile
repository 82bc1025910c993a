# The two commands of the README: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint services

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

## run: the embedded product (SQLite, one process, demo data); prints the URLs
run: $(STAMP)
	$(BIN)/kefu serve --host 127.0.0.1 --port $${PORT:-5000}

## test: the whole suite (unit, socket, integration on SQLite/PostgreSQL/MariaDB, browser)
test: $(STAMP) services
	./scripts/ensure-chromium
	./scripts/ensure-nginx
	$(BIN)/ruff check .
	$(BIN)/pytest -q

services:
	-./scripts/services-up

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
