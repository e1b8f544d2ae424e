# Cocréa — every developer command. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT  # settings.SITE_URL follows it: links printed and e-mailed point at this port
STAMP := $(VENV)/.installed
export COCREA_DATA_DIR ?= $(CURDIR)/var

.DEFAULT_GOAL := help
.PHONY: help install demo serve seed migrate test test-fast test-browser test-postgres test-postgres-fast test-workers test-api-fuzz lint format typecheck checkmigrations messages bench bench-http clean prod-local prod-local-stop contest-peak

help: ## List the developer commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install Cocréa with its development tools

migrate: $(STAMP) ## Apply database migrations
	$(BIN)/cocrea migrate --noinput

seed: migrate ## Seed the demo brand (idempotent)
	$(BIN)/cocrea seed_demo

DEMO_WEBHOOK_PORT ?= $(shell echo $$(($(PORT) + 1)))
export DEMO_WEBHOOK_PORT

demo: seed ## Install, migrate, seed and serve the demo on http://127.0.0.1:$(PORT) (webhook receiver on PORT+1)
	@$(BIN)/cocrea webhook_receiver --brand cafe-lumiere --port $(DEMO_WEBHOOK_PORT) & receiver=$$!; \
	trap 'kill $$receiver 2>/dev/null' EXIT INT TERM; \
	$(BIN)/cocrea runserver 127.0.0.1:$(PORT)

test: $(STAMP) ## Run the whole test suite (browser tests included when Chromium is present)
	COCREA_MODE=test $(BIN)/pytest -n 2 --dist loadfile -q

test-fast: $(STAMP) ## Run the suite without the browser tests
	COCREA_MODE=test $(BIN)/pytest -n 2 --dist loadfile -q -m "not browser"

test-browser: $(STAMP) ## Run only the browser tests (real Chromium)
	COCREA_MODE=test $(BIN)/pytest -q -m browser

test-postgres: $(STAMP) ## Run the whole suite on the local PostgreSQL
	COCREA_MODE=test DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cocrea} $(BIN)/pytest -n 2 --dist loadfile -q

WORKERS_REDIS_URL ?= redis://127.0.0.1:6379/2
test-postgres-fast: $(STAMP) ## The suite without the browser tests on PostgreSQL (CI runs the browser tests once, on SQLite)
	COCREA_MODE=test DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cocrea} $(BIN)/pytest -n 2 --dist loadfile -q -m "not browser"

test-workers: $(STAMP) ## Run the real-worker tests: Celery worker and beat subprocesses on Redis (WORKERS_REDIS_URL)
	COCREA_MODE=test WORKERS_REDIS_URL=$(WORKERS_REDIS_URL) CELERY_BROKER_URL=$(WORKERS_REDIS_URL) \
		$(BIN)/pytest tests/workers -q -p no:xdist -m workers

test-api-fuzz: $(STAMP) ## Fuzz every REST API operation from its schema against a seeded server (schemathesis)
	BIN=$(BIN) bash tests/fuzz/run_api_fuzz.sh

lint: $(STAMP) ## Lint and check formatting with ruff
	$(BIN)/ruff check src bench tests
	$(BIN)/ruff format --check src bench tests

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff check --fix src bench tests
	$(BIN)/ruff format src bench tests

typecheck: $(STAMP) ## Type-check the application code with mypy
	COCREA_MODE=test $(BIN)/mypy src/cocrea

checkmigrations: $(STAMP) ## Fail if a model change has no migration
	COCREA_MODE=test $(BIN)/cocrea makemigrations --check --dry-run

messages: $(STAMP) ## Extract and compile the French and English translations
	cd src/cocrea && ../../$(BIN)/cocrea makemessages -l fr -l en --no-location --no-wrap --no-obsolete --ignore "*/tests/*"
	$(BIN)/python -m cocrea.core.typography src/cocrea/locale/fr/LC_MESSAGES/django.po src/cocrea/*/locale/fr/LC_MESSAGES/django.po
	cd src/cocrea && ../../$(BIN)/cocrea compilemessages

bench: $(STAMP) ## Run the benchmarks (IDEAS=100000 VOTES=1000000 by default; see bench/README.md)
	$(BIN)/python bench/bench_ideas.py --ideas $${IDEAS:-100000} --votes $${VOTES:-1000000}

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var

bench-http: $(STAMP) ## Cocréa through HTTP next to a bare Django baseline (PostgreSQL; ARGS=--small for a quick check)
	$(BIN)/python bench/bench_http.py $(ARGS)

prod-local: $(STAMP) ## Start nginx → gunicorn ×2 → PostgreSQL + Redis + workers + beat here (http://127.0.0.1:18300)
	deploy/prod-local.sh start

prod-local-stop: ## Stop what prod-local started
	deploy/prod-local.sh stop

contest-peak: $(STAMP) ## Load test: 2,000 members at a contest's vote opening against prod-local (ARGS=--small)
	$(BIN)/pip install --quiet -e ".[load]"
	nice -n 10 $(BIN)/python bench/contest_peak.py $(ARGS)
