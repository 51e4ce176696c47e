# The README's two commands: `make serve` and `make test`. Both set everything up.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RUNTIME := $(VENV)/.runtime
SHELL := /bin/bash

.PHONY: install test test-cluster serve bench audit score conformance loadtest stress fuzz fuzz-api soak clean openapi contract screenshots bench-archive image

# `make serve` needs only the runtime dependencies; `make test` adds the dev extra.
$(RUNTIME): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest units tests -q --ignore=tests/benchmarks -m "not cluster"

# eokjo archive on a real Spark standalone cluster (a master and two one-core workers on
# 127.0.0.1, started from the pyspark wheel; a few minutes); .ci/run runs it after make test
test-cluster: $(STAMP)
	$(PY) -m pytest tests -q -m cluster

serve: $(RUNTIME)
	$(VENV)/bin/eokjo serve

bench: $(STAMP)
	-$(PY) -m pip install --quiet -e '.[peers]'
	$(PY) -m pytest tests/benchmarks -q --benchmark-columns=min,median,mean,rounds --benchmark-sort=name

audit: $(STAMP)
	$(VENV)/bin/eokjo audit seeds/ --format table

# eokjo on hand-labelled real text: fixtures/real/dev, fixtures/real/test (held back) and ../shared's set
score: $(STAMP)
	$(PY) -m tests.realtext

conformance: $(STAMP)
	$(PY) ../shared/conformance/run.py --show 20

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .benchmarks

loadtest: $(STAMP)
	PY=$(PY) bash tests/load/loadtest.sh

FUZZ_SECONDS ?= 300
fuzz: $(STAMP)
	for t in extract parse_number audit requests; do $(PY) -m tests.fuzz.run $$t --seconds $(FUZZ_SECONDS) || exit 1; done

fuzz-api: $(STAMP)
	PY=$(PY) bash tests/load/fuzz_api.sh

soak: $(STAMP)
	$(PY) -m tests.load.soak

# hostile inputs, four at a time, against the real server; then 64 connections of dense
# Sino-Korean numerals (20 s) and 2,000 silent and slow connections (60 s); about 4 minutes
stress: $(STAMP)
	$(PY) -m tests.load.stress --rounds $(or $(ROUNDS),3)
	$(PY) -m tests.load.mixed flood hold

# The service's container image (Dockerfile; docs/operations.md): eokjo:VERSION and eokjo:latest
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
IMAGE ?= eokjo:$(VERSION)
image:
	docker build --tag $(IMAGE) --tag eokjo:latest .

# The API contract: service/http/openapi.json, written from the app (a test fails when they differ)
openapi: $(RUNTIME)
	$(PY) -m service.http.publish

# redocly lint, openapi-typescript and tsc --strict over a typed client, with the npm
# packages pinned in contract/package-lock.json
contract:
	cd contract && npm ci --no-audit --no-fund --loglevel=error && \
	  REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npm run --silent contract

# Screenshots of the page and the report for the README (the browser tests take them)
screenshots: $(STAMP)
	EOKJO_SCREENSHOTS=docs $(PY) -m pytest tests/test_browser.py -q

# eokjo archive throughput on 100,000 articles: a plain loop, the local engine with 2
# processes, a Spark standalone cluster of two one-core executors (docs/archive-performance.md)
bench-archive: $(STAMP)
	$(PY) -m tests.benchmarks.bench_archive --articles $(or $(ARTICLES),100000)
