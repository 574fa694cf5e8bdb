# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup run serve serve-prod test test-postgres test-multi audit bench fuzz check translations db chromium fonts clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations

db: $(VENV)/.installed translations
	$(FLASK) init-db

setup: $(VENV)/.installed translations db fonts

# A CJK font for the Chinese share images (calculator/public/share_image.py). Without one (no
# apt-get, no root) the images are drawn in English: a warning, not a failure.
fonts:
	@[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-cjk; } \
	  || echo "fonts-noto-cjk not installed: share images will be drawn in English"

run: setup
	$(FLASK) run --host 127.0.0.1 --port 5000

serve: setup
	$(BIN)/gunicorn -c python:calculator.gunicorn_conf wsgi:app

# The production shape on one machine: nginx (buffering proxy, only setter of X-Forwarded-For) in
# front of gunicorn, counters in Redis; nginx and redis-server from Debian's packages if missing.
# Settings at the top of deploy/serve-prod.sh (CALCULATOR_LISTEN, CALCULATOR_INSTANCES, ...).
serve-prod: setup
	BIN=$(BIN) bash deploy/serve-prod.sh

chromium: fonts
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

# Two instances of deploy/serve-prod.sh's deployment on one PostgreSQL and one Redis behind nginx:
# limits shared, a publish served by the other instance within a second, logout everywhere.
test-multi: setup
	BIN=$(BIN) timeout 300 bash .ci/postgres.sh $(BIN)/python -m pytest deploy/tests -p no:cacheprovider -q

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
