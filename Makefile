# YouthCity — two commands: `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
ADDR ?= 127.0.0.1:8000
export DJANGO_SETTINGS_MODULE := youthcity.config.settings

.PHONY: demo test install assets translations migrate serve test-pg test-browser fuzz bench lint check clean smoke bench-production replica-demo

demo: install
	DEBUG=1 $(BIN)/youthcity migrate --noinput
	DEBUG=1 $(BIN)/youthcity demo --addr $(ADDR)

test: install
	DEBUG=1 $(BIN)/python -m pytest -n auto -p no:cacheprovider $(PYTEST_ARGS)

# The environment: a virtualenv with the locked dependencies, the assets and compiled translations.
install: $(VENV)/.installed youthcity/static/vendor/.installed translations

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	test -x $(UV) || $(BIN)/pip install --quiet uv==0.13.9
	$(UV) pip sync --quiet --python $(BIN)/python requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

# Front-end assets come from npm (package-lock.json) and are served locally: no CDN.
youthcity/static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf youthcity/static/vendor && mkdir -p youthcity/static/vendor/{bootstrap,bootstrap-icons,chartjs}
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* youthcity/static/vendor/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts youthcity/static/vendor/bootstrap-icons/
	cp node_modules/chart.js/dist/chart.umd.min.js* youthcity/static/vendor/chartjs/
	# The CJK font embedded in PDF reports (TrueType outlines, SIL OFL); not served as static.
	mkdir -p youthcity/core/fonts && cp node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf \
	  node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf node_modules/@expo-google-fonts/noto-sans-sc/LICENSE_FONT youthcity/core/fonts/
	touch $@

translations: $(VENV)/.installed
	cd youthcity && DEBUG=1 ../$(BIN)/django-admin compilemessages -v 0

# Helpers for CI and developers.
test-pg: install
	DEBUG=1 DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest -n auto -p no:cacheprovider -m "not browser" $(PYTEST_ARGS)

# Schemathesis over the whole API (also part of `make test`); FUZZ_EXAMPLES=50 for a deeper run.
fuzz: install
	DEBUG=1 $(BIN)/python -m pytest -n 2 -p no:cacheprovider -m fuzz $(PYTEST_ARGS)

test-browser: install
	DEBUG=1 $(BIN)/python -m pytest -p no:cacheprovider -m browser $(PYTEST_ARGS)

bench: install
	$(UV) pip install --quiet --python $(BIN)/python openfisca-core
	for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done  # bench_production needs nginx and wrk

# Production: the smoke test CI runs (DEBUG off, gunicorn, PostgreSQL), the load bench and the replica demo.
smoke: install
	bash .ci/smoke

bench-production: install
	$(BIN)/python bench/bench_production.py $(BENCH_ARGS)

replica-demo: install
	deploy/replica-demo.sh

lint: install
	$(BIN)/ruff check youthcity tests bench tools
	$(BIN)/mypy

check: install
	DEBUG=1 $(BIN)/youthcity makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules youthcity/static/vendor var
