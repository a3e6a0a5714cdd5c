# One entry point for every set-up step: each target creates or reuses .venv and
# installs what it needs. Re-runs are quick: installation happens again only when
# pyproject.toml changes (the stamp file carries its hash).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HASH   := $(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(open('pyproject.toml','rb').read()).hexdigest()[:12])")
STAMP  := $(VENV)/.installed-$(HASH)
JOBS   ?= 2

.PHONY: install test figures bench docs lint clean help

help:
	@echo "make test     - create .venv, install, run the whole test suite"
	@echo "make figures  - execute notebooks/ and regenerate figures/"
	@echo "make bench    - run benchmarks/ and rewrite benchmarks/RESULTS.md"
	@echo "make docs     - build the documentation into docs/_build/html (warnings are errors)"
	@echo "make lint     - ruff"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask,gibbs,docs]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

test: install
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup -q -rs

figures: install
	$(BIN)/python -m toolkit.figures

bench: install
	$(BIN)/python -m benchmarks.run

docs: install
	$(BIN)/python -m sphinx -W --keep-going -b html docs docs/_build/html

lint: install
	$(BIN)/ruff check toolkit tests benchmarks notebooks
	$(BIN)/ruff format --check toolkit tests benchmarks notebooks/src notebooks/build_notebooks.py

clean:
	rm -rf $(VENV) .pytest_cache docs/_build
