# The two commands of the README: `make build` and `make test`.
# Both install what is missing first: Debian packages (fonts, HarfBuzz's
# subsetter, gettext, poppler) through apt-get, and the Python environment
# in .venv through pip.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := fonts-noto-core fonts-noto-cjk libharfbuzz-subset0 gettext poppler-utils chromium shellcheck

.PHONY: build test test-grown matrix pdfjs setup system-packages cldr-data benchmark clean

build: setup
	$(BIN)/publisher build

test: setup
	$(BIN)/ruff check publisher tests benchmarks patches
	$(BIN)/python -m pytest -q

# `make test` runs, in a copy of the repository with one more document, locale
# and template override, the tests that read the shipped sample
# (tests/test_suite_on_a_grown_project.py).  This runs the whole suite there
# (minutes); `PUBLISHER_TEST_GROWN="tests/test_x.py" make test-grown` chooses.
test-grown: setup
	PUBLISHER_TEST_GROWN=$${PUBLISHER_TEST_GROWN:-1} $(BIN)/python -m pytest -q tests/test_suite_on_a_grown_project.py

# The script matrix whole: every CLDR locale the installed fonts draw, one
# cell per script and convention (tests/scripts_matrix.py; minutes). `make
# test` runs a few of its cells.
matrix: setup
	-command -v npm >/dev/null && $(MAKE) pdfjs
	PUBLISHER_MATRIX=all $(BIN)/python -m pytest -q tests/test_scripts_matrix.py

# pdf.js (npm pdfjs-dist), the third text extractor the matrix reports.
PDFJS_VERSION := 6.5.438
pdfjs:
	mkdir -p benchmarks/.cache/pdfjs
	npm install --prefix benchmarks/.cache/pdfjs --no-audit --no-fund --silent pdfjs-dist@$(PDFJS_VERSION)

benchmark: setup
	$(BIN)/python benchmarks/run.py

setup: system-packages $(STAMP) cldr-data

# The CLDR JSON releases publisher/core/cldr/generate.py makes its tables from
# (npm; tests/test_cldr_tables.py checks the tables against them).
cldr-data: $(STAMP)
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends nodejs npm; }
	$(BIN)/python -m publisher.core.cldr.generate fetch .cache/cldr

system-packages:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

clean:
	rm -rf dist .pytest_cache
