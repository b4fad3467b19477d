# The two commands of the README: `make demo` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

WORKERS ?= 3
THREADS ?= 2

.PHONY: demo crawl test lint messages bench serve backup loadtest throughput clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The add-on (pyproject.toml: centers, blocks) and the municipal site on top of it (site/pyproject.toml: portal, its
# production packages and the dev extra), both editable from this checkout. Reinstall when the dependencies change.
PROJECT_FILES := pyproject.toml setup.py site/pyproject.toml site/setup.py

$(VENV)/.installed: $(PROJECT_FILES) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e . -e ./site
	touch $@

$(VENV)/.installed-dev: $(PROJECT_FILES) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e . -e './site[dev]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	@echo "Migrating the database..."
	@$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo --host $(HOST) --port $(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Every page of the sitemap of a running demo (make demo in another terminal, same HOST and PORT) must answer 200.
crawl: $(BIN)/python
	$(BIN)/python tools/crawl_sitemap.py --base http://$(HOST):$(PORT)

test: $(VENV)/.installed-dev
	@echo "pytest: ~1,570 tests, about 12 minutes on SQLite and 16 on PostgreSQL on a 2-CPU machine (browser journeys included); the percentage at the end of each line is the progress."
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

# Extract, then compile the Russian catalogues (fill new entries with tools/translate_po.py).
messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l ru --no-location --ignore=.venv --ignore=var --ignore=tests --ignore=tools
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: $(VENV)/.installed-dev
	$(BIN)/python manage.py run_bench $(BENCH_ARGS)

# Production settings under gunicorn on PostgreSQL; put nginx in front (docs/nginx.conf). Needs DATABASE_URL
# (postgres://...) and SECRET_KEY in the environment; ALLOWED_HOSTS defaults to the loopback names. Gunicorn listens
# on the loopback behind one nginx, so the visitor's address is the last one nginx appends to X-Forwarded-For
# (CENTERS_TRUSTED_PROXY_COUNT=1; set 0 without a proxy, 2 behind a balancer and nginx).
serve: $(VENV)/.installed
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make serve: set DATABASE_URL=postgres://... (PostgreSQL)" >&2; exit 1;; esac
	@test -n "$$SECRET_KEY" || { echo "make serve: set SECRET_KEY (e.g. \$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'))" >&2; exit 1; }
	export DJANGO_SETTINGS_MODULE=portal.settings.production ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
		CENTERS_TRUSTED_PROXY_COUNT="$${CENTERS_TRUSTED_PROXY_COUNT:-1}"; \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0 && \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py set_site_address && \
	exec $(BIN)/gunicorn portal.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) --threads $(THREADS) \
		--timeout 30 --graceful-timeout 20 --max-requests 5000 --max-requests-jitter 500 \
		--forwarded-allow-ips 127.0.0.1

# One archive of the database and the media files (see README, Production).
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup $(BACKUP_ARGS)

# Loopback-only load test against `make serve` (LOADTEST_ARGS="--duration 60 --concurrency 8 --registrations 4";
# run it with the same DATABASE_URL as the site, so that it can prepare and check its event).
loadtest:
	$(BIN)/python tools/loadtest.py $(LOADTEST_ARGS)

# Requests/s of a cached page against a static file, same run, with wrk (THROUGHPUT_ARGS="--static-base
# http://127.0.0.1:8080 --server-pgid N"); loopback only, while `make serve` runs.
throughput:
	$(BIN)/python tools/throughput.py $(THROUGHPUT_ARGS)

clean:
	rm -rf var/db.sqlite3 var/media var/static
