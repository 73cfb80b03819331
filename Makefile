# mainstream — see README.md. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
# mypy checks the rules and the services (modules or packages) and the engine
TYPED  := $(filter-out mainstream/plan/%,$(wildcard mainstream/*/rules.py mainstream/*/rules mainstream/*/services.py \
            mainstream/*/services)) mainstream/evaluation/engine.py mainstream/plan

.PHONY: demo test test-pg lint format typecheck bench loadtest install system-deps setup clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests and documents need: chromium (browser tests), a CJK font (PDF),
# LibreOffice (ODT → PDF), poppler (PDF text), PostgreSQL (test-pg). Installed only when missing.
system-deps:
	@scripts/system-deps

setup: install
	$(BIN)/mainstream setup

demo: install system-deps
	$(BIN)/mainstream setup --demo
	$(BIN)/mainstream demo-logins
	export MAINSTREAM_AS_OF=$${MAINSTREAM_AS_OF:-111/10/31}; \
	$(BIN)/mainstream worker --verbosity 0 & WORKER=$$!; trap "kill $$WORKER" EXIT INT TERM; \
	$(BIN)/mainstream runserver --noreload $(HOST):$(PORT)

test: install system-deps
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

# The same suite against a real PostgreSQL server started on 127.0.0.1 (scripts/pg).
test-pg: install system-deps
	scripts/pg start
	MAINSTREAM_DATABASE_URL=$$(scripts/pg url) $(BIN)/python -m pytest -n 2 -p no:cacheprovider -m "not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(TYPED)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m mainstream.bench

# `mainstream serve` over a year of 1,000,000 training rows, 50 concurrent clients (wrk): requests/s, p95, ratios.
loadtest: install system-deps
	$(BIN)/python -m mainstream.ops.loadtest

clean:
	rm -rf $(VENV) var/
