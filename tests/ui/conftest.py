"""Fixtures for the desktop tests: a private data folder, no dialogs, and a main window.

The application starts as on a computer without any system font (fontconfig given an empty
configuration while Qt reads it), so every GUI test sees what a bare machine shows: the window drawing
its Chinese with the font the app ships. Every test runs with YUANTU_DATA_DIR in its own tmp folder
(settings, cases, catalog, logs) and YUANTU_NO_ERROR_DIALOGS=1, so nothing blocks on a dialog; questions
the window would ask are answered by monkeypatching `ui.widgets.dialogs`. Background jobs run on the real
pools; tests wait with qtbot.waitUntil.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_jpeg

EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig></fontconfig>
"""
_application: Any = None  # kept for the whole session, as pytest-qt keeps its own


@pytest.fixture(scope="session")
def qapp(qapp_args: list[str], qapp_cls: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """pytest-qt's application, started without system fonts, with the window's font set as the app sets it."""
    global _application
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from ui.application import choose_font

    app = QApplication.instance()
    if app is None:
        config = tmp_path_factory.mktemp("fontconfig") / "empty.conf"
        config.write_text(EMPTY_FONTCONFIG, encoding="utf-8")
        saved = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = str(config)
        try:
            app = qapp_cls(qapp_args)
            QFontDatabase.families()  # fontconfig reads its configuration now, while it is the empty one
        finally:  # subprocesses (chromium, the CLI) keep the machine's fonts
            if saved is None:
                os.environ.pop("FONTCONFIG_FILE", None)
            else:
                os.environ["FONTCONFIG_FILE"] = saved
        _application = app
    choose_font(app)
    return app


@pytest.fixture(autouse=True)
def private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("YUANTU_DATA_DIR", str(data))
    monkeypatch.setenv("YUANTU_NO_ERROR_DIALOGS", "1")
    monkeypatch.setattr("ui.errors.shown", [])
    monkeypatch.setattr("ui.widgets.dialogs.informed", [])
    return data


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """A test that leaves background work or a Python thread running fails (as napari's fixtures do)."""
    before = set(threading.enumerate())
    yield
    from ui import tasks

    deadline = time.monotonic() + 30  # generous: CI shares two cores
    while time.monotonic() < deadline:
        left = [thread for thread in set(threading.enumerate()) - before
                if thread.is_alive() and not isinstance(thread, threading._DummyThread)]
        if not left and tasks.running() == 0:
            return
        time.sleep(0.05)
    pytest.fail(f"test left work running: {tasks.running()} task(s), threads {[t.name for t in left]}")


@pytest.fixture
def zh(qapp: Any) -> Iterator[None]:
    from ui import i18n

    i18n.install("zh_CN")
    yield
    i18n.install("zh_CN")


@pytest.fixture
def window(qtbot: Any, zh: None) -> Iterator[Any]:
    from ui import settings, tasks
    from ui.main_window import MainWindow

    main = MainWindow(settings.load())
    qtbot.addWidget(main)
    main.show()
    yield main
    main.shutdown()
    tasks.cancel_all()
    assert tasks.wait_for_all(60000), "background work did not finish"
    qtbot.waitUntil(lambda: tasks.running() == 0, timeout=10000)


def shoot(folder: Path, frames: int = 4, serial: str = "031234567890") -> list[Path]:
    """One camera body, frames minutes apart, each over 200 KB: a shoot that passes every rule."""
    paths = []
    for index in range(frames):
        minute = 10 + index * 4
        path = make_jpeg(folder / f"IMG_{1200 + index}.JPG", width=1600, height=1200, seed=11 + index * 17,
                         make="Canon", model="Canon EOS 6D", serial=serial, taken=f"2026:05:01 10:{minute:02d}:00")
        assert path.stat().st_size > 204800
        paths.append(path)
    return paths


def wait_idle(qtbot: Any, window: Any, timeout: int = 90000) -> None:
    """Until every background job finished and the case review reflects the current case."""
    from ui import tasks

    workspace = window.workspace
    qtbot.waitUntil(lambda: tasks.running() == 0 and not workspace.busy and not workspace.review_pending()
                    and workspace.review is not None, timeout=timeout)

