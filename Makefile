# Two entry points for a fresh machine: `make run` and `make test`. Each creates .venv itself.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint catalogs communes

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m bot

# The shipped call's data is checked first: every error with its file and line.
test: $(STAMP)
	$(PY) -m knowledge validate
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m benchmarks

lint: $(STAMP)
	$(PY) -m ruff check . && $(PY) -m ruff format --check . && $(PY) -m mypy

# Re-extract user-facing strings into the catalogs (then translate the new English entries).
catalogs: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -o knowledge/locale/messages.pot --no-location --sort-output .
	$(VENV)/bin/pybabel update -i knowledge/locale/messages.pot -d knowledge/locale --no-fuzzy-matching --ignore-obsolete

# Regenerate knowledge/data/communes.csv, france.csv and departments.csv from the official
# divisions (needs npm once).
communes: $(STAMP)
	$(PY) -m knowledge.build_communes --from-npm
