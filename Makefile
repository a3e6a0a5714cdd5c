# One entry point for every set-up step: each target creates or reuses .venv and
# installs what it needs. Re-runs are quick: installation happens again only when
# pyproject.toml changes (the stamp file carries its hash).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HASH   := $(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(open('pyproject.toml','rb').read()).hexdigest()[:12])")
STAMP  := $(VENV)/.installed-$(HASH)
JOBS   ?= 2

.PHONY: install test figures check-figures bench docs lint clean help

help:
	@echo "make test     - create .venv, install, run the whole test suite"
	@echo "make figures  - build notebooks/ from notebooks/src, execute them in place, regenerate figures/"
	@echo "make check-figures - make figures, then fail if notebooks/ or figures/ changed in git"
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
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup -q -rs --durations=20

figures: install
	$(BIN)/python notebooks/build_notebooks.py
	$(BIN)/python -m toolkit.figures

# Reproducibility check (CI, or before a release): a fresh `make figures` must leave git clean.
check-figures: figures
	@git diff --stat --exit-code -- notebooks figures || \
		(echo "make figures changed the committed notebooks/figures (diff above)"; exit 1)
	@test -z "$$(git status --porcelain -- notebooks figures)" || \
		(git status --porcelain -- notebooks figures; echo "make figures left untracked files"; exit 1)

bench: install
	$(BIN)/python -m benchmarks.run

docs: install
	$(BIN)/python -m sphinx -W --keep-going -b html docs docs/_build/html

lint: install
	$(BIN)/ruff check toolkit tests benchmarks notebooks
	$(BIN)/ruff format --check toolkit tests benchmarks notebooks/src notebooks/build_notebooks.py

clean:
	rm -rf $(VENV) .pytest_cache docs/_build
