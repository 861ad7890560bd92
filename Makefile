# redline — every target sets up what it needs; `make demo` and `make test` are all a user needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BASE   := $(VENV)/.installed-base
STAMP  := $(VENV)/.installed
LOWEST := .venv-lowest
CHROMIUM := /usr/bin/chromium

.PHONY: help setup demo test lint test-lowest fuzz golden eval bench bench-smoke browser clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

# Two stamps in one .venv: redline alone (what `make demo` needs), then the test tools on top.
$(BASE): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(BASE)

$(STAMP): $(BASE)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install redline with its test dependencies

# The lowest versions pyproject.toml declares for redline's own dependencies (tools/lowest.py),
# in a venv of their own; the test tools are the newest that fit.
$(LOWEST)/.installed: pyproject.toml tools/lowest.py
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/pip install --quiet --upgrade pip
	$(PYTHON) -m tools.lowest > $(LOWEST)/constraints.txt
	$(LOWEST)/bin/pip install --quiet -c $(LOWEST)/constraints.txt -e '.[test]'
	touch $@

browser:  ## install Debian's chromium for the browser tests when it is missing
	@test -x $(CHROMIUM) || { echo "installing chromium (Debian package)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
	  || { echo "could not install chromium: run as root, or install Debian's chromium package"; exit 1; }; }

demo: $(BASE)  ## compare the sample pairs and print their redlines (writes out/demo/); installs redline alone
	$(BIN)/redline demo

lint: setup  ## ruff, and mypy (strict on the public API); make test runs both first
	$(BIN)/ruff check .
	$(BIN)/mypy

test: setup browser lint  ## ruff and mypy, then every test (unit, property, golden, CLI, browser)
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Not the browser tests (the report's scripts do not depend on these versions), nor the check that
# docs/cli.md is current: an older Typer words its help otherwise (docs/cli.md is made with the newest).
test-lowest: $(LOWEST)/.installed  ## every test but the browser's, on the lowest dependency versions pyproject.toml declares
	$(LOWEST)/bin/python -m tools.lowest --check
	$(LOWEST)/bin/python -m pytest -q -p no:cacheprovider -m "not browser" \
	  --deselect tests/test_cli_doc.py::test_docs_cli_md_is_what_the_program_says

fuzz: setup  ## the fuzzer at length: 20 000 hostile inputs through the library and the CLI (tests/test_fuzz.py)
	REDLINE_FUZZ=long $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py --hypothesis-show-statistics

golden: setup  ## regenerate the golden files in tests/golden/ after an intended change
	$(BIN)/python -m tests.golden_update

eval: setup  ## accuracy on the labelled sample pairs, against a difflib word diff
	$(BIN)/python -m tests.evaluate

bench: setup  ## time redline (whole commands and in-process) against git word-diff, dwdiff, wdiff, difflib, diff-match-patch, CollateX and redlines; record the run; the pairing index
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@for p in dwdiff wdiff; do command -v $$p >/dev/null || { echo "installing $$p (Debian package)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$p) >/dev/null \
	  || echo "could not install $$p: run as root, or install Debian's $$p package (its rows will say missing)"; }; done
	mkdir -p out && $(BIN)/python -m bench.run --json out/bench.json --record
	$(BIN)/python -m bench.corpus --discover --jobs 2

bench-smoke: setup  ## the benchmark in seconds (redline and difflib on tiny inputs)
	$(BIN)/python -m bench.run --smoke

clean:  ## remove the virtual environment and generated output
	rm -rf $(VENV) $(LOWEST) out .pytest_cache .mypy_cache .ruff_cache
