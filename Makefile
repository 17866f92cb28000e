# Two entry points for a fresh machine: `make run` and `make test`. Each creates .venv itself.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# axe-core (npm, MPL-2.0): the accessibility rules the console's browser test runs on each page.
AXE_VERSION := 4.14.1
AXE := $(VENV)/axe/axe.min.js

.PHONY: run test bench lint catalogs communes lock

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m bot

# The linters first (CI runs `make test`), then the shipped call's data: every error with its
# file and line.
# The console's browser test needs Chromium: installed here only if missing, only as root with
# apt-get (Debian's `chromium`); otherwise that one test is skipped and says why. axe-core is
# packed from npm into .venv/axe the same way (skipped, and said, without npm).
test: lint
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	    && { apt-get install -y -q chromium >/dev/null 2>&1 \
	      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; }; } \
	    || echo "chromium not installed: the real-browser console test will be skipped"; }
	@[ -f $(AXE) ] || { command -v npm >/dev/null 2>&1 && mkdir -p $(dir $(AXE)) \
	    && (cd $(dir $(AXE)) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null \
	      && tar xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js \
	      && mv package/axe.min.js axe.min.js && rm -rf package axe-core-$(AXE_VERSION).tgz) \
	    || echo "axe-core not installed (needs npm): the console's accessibility test will be skipped"; }
	@# The fiche synthétique's print check needs LibreOffice's writer (ODT -> PDF) and
	@# poppler-utils (pdftotext, pdfinfo): installed the same way, else that test is skipped.
	@{ command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; } \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	    && { apt-get install -y -q libreoffice-writer-nogui poppler-utils >/dev/null 2>&1 \
	      || apt-get install -y -q libreoffice-writer poppler-utils >/dev/null 2>&1 \
	      || { apt-get update -q >/dev/null 2>&1 \
	        && { apt-get install -y -q libreoffice-writer-nogui poppler-utils >/dev/null 2>&1 \
	          || apt-get install -y -q libreoffice-writer poppler-utils >/dev/null 2>&1; }; }; }; } \
	    || echo "LibreOffice writer not installed: the sheet's PDF check will be skipped"
	$(PY) -m knowledge validate
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m benchmarks

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# Re-extract user-facing strings into the catalogs (then translate the new English entries).
catalogs: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -o knowledge/locale/messages.pot --no-location --sort-output .
	$(VENV)/bin/pybabel update -i knowledge/locale/messages.pot -d knowledge/locale --no-fuzzy-matching --ignore-obsolete

# Regenerate knowledge/data/communes.csv, france.csv and departments.csv from the official
# divisions (needs npm once).
communes: $(STAMP)
	$(PY) -m knowledge.build_communes --from-npm

# Re-pin requirements.lock (the Docker image installs exactly it, hashes checked) after a
# change to the dependencies in pyproject.toml. Needs uv once (pip install uv).
lock:
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --universal --no-header -o requirements.lock
