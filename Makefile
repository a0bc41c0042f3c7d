# The two commands: `make run` and `make test`. Both bootstrap .venv and the database.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# .venv is the development lock (requirements/development.txt, `make lock`) and this project;
# a change to either file reinstalls it.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements/development.txt | sha1sum | cut -c1-12)
COMPOSE ?= $(shell docker compose version >/dev/null 2>&1 && echo "docker compose" || echo docker-compose)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run worker test test-quick fuzz soak lint security audit format migrate seed check-deploy compose-config bench docker-up clean-data lock

$(STAMP): pyproject.toml requirements/development.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/development.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(VENV): $(STAMP)

# The service as a user meets it: the API and, beside it, the projection worker (the audit
# timeline, exercise usage and program snapshots); Ctrl-C stops both.
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --url http://$(HOST):$(PORT)/
	$(BIN)/python manage.py run_projections & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The projection worker (exercise usage and the other worker projections) until Ctrl-C.
worker: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py run_projections

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The suite without the rows marked slow (fuzzing, faults, load), for quick iterations.
test-quick: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

# The fuzzing rows with many more examples: schemathesis per operation, hypothesis per test.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} HOSTILE_EXAMPLES=$${HOSTILE_EXAMPLES:-300} \
	$(BIN)/python -m pytest tests/reliability/test_fuzz_schema.py tests/reliability/test_hostile_input.py $(PYTEST_ARGS)

# The load row for minutes instead of seconds (LOAD_SECONDS, default 600), with its summary.
soak: $(STAMP)
	LOAD_SECONDS=$${LOAD_SECONDS:-600} $(BIN)/python -m pytest tests/reliability/test_load.py -s $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory security audit

# bandit over our code (skips justified in pyproject.toml); fails on any finding.
security: $(STAMP)
	$(BIN)/bandit -c pyproject.toml -r . -q

# pip-audit over the installed pinned set; accepted findings are justified in .pip-audit-ignore.
audit: $(STAMP)
	$(BIN)/python .ci/audit_dependencies.py

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo --url http://$(HOST):$(PORT)/

# The production settings' deploy check, with throwaway values for the required secrets (and a
# database it never connects to, unless DATABASE_URL is set).
check-deploy: $(STAMP)
	DJANGO_ENV=production DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	EVENTSTORE_MASTER_KEY=$$($(BIN)/python -m eventstore.keyvault) \
	DJANGO_ALLOWED_HOSTS=api.example.com DATABASE_URL=$${DATABASE_URL:-postgres://unused@localhost/unused} \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# The lock files: every package of the runtime set (requirements/production.txt, what the image
# installs) and of it plus the dev extra (requirements/development.txt), with their hashes,
# resolved from pyproject.toml for Python 3.11 on Linux x86_64 (the image's). pip-tools runs in a
# throwaway virtual environment, so .venv is untouched. Run it after changing a dependency:
# it keeps the other pins; `make lock UPGRADE=1` moves every unpinned one to its newest release.
LOCK_VENV := $(or $(TMPDIR),/tmp)/builder-lock-venv
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --resolver=backtracking \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	--newline=lf
lock:
	$(PYTHON) -c 'import platform as p; assert p.python_version_tuple()[:2] == ("3", "11") \
	and p.system() == "Linux" and p.machine() == "x86_64", "needs Python 3.11, Linux x86_64"'
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet pip-tools==7.6.2
	mkdir -p requirements
	$(PIP_COMPILE) $(if $(UPGRADE),--upgrade) --output-file requirements/production.txt pyproject.toml
	$(PIP_COMPILE) $(if $(UPGRADE),--upgrade) --extra dev --constraint requirements/production.txt \
	--output-file requirements/development.txt pyproject.toml
	rm -rf $(LOCK_VENV)

# Validates docker-compose.yml (needs only the compose client, not a Docker engine).
compose-config:
	POSTGRES_PASSWORD=x SERVICE_DB_PASSWORD=x DJANGO_SECRET_KEY=x EVENTSTORE_MASTER_KEY=x \
	$(COMPOSE) config --quiet

# The benchmarks need matplotlib for their plots (the `bench` extra) and wrk for P8.
BENCH_STAMP := $(VENV)/.bench-$(shell cat pyproject.toml requirements/development.txt | sha1sum | cut -c1-12)
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	rm -f $(VENV)/.bench-*
	touch $(BENCH_STAMP)

# `make bench` runs all; `make bench B="p1 p3"` some; QUICK=1 shrinks data and durations.
bench: $(BENCH_STAMP)
	BENCH_QUICK=$(QUICK) $(BIN)/python -m benchmarks $(B)

docker-up:
	$(COMPOSE) up --build

clean-data:
	$(BIN)/python -m eventstore.embedded stop || true
	rm -rf .data
