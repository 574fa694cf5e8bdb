# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup run serve test test-postgres audit bench fuzz check translations db chromium clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations

db: $(VENV)/.installed translations
	$(FLASK) init-db

setup: $(VENV)/.installed translations db

run: setup
	$(FLASK) run --host 127.0.0.1 --port 5000

serve: setup
	$(BIN)/gunicorn -c python:calculator.gunicorn_conf wsgi:app

chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

test: setup chromium
	$(FLASK) schemes check >/dev/null
	$(BIN)/python -m pytest

$(VENV)/.bench: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $@

# The same suite (browser tests aside) against a real PostgreSQL server on loopback.
test-postgres: setup
	bash .ci/postgres.sh $(BIN)/python -m pytest -m "not browser" -p no:cacheprovider

# Known vulnerabilities in the pinned dependencies (PyPI's advisory data). A dependency the
# advisory service cannot see is listed as not audited, never as safe.
audit: setup
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[audit]'
	$(BIN)/pip freeze --exclude-editable > $(VENV)/requirements.lock
	$(BIN)/pip-audit -r $(VENV)/requirements.lock --no-deps --progress-spinner off

# The fuzz tests with 20 times the examples CI runs (facts, scheme documents, API, pages).
fuzz: setup
	FUZZ_SCALE=20 $(BIN)/python -m pytest tests/test_fuzz.py -p no:cacheprovider --hypothesis-show-statistics -q

bench: setup $(VENV)/.bench
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) instance/*.db
