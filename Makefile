# dxtrack: the two commands of the quickstart are `make demo` and `make test`.
# Everything they need is installed from here (Python packages into .venv, Chromium for the
# browser tests from Debian/Ubuntu packages); nothing has to be installed by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
STAMP  := $(VENV)/.installed
VENDOR := static/vendor/chart.umd.min.js
# Two workers (pytest-xdist): the suite runs on both cores; each worker has its own test database
# and its own demo server for the browser tests.
PYTEST_ARGS ?= -n 2

.PHONY: demo test install browser pdf-tools check-python clean lint bench

demo: $(STAMP) $(VENDOR) pdf-tools
	DXTRACK_DEMO=1 $(BIN)/dxtrack demo

test: $(STAMP) $(VENDOR) browser pdf-tools
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(STAMP) $(VENDOR)

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "dxtrack cần Python 3.11 trở lên (dxtrack needs Python 3.11+)"; exit 1; }

$(STAMP): pyproject.toml requirements.lock | check-python
	@if [ ! -x $(BIN)/python ]; then \
	  rm -rf $(VENV); \
	  $(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	    echo "Cài python3-venv (installing python3-venv)…"; rm -rf $(VENV); \
	    $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && \
	    $(PYTHON) -m venv $(VENV); }; \
	fi
	$(BIN)/pip install -q --disable-pip-version-check -c requirements.lock -e '.[test,lint]'
	@touch $(STAMP)

# Front-end libraries come from the npm registry (package-lock.json) into static/vendor/;
# nothing is loaded from a CDN, so pages work on a government network with no internet.
$(VENDOR): package.json package-lock.json scripts/vendor_static.sh
	@command -v npm >/dev/null 2>&1 || { echo "Cài Node.js và npm (installing npm)…"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq npm; }
	sh scripts/vendor_static.sh

# Browser tests drive Debian's Chromium through Playwright (Playwright may not download browsers).
browser:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || { \
	  echo "Cài Chromium cho kiểm thử trình duyệt (installing chromium)…"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core; }
	@[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || \
	  $(SUDO) apt-get install -y -qq fonts-dejavu-core

# The reports' PDF is LibreOffice converting the DOCX (docs/decisions.md), with Liberation Serif 2
# (metric-compatible with Times New Roman, Vietnamese included); pdftoppm renders PDF pages for the
# browser tests. From Debian packages, installed only when missing.
# python3-uno: the resident PDF converter (dxtrack/outputs/pdf_server.py) runs under /usr/bin/python3.
pdf-tools:
	@command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && \
	  [ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] && \
	  /usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || { \
	  echo "Cài LibreOffice, phông Liberation và poppler để tạo PDF (installing LibreOffice)…"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer-nogui fonts-liberation2 poppler-utils python3-uno; }

# Lint, format, types and layers; .ci/run runs it before the tests and fails on any finding.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

bench: $(STAMP)
	$(BIN)/python bench/import_bench.py

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .hypothesis node_modules static/vendor
