# Two commands set everything up on a fresh machine with Python >= 3.11:
#   make demo   create .venv, install whimbrel and its spaCy model, ingest the bundled sample corpus
#   make test   install the dev dependencies and run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= demo.duckdb
SAMPLE := src/whimbrel/data/sample

.PHONY: install dev browser demo test test-fast bench clean

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
	$(BIN)/whimbrel events --merged --db $(DB) --limit 10
	$(BIN)/whimbrel disputes --db $(DB) --kind how

# headless Chromium and its driver for the page tests (Debian packages; needs root or sudo)
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium chromium-driver >/dev/null; }

test: dev browser
	$(BIN)/python -m pytest -q

test-fast: dev
	$(BIN)/python -m pytest -q -m "not integration"

# benchmarks: figures printed from one run (see benchmarks/README.md); BENCH_ARGS=--small is quick
bench: install
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(DB) $(DB).wal build *.egg-info src/*.egg-info
