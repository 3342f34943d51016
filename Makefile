# The few targets the README names. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup run test lint bench kernel clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: setup  ## the main job: the default reports, rendered into reports/
	$(BIN)/unvotes data info
	$(BIN)/unvotes report render vote_shift --out reports
	$(BIN)/unvotes report render resolution_brief --out reports

test: setup  ## the test suite (doctests, unit tests, real-data tests, notebooks smoke test), on every core
	$(BIN)/python -m pytest -n auto --dist worksteal  # idle workers take queued tests from busy ones

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: setup  ## speed against plain pandas, printed as ratios
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

kernel: setup  ## a "Python (unvotes)" kernel for JupyterLab
	$(BIN)/python -m ipykernel install --user --name unvotes --display-name "Python (unvotes)"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache reports
