# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
# Both create (or reuse) the virtual environment in .venv and install the project into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
OUT ?= out/demo
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: demo test lint bench eval itemlists clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/exportscreen screen flows/examples --format terminal ; test $$? -le 1
	$(BIN)/exportscreen screen flows/examples --format html --out $(OUT) ; test $$? -le 1
	@echo "HTML report: $(OUT)/report.html"

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check flows extractors classifiers itemlists reports tests
	$(BIN)/mypy flows extractors classifiers itemlists reports

bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.run --shared $(SHARED)
	$(BIN)/python -m tests.benchmarks.bench_store
	$(BIN)/python -m tests.benchmarks.bench_shares

eval: $(STAMP)
	$(BIN)/python -m tests.benchmarks.evaluate --shared $(SHARED)
	for f in tests/fixtures/probe/probe*.jsonl; do echo "== $$f"; $(BIN)/python -m tests.benchmarks.evaluate --cases $$f || exit 1; done

# Rebuild the bundled item-list data from the official sources in ../shared.
itemlists: $(STAMP)
	$(BIN)/python -m itemlists.build --shared $(SHARED)

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
