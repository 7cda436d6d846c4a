# Run `make help` for the list of targets. Every target installs what it needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PELICAN := $(PY) -m pelican
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PORT ?= 8000
# Pelican's content cache for `make devserver`: it reads only changed files,
# and still writes every page.
CACHEDIR := cache

.DEFAULT_GOAL := help
.PHONY: help html publish serve devserver clean test lint github epub dist archive bench lighthouse screenshots

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV)/.build-installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.build-installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

html: $(VENV)/.build-installed ## Build the site for local viewing into output/
	$(PY) scripts/build_site.py --settings $(CONFFILE) --output $(OUTPUTDIR)

publish: $(VENV)/.build-installed ## Build the site for its published address (SITEURL, else the GitHub remote's)
	$(PY) scripts/build_site.py --settings $(PUBLISHCONF) --output $(OUTPUTDIR) --publish

serve: $(VENV)/.build-installed ## Serve output/ on http://localhost:$(PORT)
	$(PELICAN) --listen --output $(OUTPUTDIR) --port $(PORT)

devserver: $(VENV)/.build-installed ## Rebuild on every change and serve on http://localhost:$(PORT)
	$(PELICAN) --autoreload --listen $(INPUTDIR) --output $(OUTPUTDIR) --settings $(CONFFILE) --port $(PORT) \
		--extra-settings CACHE_CONTENT=true LOAD_CONTENT_CACHE=true 'CACHE_PATH="$(CACHEDIR)"'

clean: ## Remove output/ and every generated file
	rm -rf $(OUTPUTDIR) .$(OUTPUTDIR).building .$(OUTPUTDIR).previous $(CACHEDIR) dist __pycache__ .pytest_cache

test: $(VENV)/.dev-installed node_modules/.installed ## Run every test (installs what the tests need)
	bash scripts/ensure_system_packages.sh
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

github: publish ## Publish output/ to the gh-pages branch with ghp-import (then push it)
	$(PY) -m ghp_import --no-jekyll $(if $(CNAME),--cname $(CNAME)) --force --message "Publish site" --branch gh-pages $(OUTPUTDIR)
	@echo "gh-pages updated; publish it with: git push origin gh-pages"

epub: publish ## Copy each article's EPUB book into dist/ (dist/SLUG.epub)
	$(PY) scripts/make_epub.py --site $(OUTPUTDIR) --output dist

dist: epub ## Zip the built site for offline reading: dist/aleppo-dispatch-archive-offline.zip
	$(PY) scripts/make_offline_zip.py --site $(OUTPUTDIR) --output dist

archive: epub ## Write dist/: one-file article, WACZ web archive, BagIt zip, SHA256SUMS
	$(PY) scripts/make_archive.py --site $(OUTPUTDIR) --output dist

bench: $(VENV)/.dev-installed ## Time builds at 1, 100 and 1,000 articles (BENCH_ARGS=--with-5000) into BENCHMARKS.md
	$(PY) benchmarks/bench.py $(BENCH_ARGS)

lighthouse: $(VENV)/.dev-installed node_modules/.installed ## Print Lighthouse scores, mobile and desktop, article and home
	bash scripts/ensure_system_packages.sh
	$(PY) scripts/lighthouse_report.py

screenshots: $(VENV)/.dev-installed ## Render docs/screenshots/ in Chromium (390 px, 1280 px, light, dark, print PDF)
	bash scripts/ensure_system_packages.sh
	$(PY) scripts/screenshots.py
