# Two commands set everything up on a fresh machine with Python >= 3.11:
#   make demo   create .venv, install whimbrel and its spaCy model, ingest the bundled sample corpus
#   make test   install the dev dependencies and run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= demo.duckdb
SAMPLE := src/whimbrel/data/sample

.PHONY: install dev demo test test-fast bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

demo: install
	$(BIN)/whimbrel ingest $(SAMPLE) --db $(DB)
	$(BIN)/whimbrel articles --db $(DB) --limit 12
	$(BIN)/whimbrel events --db $(DB) --type ASSAULT --limit 10

test: dev
	$(BIN)/python -m pytest -q

test-fast: dev
	$(BIN)/python -m pytest -q -m "not integration"

clean:
	rm -rf $(VENV) $(DB) $(DB).wal build *.egg-info src/*.egg-info
