# Business messaging and the GDPR — the only entry point.
# `make` (or `make help`) lists the targets; `make serve` and `make test` are all a
# newcomer needs: both set up .venv from the hashed lock files on first use.

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
PY         := $(BIN)/python
PORT       ?= 8000
# One hashed requirements file per dependency group of pyproject.toml, exported from
# uv.lock by `make lock`; .venv gets all three, the hosting build only docs.txt.
LOCKS      := requirements/docs.txt requirements/test.txt requirements/lint.txt
# The package's German catalog, compiled for the standard library's gettext: the .mo
# is build output (never committed), remade whenever the .po changes.
PACKAGE_PO := messaging_rules/locale/de/LC_MESSAGES/messaging_rules.po
PACKAGE_MO := $(PACKAGE_PO:.po=.mo)
# What every target that runs the package or the tools needs first.
READY      := $(VENV)/.installed $(PACKAGE_MO)
# Only `make lock` needs uv (a wheel from PyPI, installed into a throwaway venv).
UV_VERSION := 0.13.8

.DEFAULT_GOAL := help
TARGETS := help serve site html html-de pdf doctest gettext update-po test check linkcheck lint bench clean lock lock-check venv
.PHONY: $(TARGETS)
HELP = echo "Usage: make <target>   (first run sets up .venv from the lock files)"; \
	grep -E '^[a-z-]+:.*\#\# ' $(firstword $(MAKEFILE_LIST)) | sed -E 's/^([a-z-]+):.*\#\# /  \1\t/' | expand -t 14

help: ## show this list
	@$(HELP)

# An unknown target is a typo: show the list and name it, before anything runs (so
# `make help nosuch` shows the list once).  Only the command line's goals are checked:
# a missing file is reported as missing, never as an unknown target.
UNKNOWN_GOALS := $(filter-out $(TARGETS) $(VENV)/.installed,$(MAKECMDGOALS))
ifneq ($(UNKNOWN_GOALS),)
$(shell { $(HELP); } >&2)
$(error unknown target '$(firstword $(UNKNOWN_GOALS))': choose one of the targets listed above)
endif

$(LOCKS) pyproject.toml:
	$(error $@ is missing: restore it with "git checkout -- $@")

# -- set-up -------------------------------------------------------------------------

# The lock files pin every package with its hashes, dependencies included, so pip
# installs them as they are (--no-deps): the resolver of an older pip (23.2) otherwise
# asks for a pin of an extra such as weasyprint's fonttools[woff] and stops.
$(VENV)/.installed: $(LOCKS) pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: '$(PYTHON)' not found: install Python 3.11.5 or newer (Debian: apt-get install python3 python3-venv), or run make PYTHON=/path/to/python3.11"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' || { echo "error: $$($(PYTHON) -V 2>&1) is too old: the tools of this project need Python 3.11.5 or newer (make PYTHON=/path/to/python3.11)"; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "error: $(PYTHON) cannot create virtual environments: install python3-venv (Debian: apt-get install python3-venv)"; exit 1; }
	@echo "Setting up $(VENV) from $(LOCKS) …"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -qq --disable-pip-version-check --no-deps --require-hashes $(addprefix -r ,$(LOCKS))
	@$(PY) -m pip install -qq --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# setup.py compiles it too (wheel and editable builds); this rule keeps it current.
$(PACKAGE_MO): $(PACKAGE_PO) | $(VENV)/.installed
	@$(BIN)/pybabel -q compile --domain messaging_rules --directory messaging_rules/locale

venv: $(READY) ## set up .venv from the lock files (done by every target)

lock: ## re-resolve uv.lock, export requirements/*.txt (UPGRADE=1: newest versions that fit)
	rm -rf _build/lockenv
	$(PYTHON) -m venv _build/lockenv
	_build/lockenv/bin/pip install -qq --disable-pip-version-check uv==$(UV_VERSION)
	_build/lockenv/bin/uv lock $(if $(UPGRADE),--upgrade)
	for group in $(basename $(notdir $(LOCKS))); do \
	  _build/lockenv/bin/uv export --frozen --only-group $$group --no-emit-project \
	    --format requirements-txt --quiet --output-file requirements/$$group.txt || exit 1; \
	done
	rm -rf _build/lockenv
	@echo "uv.lock and $(LOCKS) updated: review the diff and run make test"

lock-check: $(VENV)/.installed ## check that uv.lock and requirements/*.txt match pyproject.toml (offline)
	@$(PY) -m tools.lock_check

# -- builds -------------------------------------------------------------------------

# The preview's pages link to the port they are served on, unless SITE_URL says otherwise;
# every other build takes SITE_URL (or READTHEDOCS_CANONICAL_URL) as tools/site_url.py does.
# PORT reaches the tools through the environment, quoted, never as shell words: a
# value such as '8200;id' is a bad port, not a command.
serve: export SITE_URL ?= http://127.0.0.1:$(PORT)/
serve: export PORT := $(PORT)
serve: $(READY) ## live preview: build both languages, serve :8000, rebuild on save
	@$(PY) -m tools.serve --port "$$PORT" --check-port
	@$(PY) -m tools.serve --live --port "$$PORT"

site: $(READY) ## publish build: English and German side by side, then the PDFs
	@$(PY) -m tools.site

html: $(READY) ## build the English site only (_build/site/en)
	@$(PY) -m tools.site --lang en

html-de: $(READY) ## build the German site only (_build/site/de)
	@$(PY) -m tools.site --lang de

pdf: $(READY) ## render the handouts, templates and guides as PDF (_build/pdf)
	@$(PY) -m tools.pdf

doctest: $(READY) ## run the pages' doctest blocks through Sphinx (English; the blocks are the same in German)
	@$(PY) -m tools.site --builder doctest --lang en

gettext: $(READY) ## extract the English messages into _build/gettext/*.pot
	@$(PY) -m tools.site --builder gettext --lang en

update-po: gettext ## merge new English messages into the German catalogs (pages and package)
	@$(PY) -m tools.po_update

# -- checks -------------------------------------------------------------------------

check: $(READY) ## fast tests: everything but the builds and the browser (40-50 s on 2 cores)
	@$(PY) -m pytest -m "not build and not browser"

linkcheck: $(READY) ## check every external link and source URL (needs the internet)
	@$(PY) -m tools.linkcheck

test: $(READY) ## run the whole test suite (fails on any failure or on no tests)
	@$(PY) -m pytest

PY_SOURCES := messaging_rules tools tests examples docs/_ext conf.py setup.py
lint: $(VENV)/.installed ## ruff check and format --check on all Python code, mypy --strict on the package, tools and docs/_ext
	@$(BIN)/ruff check $(PY_SOURCES)
	@$(BIN)/ruff format --check $(PY_SOURCES)
	@$(BIN)/mypy

bench: $(READY) ## build-time ratios, live-preview latency, page weight, set-up time
	@$(PY) -m tools.bench

clean: ## remove build output (keeps .venv)
	rm -rf _build
