# Run `make help` for the list of targets. Every target installs what it needs.
PYTHON ?= python3
# The Python versions the project supports and tests (pyproject.toml's requires-python).
PYTHON_VERSIONS := 3.11 3.12 3.13
VENV := .venv
PY := $(VENV)/bin/python
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PORT ?= 8000
# Python keeps its bytecode cache, as on a usual machine, even where the
# environment turns it off: every build and test process imports Pelican again.
unexport PYTHONDONTWRITEBYTECODE
# Named in errors, so they say which command to run again.
COMMAND := make $(MAKECMDGOALS)

.DEFAULT_GOAL := help
.PHONY: help html publish serve devserver clean distclean test lint github epub dist archive verify bench lighthouse screenshots add

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST) | sed 's/$$(PORT)/$(PORT)/g' 

# Python dependencies: one lock per job in requirements/ (README.md, "Dependencies").
LOCKS := requirements
LOCK_JOBS := build archive add dev
PIP := $(PY) -m pip --disable-pip-version-check
# Syncs the venv, in one pip run, with the locks of the jobs $(1) and of the jobs
# installed before (so `make html` after `make test` keeps the test tools): pip
# installs them in hash-checking mode, then uninstalls every distribution none of
# them names, except pip and the editable project. A package dropped from a lock
# leaves the venv. The project itself is installed once, editable.
# The locks are complete, so pip installs them as they are (--no-deps) and
# resolves nothing: pip before 23.3 refuses an extra that a locked package asks
# for (pytest-cov's coverage[toml]) in hash-checking mode. `pip check` then fails
# the sync if a lock ever misses a dependency.
define sync-venv
	@test -x $(PY) || { $(PYTHON) -c "import sys; version = '%d.%d' % sys.version_info[:2]; \
		sys.exit(None if version in '$(PYTHON_VERSIONS)'.split() else \
		f'error: $(PYTHON) is Python {version}; this project supports $(PYTHON_VERSIONS): run PYTHON=python$(lastword $(PYTHON_VERSIONS)) $(COMMAND)')" \
		&& $(PYTHON) -m venv $(VENV); }
	@set -e; locks=; for job in $(LOCK_JOBS); do \
		case " $(1) " in *" $$job "*) wanted=1;; *) wanted=;; esac; \
		if [ -n "$$wanted" ] || [ -e $(VENV)/.$$job-installed ]; then locks="$$locks $(LOCKS)/$$job.txt"; fi; \
	done; \
	args=$$(printf -- ' -r %s' $$locks); \
	echo "$(PIP) install --quiet --no-deps --require-hashes$$args"; \
	$(PIP) install --quiet --no-deps --require-hashes $$args; \
	locked=$$(sed -nE 's/^([A-Za-z0-9][A-Za-z0-9._-]*).*/\1/p' $$locks | tr A-Z a-z | sed -E 's/[-_.]+/-/g'); \
	unlocked=$$($(PIP) freeze --all --exclude-editable | sed -E 's/ *(==| @ ).*//' | tr A-Z a-z \
		| sed -E 's/[-_.]+/-/g' | grep -vxF -e pip -e "$$locked" || true); \
	if [ -n "$$unlocked" ]; then \
		echo "$(PIP) uninstall --quiet --yes" $$unlocked "# named in no lock"; \
		$(PIP) uninstall --quiet --yes $$unlocked; \
	fi
	@$(PIP) show --quiet aleppo-dispatch-archive >/dev/null 2>&1 \
		|| $(PIP) install --quiet --no-deps --no-build-isolation -e .
	@broken=$$($(PIP) check) || { echo "$$broken" >&2; \
		echo "error: the locks in $(LOCKS)/ miss a dependency; run make lock" >&2; exit 1; }
	@touch $(foreach job,$(1),$(VENV)/.$(job)-installed)
endef

# Each job's tools on top of those it builds on, each set in one sync.
$(VENV)/.build-installed: $(LOCKS)/build.txt
	$(call sync-venv,build)

$(VENV)/.archive-installed: $(LOCKS)/build.txt $(LOCKS)/archive.txt
	$(call sync-venv,build archive)

$(VENV)/.add-installed: $(LOCKS)/build.txt $(LOCKS)/add.txt
	$(call sync-venv,build add)

$(VENV)/.dev-installed: $(LOCKS)/build.txt $(LOCKS)/archive.txt $(LOCKS)/add.txt $(LOCKS)/dev.txt
	$(call sync-venv,build archive add dev)

# uv writes each lock from its .in file, keeping every pin that still fits:
# LOCK_ARGS='--upgrade-package NAME' moves NAME to its newest version, LOCK_ARGS=--upgrade all.
LOCK = cd $(LOCKS) && $(abspath $(VENV))/bin/uv pip compile --quiet --no-config --universal \
	--python-version 3.11 --generate-hashes $(LOCK_ARGS)
.PHONY: lock
lock: $(VENV)/.dev-installed ## Re-lock requirements/*.txt from requirements/*.in, with hashes
	$(LOCK) build.in -o build.txt
	$(LOCK) archive.in -o archive.txt
	$(LOCK) add.in -o add.txt
	$(LOCK) dev.in -o dev.txt

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

html: $(VENV)/.build-installed ## Build the site for local viewing into output/
	$(PY) -m newsarchive.build --settings $(CONFFILE) --output $(OUTPUTDIR) --command "$(COMMAND)"

# Then measures the site against GitHub Pages' limits, and stops before a
# deploy Pages would refuse; PAGES_LIMITS=off for a site hosted elsewhere.
publish: $(VENV)/.build-installed ## Build the site for its published address (SITEURL, else the GitHub remote's) and check it fits GitHub Pages
	$(PY) -m newsarchive.build --settings $(PUBLISHCONF) --output $(OUTPUTDIR) --command "$(COMMAND)"
	$(if $(filter off,$(PAGES_LIMITS)),,$(PY) -m newsarchive.pages_limits --site $(OUTPUTDIR))

serve: $(VENV)/.build-installed ## Serve output/ on http://localhost:$(PORT)
	$(PY) -m newsarchive.serve --output $(OUTPUTDIR) --port $(PORT)

devserver: $(VENV)/.build-installed ## Rebuild on every change and serve on http://localhost:$(PORT)
	exec $(PY) -m newsarchive.devserver --settings $(CONFFILE) --content $(INPUTDIR) --output $(OUTPUTDIR) --port $(PORT)

clean: ## Remove output/, dist/ and every other generated file (keeps .venv/ and node_modules/)
	rm -rf $(OUTPUTDIR) .$(OUTPUTDIR).building .$(OUTPUTDIR).previous dist cache .bench \
		.pytest_cache .ruff_cache .hypothesis .coverage htmlcov *.egg-info
	find . -path ./.venv -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean ## Also remove the installed tools: .venv/ and node_modules/
	rm -rf $(VENV) node_modules

lint: $(VENV)/.dev-installed ## Check the code's style and formatting (ruff)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Every test, the slow ones too, on every core (pyproject.toml); the ten
# slowest are named.
test: lint node_modules/.installed ## Run every test (installs what the tests need)
	bash scripts/ensure_system_packages.sh
	$(PY) -m pytest --run-slow --durations=10

github: publish ## Publish output/ to the gh-pages branch with ghp-import (then push it)
	$(PY) -m ghp_import --no-jekyll $(if $(CNAME),--cname $(CNAME)) --force --message "Publish site" --branch gh-pages $(OUTPUTDIR)
	@echo "gh-pages updated; publish it with: git push origin gh-pages"

epub: publish ## Copy each article's EPUB book and citation files into dist/ (SLUG.epub, .bib, .ris)
	$(PY) -m newsarchive.books --site $(OUTPUTDIR) --output dist

dist: epub ## Zip the built site for offline reading: dist/aleppo-dispatch-archive-offline.zip
	$(PY) -m newsarchive.offline_zip --site $(OUTPUTDIR) --output dist

archive: epub $(VENV)/.archive-installed ## Write dist/: one-file article, WACZ web archive, BagIt zip, SHA256SUMS
	$(PY) -m newsarchive.archive --site $(OUTPUTDIR) --output dist

# COPY=folder checks an unpacked offline copy, SITE=address the published site,
# each passed on exactly as typed (see add's quoted, below); VERIFY_ARGS=--json
# prints the report as JSON. make exits 2 whenever the check fails: its last
# line, "Error 1" or "Error 2", is the check's own status (README.md).
verify: $(VENV)/.archive-installed ## Check dist/ (or COPY=folder, or SITE=https://USER.github.io/REPO) against what was made
	$(PY) -m newsarchive.verify --site $(OUTPUTDIR)$(if $(value COPY), --copy=$(call quoted,COPY))$(if $(value SITE), --url=$(call quoted,SITE))$(if $(VERIFY_ARGS), $(VERIFY_ARGS))

# make add's fields, each passed on only when it is given on the command line
# (LANG is also every environment's locale), exactly as typed: $(value) keeps a "$".
ADD_FIELDS := SOURCE HTML ORIGINAL_URL TITLE DATE PUBLISHER CATEGORY TAGS LANG SLUG SUMMARY PHOTO_CREDIT STATUS
quoted = '$(subst ','\'',$(value $(1)))'
add: $(VENV)/.add-installed ## Add an article from SOURCE=text, HTML=saved page or ORIGINAL_URL alone (a draft)
	$(PY) -m newsarchive.add $(foreach field,$(ADD_FIELDS),$(if $(filter command line,$(origin $(field))),--$(field) $(call quoted,$(field))))

bench: $(VENV)/.dev-installed ## Time builds at 1, 100 and 1,000 articles (BENCH_ARGS=--with-10000 adds 10,000) into BENCHMARKS.md
	$(PY) -m newsarchive.devtools.bench $(BENCH_ARGS)

lighthouse: $(VENV)/.dev-installed node_modules/.installed ## Print Lighthouse scores, mobile and desktop, article and home
	bash scripts/ensure_system_packages.sh chromium
	$(PY) -m newsarchive.devtools.lighthouse_report

screenshots: $(VENV)/.dev-installed ## Render docs/screenshots/ in Chromium (390 px, 1280 px, light, dark, print PDF, EPUB, RTL)
	bash scripts/ensure_system_packages.sh chromium
	$(PY) -m newsarchive.devtools.screenshots
