# Two commands on a fresh machine: `make run` and `make test` each bootstrap .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck dist clean bench screenshots translations font

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# On Linux, first the system libraries Qt's window plugin needs (scripts/qt_system_libs.py): installed
# with apt-get when run as root on Debian/Ubuntu, else the exact `sudo apt-get install ...` line and a stop.
run: $(STAMP)
	$(BIN)/python scripts/qt_system_libs.py
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

# lupdate refreshes the .ts sources from ui/ (keeping finished translations); lrelease compiles the .qm.
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find ui -name '*.py' | sort) -locations relative \
		-ts resources/i18n/yuantu_zh_CN.ts resources/i18n/yuantu_en.ts
	$(BIN)/pyside6-lrelease resources/i18n/*.ts

# Under Xvfb when it is installed (the real window system), else Qt's offscreen platform.
screenshots: $(STAMP)
	if command -v xvfb-run >/dev/null; then xvfb-run -a $(BIN)/python scripts/screenshots.py; \
	else $(BIN)/python scripts/screenshots.py; fi

# The installer for this machine (yuantu.spec), then its --self-test headless, the folder and zip sizes.
# PyInstaller collects a slim OpenCV (scripts/build_slim_opencv.py: built once from the official sdist into
# build/slim-opencv/, put first on PYTHONPATH for this one command), so .venv keeps the official wheel.
dist: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	if ls resources/i18n/*.ts >/dev/null 2>&1; then $(BIN)/pyside6-lrelease resources/i18n/*.ts; fi
	slim_cv2="$$($(BIN)/python scripts/build_slim_opencv.py --site)" && \
		PYTHONPATH="$$slim_cv2" $(BIN)/pyinstaller --noconfirm --clean yuantu.spec
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/dist_report.py

# The font the app draws its own Chinese with, cut from Debian's fonts-noto-cjk (resources/fonts/SOURCE.txt).
font: $(STAMP)
	$(BIN)/python scripts/build_font_subset.py

# build/slim-opencv (the slim OpenCV wheel, slow to make) stays: delete it by hand to rebuild it.
clean:
	find build -mindepth 1 -maxdepth 1 ! -name slim-opencv -exec rm -rf {} + 2>/dev/null || true
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache
