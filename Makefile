# Two commands matter: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-sqlite test-pg lint format install install-dev db seed clean \
	system-deps i18n-extract i18n-update i18n-compile

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The Debian/Ubuntu libraries PDFs need (Pango, HarfBuzz with hb-subset): installed with
# apt-get when run as root or with passwordless sudo, otherwise one line with the command.
PRINT_LIBS := $(PYTHON) eventsite/printing/system.py --install
system-deps:
	@$(PRINT_LIBS) || true

db: install
	@$(PRINT_LIBS) || true
	@$(FLASK) db upgrade
	@$(FLASK) seed-demo --if-empty

run: db
	@echo "Serving on http://$(HOST):$(PORT)/  (demo login: organizer@example.org / demo-organizer)"
	@$(FLASK) run --host $(HOST) --port $(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The suite runs on SQLite; when TEST_DATABASE_URL is set it runs again on that PostgreSQL.
test: system-deps lint test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-pg; \
	else echo "PostgreSQL leg skipped: set TEST_DATABASE_URL=postgresql://... to run it."; fi

# Branch coverage of eventsite/ is measured on this leg and printed per package; under the
# floor (fail_under in pyproject.toml) the run fails. A run narrowed by PYTEST_ARGS only prints.
test-sqlite: install-dev
	@echo "== tests on SQLite =="
	env -u TEST_DATABASE_URL $(BIN)/coverage run -m pytest $(PYTEST_ARGS)
	@$(BIN)/python .ci/coverage_by_package.py $(if $(PYTEST_ARGS),--no-floor)

test-pg: install-dev
	@echo "== tests on PostgreSQL =="
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Translations. The compiled catalogs (.mo) are committed, so `make run` needs no extra step;
# tests/test_i18n_catalog.py fails when they lag behind the sources or the .po files.
TRANSLATIONS := eventsite/translations
POT := $(TRANSLATIONS)/messages.pot
I18N_LOCALES := ru
PYBABEL := $(BIN)/pybabel

i18n-extract: install
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -k N_ \
		--add-location=file --sort-output --no-wrap -c TRANSLATORS: \
		--project="Letter evenings" -o $(POT) .

# After this, translate the new and fuzzy entries in the .po files, then `make i18n-compile`.
i18n-update: i18n-extract
	@for lang in $(I18N_LOCALES); do \
		$(PYBABEL) update -i $(POT) -d $(TRANSLATIONS) -l $$lang --no-wrap --previous \
			--ignore-obsolete --init-missing || exit 1; \
	done
	@$(BIN)/python -m eventsite.core.i18n_status $(TRANSLATIONS)

i18n-compile: install
	$(PYBABEL) compile -d $(TRANSLATIONS) --statistics

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .coverage
