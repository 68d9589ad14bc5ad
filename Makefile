# The two set-up commands of the README: `make report` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The SLURM executor plugin, on PYTHONPATH only for cluster runs
# (requirements-cluster.txt says why).
CLUSTER_PLUGIN := $(VENV)/cluster
CLUSTER_INSTALLED := $(CLUSTER_PLUGIN)/.installed
SNAKEMAKE_ARGS ?=
# Debian's Chromium for the accessibility tests of the HTML report (as root,
# or through sudo); BUDGETMAAL_CHROMIUM may name another one instead.
CHROMIUM := $(or $(BUDGETMAAL_CHROMIUM),/usr/bin/chromium)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
# Debian's faketime, for the fault suite's run under another clock.
FAKETIME := /usr/bin/faketime
# Debian's Graphviz, whose dot draws the README's rule graph.
DOT := /usr/bin/dot

KOMMUNE ?= 657

.PHONY: report preview unlock test test-faults locales lint bench accessibility cluster rulegraph screenshots clean

$(INSTALLED): requirements.txt
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(INSTALLED)

$(CLUSTER_INSTALLED): requirements-cluster.txt $(INSTALLED)
	rm -rf $(CLUSTER_PLUGIN)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--target $(CLUSTER_PLUGIN) -r requirements-cluster.txt
	touch $(CLUSTER_INSTALLED)

$(FAKETIME):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq faketime

# da_DK.UTF-8 for the fault suite's run in a Danish locale (instant when there).
locales:
	sh tools/install_locales.sh

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

$(DOT):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq graphviz

# A lock left by a killed run is explained in Danish, with the command that
# removes it (budgetmaal.running.run_lock: never the lock of a live run).
report: $(INSTALLED)
	PYTHONPATH=scripts $(BIN)/python -m budgetmaal.running.run_lock
	$(BIN)/snakemake --cores 4

# The live preview of one municipality's HTML report, made again on every
# save (budgetmaal.running.preview); CONFIGFILE= as snakemake --configfile,
# POLL=1 for files on a network drive.
preview: $(INSTALLED)
	$(BIN)/python scripts/preview.py $(KOMMUNE) $(if $(CONFIGFILE),--configfile $(CONFIGFILE)) $(if $(POLL),--poll)

unlock: $(INSTALLED)
	$(BIN)/snakemake --unlock

cluster: $(CLUSTER_INSTALLED)
	PYTHONPATH=$(abspath $(CLUSTER_PLUGIN)) $(BIN)/snakemake --profile profiles/slurm $(SNAKEMAKE_ARGS)

# One pytest-xdist worker per core (a module to a worker, tests/conftest.py):
# on 2 cores the suite half-waits on processes, sleeps and daemons, and two
# workers took it from 21 to 12 minutes, the fault suite from 17 to 11; four
# took a report job past its wall-time bound (docs/performance.md).
# PARALLEL= runs serially.
PARALLEL := -n auto

test: $(INSTALLED) $(CLUSTER_INSTALLED) $(CHROMIUM)
	$(BIN)/python -m pytest $(PARALLEL)

# The fault matrix of tests/reliability (kills, two runs at once, full disks,
# a read-only folder, other environments, 980 geographies): slow, run apart.
test-faults: $(INSTALLED) locales $(FAKETIME)
	$(BIN)/python -m pytest $(PARALLEL) -m faults tests/reliability

lint: $(INSTALLED)
	$(BIN)/ruff check scripts tests tools
	$(BIN)/ruff format --check scripts tests tools
	$(BIN)/snakemake --lint
	$(BIN)/snakefmt --check Snakefile rules

accessibility: $(INSTALLED) $(CHROMIUM)
	$(BIN)/python tools/check_accessibility.py

bench: $(INSTALLED) $(CHROMIUM)
	$(BIN)/python tools/benchmark.py --scale

# The README's picture: docs/rulegraph.dot from `snakemake --rulegraph` on the
# sample config (its edges sorted, as Snakemake's order varies from run to
# run), drawn as docs/rulegraph.svg. tests/test_rulegraph.py fails when stale.
rulegraph: $(INSTALLED) $(DOT)
	$(BIN)/snakemake --rulegraph dot > $(VENV)/rulegraph.dot
	{ grep -v -e ' -> ' -e '^}' $(VENV)/rulegraph.dot; \
	  grep ' -> ' $(VENV)/rulegraph.dot | LC_ALL=C sort; echo '}'; } \
		| sed 's/[[:space:]]*$$//' > docs/rulegraph.dot
	$(DOT) -Tsvg docs/rulegraph.dot > docs/rulegraph.svg

# The README's pictures of the site, docs/site_index.png and docs/site_maal.png,
# taken by the browser test of the 98-municipality site.
screenshots: $(INSTALLED) $(CHROMIUM)
	BUDGETMAAL_SCREENSHOTS=1 $(BIN)/python -m pytest tests/test_site_browser.py -k screenshots

clean:
	rm -rf results logs benchmarks site reports/[0-9]* reports/landsoversigt_*.pdf
