# The two commands of the README: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint services

# Every version comes from constraints.txt (scripts/lock refreshes it); PIP_CONSTRAINT reaches
# pip's isolated build environment too. `pip check` refuses a set that does not fit together.
LOCK := $(CURDIR)/constraints.txt

$(STAMP): pyproject.toml constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	PIP_CONSTRAINT=$(LOCK) $(BIN)/pip install -q pip setuptools wheel
	PIP_CONSTRAINT=$(LOCK) $(BIN)/pip install -q -e '.[test]'
	$(BIN)/pip check
	touch $(STAMP)

## run: the embedded product (SQLite, one process, demo data); prints the URLs
run: $(STAMP)
	$(BIN)/kefu serve --host 127.0.0.1 --port $${PORT:-5000}

## test: the whole suite (JS units, unit, socket, integration on SQLite/PostgreSQL/MariaDB,
## workers, browser, bench smoke). The in-process suites run on both cores (pytest-xdist);
## the ones that start servers run one at a time in two streams side by side (most of their
## time is spent waiting on servers, browsers and timed faults). Last, the image
## and the compose stack built and run with podman (tests/container, docs/deploy.md).
test: $(STAMP) services
	./scripts/ensure-chromium
	./scripts/ensure-nginx
	$(BIN)/ruff check .
	node --test tests/js/
	$(BIN)/pytest -q -n 2 --durations=10 tests/unit tests/sockets tests/contract
	./scripts/run-side-by-side \
	  "$(BIN)/pytest -q -p no:cacheprovider --durations=10 tests/integration tests/e2e" \
	  "$(BIN)/pytest -q -p no:cacheprovider --durations=10 tests/workers tests/faults tests/bench"
	./scripts/ensure-podman
	$(BIN)/pytest -q --durations=5 tests/container

## bench: the full benchmark beside the Node reference (~65 min); writes docs/performance.md
bench: $(STAMP) services
	$(BIN)/python -m bench --publish

services:
	-./scripts/services-up

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
