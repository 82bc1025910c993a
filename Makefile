# The two commands of the README: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint services

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

## bench: the full benchmark beside the Node reference (~65 min); writes docs/performance.md
bench: $(STAMP) services
	$(BIN)/python -m bench --publish

services:
	-./scripts/services-up

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
