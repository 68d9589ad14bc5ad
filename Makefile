# The two set-up commands of the README: `make report` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: report test lint bench clean

$(INSTALLED): requirements.txt
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(INSTALLED)

report: $(INSTALLED)
	$(BIN)/snakemake --cores 4

test: $(INSTALLED)
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check scripts tests tools
	$(BIN)/ruff format --check scripts tests tools
	$(BIN)/snakemake --lint
	$(BIN)/snakefmt --check Snakefile rules

bench: $(INSTALLED)
	$(BIN)/python tools/benchmark.py

clean:
	rm -rf results logs benchmarks reports/[0-9]*
