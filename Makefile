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

# Everything installed comes from hash-pinned lock files (regenerate them with `make lock`):
# requirements-build.lock (pip, setuptools, wheel), requirements-dev.lock (the runtime packages of
# requirements.lock plus test and lint tools and the pdfium extra; requirements-pdfium.lock is
# requirements.lock plus the extra, for production installs with it). pip checks every file's sha256 (--require-hashes)
# and takes wheels only, so nothing is built from source; the project itself is then installed
# without dependencies and without build isolation, so no unpinned package is fetched for it;
# `pip check` stops here if pyproject.toml pins something the locks don't (run `make lock`).
LOCKS := requirements-build.lock requirements.lock requirements-dev.lock requirements-pdfium.lock
PIP_LOCKED := $(BIN)/python -m pip install -q --require-hashes --only-binary :all:

.PHONY: demo test lint bench bench-large eval eval-inbox fit-scorer itemlists catalogs clean lock fuzz

$(STAMP): pyproject.toml $(LOCKS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_LOCKED) -r requirements-build.lock
	$(PIP_LOCKED) -r requirements-dev.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

# Regenerate the lock files from pyproject.toml with uv (pinned in requirements-dev.lock), for
# CPython 3.11-3.13 on every platform (--universal). Versions already locked are kept;
# `make lock UPGRADE=--upgrade` moves the unpinned (transitive) ones to their newest releases.
BUILD_REQUIREMENTS := pip "setuptools>=77" wheel
LOCK_TOOLS := uv==0.13.9
UV_COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" $(UPGRADE)

# Needs only the locked tools, not the project: it must run when pyproject.toml is ahead of the locks.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_LOCKED) -r requirements-build.lock
	$(PIP_LOCKED) -r requirements-dev.lock
	printf '%s\n' $(BUILD_REQUIREMENTS) | $(UV_COMPILE) - --output-file requirements-build.lock
	printf '%s\n' $(LOCK_TOOLS) | $(UV_COMPILE) pyproject.toml - --extra dev --extra pdfium \
		--constraint requirements-build.lock --output-file requirements-dev.lock
	$(UV_COMPILE) pyproject.toml --constraint requirements-dev.lock --output-file requirements.lock
	$(UV_COMPILE) pyproject.toml --extra pdfium --constraint requirements-dev.lock --output-file requirements-pdfium.lock

# The demo runs in its own home (out/demo/home): its store, the sample entity list and the
# generated year of history never join the user's real store or lists.
DEMO_HOME := EXPORTSCREEN_HOME=$(abspath $(OUT))/home
# The demo desk's accounts share this password (the demo store only; never use it elsewhere).
DEMO_PASSWORD := exportscreen-demo

demo: $(STAMP)
	$(DEMO_HOME) $(BIN)/exportscreen screen flows/examples --format terminal ; test $$? -le 1
	$(DEMO_HOME) $(BIN)/exportscreen screen flows/examples --format html --out $(OUT) ; test $$? -le 1
	$(DEMO_HOME) $(BIN)/exportscreen entities import flows/project_examples/entities/entities_sample.csv --name SAMPLE \
		--version 2026-12-07
	$(DEMO_HOME) $(BIN)/exportscreen assess flows/project_examples/applications --partners-dir flows/project_examples/partners \
		--format terminal ; test $$? -le 1
	$(DEMO_HOME) $(BIN)/exportscreen assess flows/project_examples/applications --partners-dir flows/project_examples/partners \
		--format html --out $(OUT) ; test $$? -le 1
	$(DEMO_HOME) $(BIN)/python -m tests.benchmarks.history
	$(DEMO_HOME) $(BIN)/exportscreen report trends --by quarter
	$(DEMO_HOME) $(BIN)/exportscreen report trends --format html --out $(OUT)
	@echo "HTML report: $(OUT)/report.html"
	@echo "Project assessment: $(OUT)/assessment.html"
	@echo "Trend report (a generated year of history): $(OUT)/trends.html"
	@for who in researcher adviser security_officer; do \
		$(DEMO_HOME) $(BIN)/exportscreen users list | grep -q "^demo-$$who " || \
		echo "$(DEMO_PASSWORD)" | $(DEMO_HOME) $(BIN)/exportscreen users add demo-$$who --role $$who --lang en \
			--password-stdin; \
	done
	@echo "The demo store: EXPORTSCREEN_HOME=$(abspath $(OUT))/home $(BIN)/exportscreen report trends --help"
	@echo "The desk on the demo store: EXPORTSCREEN_HOME=$(abspath $(OUT))/home $(BIN)/exportscreen serve"
	@echo "  then open http://127.0.0.1:8765/ and sign in as demo-researcher, demo-adviser or"
	@echo "  demo-security_officer with the password $(DEMO_PASSWORD)"

# Two workers (pytest-xdist), one test file each at a time: the suite takes about 5 minutes on
# the 2-core CI machine instead of 8-9. Every test works in its own temporary folder and store
# (PostgreSQL tests in their own database), so the order and the worker do not matter.
test: $(STAMP) lint
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

# The robustness suite with many more generated cases (Hypothesis) than `make test` runs.
fuzz: $(STAMP)
	EXPORTSCREEN_FUZZ=1 $(BIN)/python -m pytest -q tests/robustness

lint: $(STAMP)
	$(BIN)/ruff check flows extractors classifiers itemlists reports tests
	$(BIN)/mypy flows extractors classifiers itemlists reports

# `make bench` runs every row of issue 19's targets with its anchor beside it (its first row: the installed
# command on the 253-page List II PDF against pdfminer; alone: `python -m tests.benchmarks.run --whole-screen-only`).
# About 9 minutes on the shared 2-core machine (9 min 4 s under a load average of 2.5-5 from other sessions;
# 11 min 31 s before the repeated work was cut; issue 19 asks under 10; README, "`make bench` in less time").
# The "[bench]" lines on stderr give each row's seconds. `make bench QUICK=1` runs every other benchmark on
# inputs about ten times smaller (about a minute and a half: a smoke run for CI).
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.run --shared $(SHARED) $(if $(QUICK),--quick)
	$(BIN)/python -m tests.benchmarks.bench_store $(if $(QUICK),--docs 100)
	$(BIN)/python -m tests.benchmarks.bench_shares $(if $(QUICK),--rows 100000 --people 10000)
	$(BIN)/python -m tests.benchmarks.bench_entities $(if $(QUICK),--entities 20000)
	$(BIN)/python -m tests.benchmarks.bench_trends $(if $(QUICK),--quick)

# Issue 19's 10,000,000-row share scan through the installed command, terminal and JSON, with
# each peak beside the 4 GiB target (about 35 minutes on the shared 2-core machine; 10 GB of /tmp).
bench-large: $(STAMP)
	$(BIN)/python -m tests.benchmarks.bench_shares --large

eval: $(STAMP)
	$(BIN)/python -m tests.benchmarks.evaluate --shared $(SHARED)
	for f in tests/fixtures/probe/probe*.jsonl; do echo "== $$f"; $(BIN)/python -m tests.benchmarks.evaluate --cases $$f || exit 1; done
	$(BIN)/python -m tests.benchmarks.projects_eval --split tune
	$(BIN)/python -m tests.benchmarks.projects_eval --split test

# The research-office inbox benchmark (real documents; tests/benchmarks/inbox): the tune split
# per document, the test split as totals only.
eval-inbox: $(STAMP)
	$(BIN)/python -m tests.benchmarks.inbox --split tune --verbose
	$(BIN)/python -m tests.benchmarks.inbox --split test

# Fit the screening scorer on the tune split (dev set and inbox tune documents) and save it,
# with the item-list versions, to classifiers/data/scorer.json (issue 14, part 5). Language
# analyses are cached in .cache/analyses, so a second run takes a minute.
fit-scorer: $(STAMP)
	$(BIN)/python -m tests.benchmarks.fit_scorer --shared $(SHARED)

# Rebuild the bundled item-list data from the official sources in ../shared.
itemlists: $(STAMP)
	$(BIN)/python -m itemlists.install.build --shared $(SHARED)

# The gettext catalogs (reports/i18n.py): extract the marked strings with Babel, merge them into
# each language's .po (translate the new ones there), and compile the .mo files the product reads.
# tests/reports/test_i18n.py fails when a marked string has no translation or a .mo is stale.
LOCALES := reports/locale
catalogs: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output --project exportscreen --copyright-holder "exportscreen authors" \
		-o $(LOCALES)/exportscreen.pot flows extractors classifiers itemlists reports
	$(BIN)/pybabel -q update --no-fuzzy-matching -i $(LOCALES)/exportscreen.pot -d $(LOCALES) -D exportscreen
	$(BIN)/pybabel compile --statistics -d $(LOCALES) -D exportscreen

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
