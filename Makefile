# guihua: two commands to know, `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip

.PHONY: demo test lint bench docs clean install dev bundle

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(PIP) install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

## make demo: install, build the demo database from the bundled Hengyang plan and data, show it
demo: $(VENV)/.installed
	$(VENV)/bin/guihua demo

## make test: install with dev dependencies, lint, type-check and run the whole suite
test: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check guihua tests benchmarks deploy
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -n 2

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check guihua tests benchmarks deploy
	$(VENV)/bin/mypy

## make bench: print speed and quality figures (asserts nothing)
bench: $(VENV)/.dev-installed
	$(PY) benchmarks/run.py

## make docs: regenerate the CLI reference (docs/cli.md) and the field reference (docs/fields.md)
docs: $(VENV)/.installed
	$(PY) docs/gen_cli.py > docs/cli.md.tmp && mv docs/cli.md.tmp docs/cli.md
	$(PY) docs/gen_fields.py > docs/fields.md.tmp && mv docs/fields.md.tmp docs/fields.md

## make bundle: dist/bundle/, everything to install offline on Linux x86_64 and Windows amd64 (docs/deploy.md)
bundle: $(VENV)/.dev-installed
	$(PY) deploy/bundle.py --out dist/bundle

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
