# Two commands on a fresh machine: `make run` (the wizard) and `make test` (the tests).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run install test lint types bench golden clean

# Where `make run` writes documents: outside the checkout, in your home folder.
OUT   ?= $(HOME)/sharewiz-documents
RUN   := $(VENV)/.run-installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $(RUN)

# The wizard needs only sharewiz's own dependencies, not the developer tools.
$(RUN): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN)

# Ctrl-C stops the wizard with 130 and "answers are saved": that is not a make error.
run: $(RUN)
	@mkdir -p "$(OUT)"
	@echo "Documents go in $(OUT) (make run OUT=folder to change it)."
	@cd "$(OUT)" && "$(CURDIR)/$(BIN)/sharewiz" new $(ARGS); code=$$?; \
	  if [ $$code -eq 130 ]; then exit 0; else exit $$code; fi

# Puts `sharewiz` on your PATH (pipx if you have it, else pip --user).
install:
	@if command -v pipx >/dev/null 2>&1; then pipx install --force .; \
	  else $(PYTHON) -m pip install --user .; fi
	@echo "Installed: run 'sharewiz --help' (open a new terminal if it is not found)."

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports  # the layers import only downward (pyproject [tool.importlinter])

types: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint types
	$(BIN)/python -m pytest $(PYTEST_ARGS)

golden: $(STAMP)
	$(BIN)/python -m pytest tests --update-golden -q

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
