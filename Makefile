# Two commands do everything on a fresh machine with Python 3.11:
#   make demo   set up, crawl the bundled mirror, serve Datasette on http://127.0.0.1:8001
#   make test   set up and run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DB ?= data/archive.db
PORT ?= 8001

.PHONY: setup demo crawl serve test bench clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	# The system pip (23.2) cannot resolve lxml[html-clean]; a current pip can.
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(INSTALLED)

setup: $(INSTALLED)

crawl: setup
	$(BIN)/archive crawl --mirror --db $(DB)

serve: setup
	$(BIN)/archive serve --db $(DB) --port $(PORT)

demo: crawl serve

# The browser test needs Debian's Chromium: CI must install it; elsewhere, without root, the
# browser test is skipped and says why.
# The replay test needs pywb in .venv-replay (.ci/install-replay): the same holds.
test: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	bash .ci/install-browser || [ "$$CI" != "true" ]
	bash .ci/install-replay || [ "$$CI" != "true" ]
	$(BIN)/python -m pytest

# Speed and scale figures (docs/performance.md): about 20 minutes on 2 cores. Not part of the
# tests. The million-page Datasette bench is separate: bench/datasette_scale.py.
bench: setup
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python bench/extraction_throughput.py
	$(BIN)/python bench/storage_throughput.py
	$(BIN)/python bench/crawl_throughput.py --rounds 3
	$(BIN)/python bench/memory.py
	$(BIN)/python bench/document_extraction.py
	$(BIN)/python bench/revisit_simulation.py

clean:
	rm -rf $(VENV) .venv-replay data .pytest_cache
