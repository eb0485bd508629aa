# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SIZES ?= 100k 1m

.PHONY: demo test bench setup system-deps clean fuzz neo4j-up neo4j-down serve vendor-js

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml Makefile
	$(BIN)/pip install -q -e '.[test,fuzz]'
	touch $(STAMP)

# Debian packages the project uses at run time or in tests: graphviz (dot), fonts with
# Norwegian letters, Chromium for the HTML report's browser test, LibreOffice Impress and
# poppler-utils for the slide deck's PDF test (KG_NEED_OFFICE=0 leaves those out).
system-deps:
	@bash scripts/system-deps.sh

setup: $(STAMP) system-deps

demo: setup
	$(BIN)/kg demo

# The tests run on every core with pytest-xdist (TEST_WORKERS=auto: one worker per core);
# tests that share a real server or a costly fixture stay on one worker (tests/_parallel.py).
# TEST_WORKERS=0 runs them all in this one process, in order; PYTEST_ARGS adds pytest options.
TEST_WORKERS ?= auto
test: setup
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

bench: setup
	$(BIN)/python -m bench --sizes "$(SIZES)"

clean:
	rm -rf $(VENV) kg-data kg-demo build *.egg-info

# A local Neo4j 5 (community, embedded, from Maven Central) on 127.0.0.1 for trying
# `kg neo4j …` by hand; the tests start their own.
neo4j-up: setup
	@bash tests/neo4j/server/start.sh up

neo4j-down:
	@bash tests/neo4j/server/start.sh down

# Fuzz every parser (fuzz/: CSV, XLSX, RDF, RDF/XML with DTDs, time windows, the SPARQL
# guard on text and on parsed queries, the mapping loader) for FUZZ_SECONDS each; prints
# executions and crashes per target (exit 1 on a crash; the crashing inputs land in
# fuzz/crashes/). `make test` runs every target for 2 s too (tests/hostile/test_fuzz_smoke.py),
# so setup installs atheris (extra `fuzz`).
FUZZ_SECONDS ?= 60
fuzz: setup
	$(BIN)/pip install -q -e '.[test,fuzz]'
	$(BIN)/python fuzz/run.py --seconds $(FUZZ_SECONDS)

# `kg serve` on the demo workspace (built by `make demo`): http://127.0.0.1:8000/
serve: setup
	@test -d kg-demo/workspace || $(BIN)/kg demo >/dev/null
	$(BIN)/kg --data kg-demo/workspace serve

# Re-fetch the JavaScript kg serve ships (htmx, Cytoscape.js) from npm; the files are committed
vendor-js:
	bash scripts/vendor-js.sh
