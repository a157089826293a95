# zhengwu — two commands: `make demo` runs the platform, `make test` passes the tests.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Tests run on every core (pytest-xdist); `make test PYTEST_WORKERS=` runs them in one process.
PYTEST_WORKERS ?= -n auto --dist worksteal
# Bytecode caches are written even where the environment says not to: without them every process (each test
# worker, each leg, each command a test starts) compiles the sources and pytest rewrites every test module
# again — 11 s instead of 5 s to collect the suite, per worker.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo test test-sqlite test-postgres lint deps venv messages clean

demo: $(STAMP)
	@mkdir -p var
	@scripts/demo.sh

test: $(STAMP) deps lint test-sqlite test-postgres

venv: $(STAMP)

# uv installs the same packages from the same registry in a quarter of pip's time (11 s vs 44 s for a fresh
# venv); pip remains the fallback if uv cannot be had.
$(STAMP): pyproject.toml
	@test -x $(PY) || $$(scripts/find-python.sh) -m venv $(VENV)
	@{ $(PY) -m pip install -q uv && $(PY) -m uv pip install -q --python $(PY) -e '.[test]'; } \
	  || { $(PY) -m pip install -q --upgrade pip && $(PY) -m pip install -q -e '.[test]'; }
	@touch $(STAMP)

deps:
	@scripts/system-deps.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .

test-sqlite: $(STAMP)
	@echo "== tests on SQLite =="
	$(VENV)/bin/pytest $(PYTEST_WORKERS)

test-postgres: $(STAMP)
	@echo "== tests on PostgreSQL =="
	scripts/with-postgres.sh $(VENV)/bin/pytest $(PYTEST_WORKERS) -m "not database_independent"

# Regenerate the English catalogue from the code and fill it from src/zhengwu/locale/en/*.json.
messages: $(STAMP)
	cd src/zhengwu && ../../$(VENV)/bin/zhengwu makemessages -l en --no-obsolete --no-location -i "*/tests/*" -v0
	$(PY) scripts/fill_po.py src/zhengwu/locale/en/LC_MESSAGES/django.po src/zhengwu/locale/en/*.json
	cd src/zhengwu && ../../$(VENV)/bin/zhengwu compilemessages -v0

clean:
	rm -rf $(VENV) var build src/*.egg-info
