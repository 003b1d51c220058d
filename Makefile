# The two commands a new user needs: `make run` and `make test`. Everything they need
# (virtual environment, Python packages, Neo4j from Maven Central, Chromium for the browser
# tests) is installed by the targets below, so a fresh clone and CI behave the same.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JARS   := neo4j/lib/.fetched
PORT   ?= 8501
# `make run` listens on loopback; to serve other machines, set ADDRESS and see README.
ADDRESS ?= 127.0.0.1

.PHONY: help setup run test test-fast lint chromium db-start db-stop bench clean screenshots

help:
	@echo "make run    start Neo4j, load seeds/, open the dashboard on http://localhost:$(PORT)"
	@echo "make test   install everything, start a test Neo4j, run the whole suite"
	@echo "make test-fast  the tests that need no database and no browser (seconds)"
	@echo "make bench  run the benchmarks (prints figures)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -U pip
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

$(JARS): neo4j/pom.xml
	@command -v java >/dev/null || { echo "Java 17+ is needed to run Neo4j (apt-get install openjdk-17-jre-headless)"; exit 1; }
	@command -v mvn >/dev/null || { echo "Maven is needed to fetch Neo4j (apt-get install maven)"; exit 1; }
	mvn -q -B -f neo4j/pom.xml package
	touch $@

setup: $(STAMP) $(JARS)

# Debian's Chromium for the Playwright tests (a test tool's own browser download cannot work here).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

run: setup
	$(BIN)/tracker db start
	$(BIN)/tracker db init
	$(BIN)/tracker load seeds/*.txt
	$(BIN)/tracker link run
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address $(ADDRESS) \
	  --server.headless true --browser.gatherUsageStats false

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup chromium lint
	$(BIN)/pytest

# The inner loop: parser, matching, findings, config… (no Neo4j, no Chromium). CI runs `make test`.
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not neo4j and not browser"

bench: setup
	$(BIN)/tracker bench parse
	$(BIN)/tracker bench load
	$(BIN)/tracker bench links
	$(BIN)/tracker bench ui

db-start: setup
	$(BIN)/tracker db start
db-stop: setup
	$(BIN)/tracker db stop

clean:
	-$(BIN)/tracker db stop
	rm -rf $(VENV) neo4j/lib neo4j/target var

# Refresh the README's screenshots from a browser-test run.
screenshots: setup chromium
	TRACKER_UPDATE_SCREENSHOTS=1 $(BIN)/pytest tests/e2e/test_dashboard.py tests/e2e/test_kinerja_browser.py
