# vroegsignaal: two commands do everything on a fresh machine with Python 3.11.
#   make run   simulate a municipality if there is no data, run the whole pipeline, serve the board
#   make test  the whole test suite: lint, type check, unit, integration and browser tests
#
# Both create the virtual environment and install what is needed first; when nothing changed that
# step is a quick no-op (a stamp file remembers the hash of pyproject.toml and constraints.txt).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV ?= .venv
DATA ?= $(or $(VROEGSIGNAAL_DATA),data)
PORT ?= 5006
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMPS := .make-stamps
DEPS_HASH := $(shell cat pyproject.toml constraints.txt 2>/dev/null | sha256sum | cut -c1-16)
PY_STAMP := $(STAMPS)/python-$(DEPS_HASH)
# Debian packages the tests need: a real Chromium for the browser tests, a PostgreSQL server for
# the casework store's second backend, and fonts so pages render as users see them.
APT_PACKAGES := chromium postgresql fonts-dejavu-core

.PHONY: help run test lint typecheck unit install system-deps clean-data

help:
	@echo "make run    simulate (if no data), run the pipeline and serve the case board"
	@echo "make test   lint, type check and the whole test suite (incl. browser tests)"

$(PY):
	@$(PYTHON) -c "import sys; assert sys.version_info[:2] == (3, 11)" || { echo "Python 3.11 is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(PY_STAMP): | $(PY)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet $(if $(wildcard constraints.txt),-c constraints.txt) -e '.[dev]'
	@mkdir -p $(STAMPS) && rm -f $(STAMPS)/python-* && touch $@

install: $(PY_STAMP)

# Installs the Debian packages when one is missing (needs root, as in CI); a no-op otherwise.
system-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get -o DPkg::Lock::Timeout=600 update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$missing. Install them with: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

lint: $(PY_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(PY_STAMP)
	$(BIN)/mypy signals pipelines models casework fairness dashboards

unit: $(PY_STAMP) system-deps
	$(BIN)/pytest

test: lint typecheck unit

# simulate if there is no data, run the pipeline, promote the model when its fairness gate
# allows, take in the case proposals, then serve the board and print the demo accounts.
run: $(PY_STAMP)
	$(BIN)/vroegsignaal demo --data "$(DATA)"
	$(BIN)/vroegsignaal serve --data "$(DATA)" --port $(PORT) --demo

clean-data:
	rm -rf "$(DATA)"
