# Two commands on a fresh machine: `make run` and `make test`. Both create .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck layers unit bench screenshots build build-check clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# constraints.txt pins the transitive dependencies too (pyproject pins only the direct ones).
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pars-desktop

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

# On every core; worksteal evens out the few tests that take tens of seconds.
unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n auto --dist worksteal

# The frozen app is built and self-checked too (before the tests, so pytest's summary is the
# closing line): about two minutes, and it catches a missing
# bundled file that no source-tree test can.
test: lint typecheck layers build-check unit

bench: $(STAMP)
	@for b in bench/*_bench.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

PYINSTALLER := pyinstaller==6.22.3

build: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt $(PYINSTALLER)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec

build-check: build
	QT_QPA_PLATFORM=offscreen dist/pars-desktop/pars-desktop --self-check
	dist/pars-desktop/pars-desktop-cli --version  # the console program beside the window
	@du -sh dist/pars-desktop | sed 's/^/bundle size: /'
	$(BIN)/python scripts/time_first_paint.py dist/pars-desktop/pars-desktop

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
