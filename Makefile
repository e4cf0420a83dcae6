# Two commands on a fresh machine: `make run` and `make test` each bootstrap .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck dist clean bench screenshots translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python app.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/inspect.py

translations: $(STAMP)
	$(BIN)/pyside6-lrelease resources/i18n/*.ts

dist: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/pyinstaller --noconfirm --clean yuantu.spec
	QT_QPA_PLATFORM=offscreen dist/yuantu/yuantu --self-test

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
