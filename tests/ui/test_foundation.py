"""Settings, errors, background tasks and translations: the window's plumbing, as a user notices it."""

from __future__ import annotations

import errno
import json
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from core.base.jobs import Cancelled, Progress
from core.base.resources import resource

pytestmark = pytest.mark.gui


def test_settings_round_trip_and_upgrade(tmp_path: Path) -> None:
    from ui import settings

    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema_version": 1, "language": "en", "libraries": ["/photos"]}), encoding="utf-8")
    loaded = settings.load(path)
    assert loaded.schema_version == settings.SCHEMA_VERSION
    assert loaded.language == "en" and loaded.library_folders == ["/photos"]
    loaded.remember_case("/cases/a")
    loaded.remember_case("/cases/b")
    loaded.remember_case("/cases/a")
    settings.save(loaded, path)
    again = settings.load(path)
    assert again.recent_cases == ["/cases/a", "/cases/b"] and again.last_case == "/cases/a"
    assert not list(tmp_path.glob(".settings-*")), "no temp file left behind"


@pytest.mark.parametrize("content", ["{broken", "[]", json.dumps({"schema_version": 99, "language": "en"}),
                                     json.dumps({"language": 5, "recent_cases": "x"})])
def test_bad_settings_start_with_defaults(tmp_path: Path, content: str) -> None:
    from ui import settings

    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    loaded = settings.load(path)
    assert loaded.language in ("system", "en") and isinstance(loaded.recent_cases, list)


def test_uncaught_error_is_logged_and_shown_without_dialog(qapp: Any, private_data: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import logging
    import sys

    from ui import errors

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(logging.getLogger(), "handlers", list(logging.getLogger().handlers))
    path = errors.install()
    assert sys.excepthook is errors._hook
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError as error:
        errors._hook(type(error), error, error.__traceback__)
    message, details = errors.shown[-1]
    assert "磁盘" in message or "disk" in message.lower()
    assert "ENOSPC" in details or "No space left" in details
    assert path.is_file() and "No space left" in path.read_text(encoding="utf-8")
    assert str(path).startswith(str(private_data))


def test_background_job_reports_progress_result_and_error(qtbot: Any) -> None:
    from ui import tasks

    seen: list[Any] = []

    def job(progress: Any, cancel: threading.Event) -> int:
        assert threading.current_thread() is not threading.main_thread()
        for index in range(3):
            progress(Progress(index + 1, 3))
        return 42

    handle = tasks.run_in_background(job, on_done=seen.append, on_progress=lambda p: seen.append(p.done))
    qtbot.waitUntil(lambda: handle.is_finished, timeout=10000)
    assert seen[-1] == 42 and 3 in seen

    failures: list[BaseException] = []
    failing = tasks.run_in_background(lambda p, c: 1 / 0, on_error=failures.append)
    qtbot.waitUntil(lambda: failing.is_finished, timeout=10000)
    assert isinstance(failures[0], ZeroDivisionError)

    started, cancelled = threading.Event(), []

    def slow(progress: Any, cancel: threading.Event) -> None:
        started.set()
        while not cancel.wait(0.01):
            pass
        raise Cancelled()

    slow_job = tasks.run_in_background(slow, on_cancelled=lambda: cancelled.append(True))
    assert started.wait(10)
    slow_job.cancel()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=10000)


def test_synchronous_mode_runs_inline(qapp: Any) -> None:
    from ui import tasks

    results: list[int] = []
    tasks.set_synchronous(True)
    try:
        tasks.run_in_background(lambda p, c: 7, on_done=results.append)
    finally:
        tasks.set_synchronous(False)
    assert results == [7]


def test_every_translation_is_finished_and_compiled() -> None:
    for language in ("zh_CN", "en"):
        source = resource("i18n", f"yuantu_{language}.ts")
        assert resource("i18n", f"yuantu_{language}.qm").is_file()
        root = ET.parse(source).getroot()
        unfinished = [m.findtext("source") for m in root.iter("message")
                      if m.find("translation").get("type") == "unfinished"]  # type: ignore[union-attr]
        assert not unfinished, f"{language}: {unfinished[:5]}"
    chinese = ET.parse(resource("i18n", "yuantu_zh_CN.ts")).getroot()
    for message in chinese.iter("message"):
        text = "".join(message.find("translation").itertext())  # type: ignore[union-attr]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text) or text.startswith("照片"), message.findtext("source")


def test_window_speaks_chinese_by_default_and_switches_to_english(window: Any) -> None:
    assert window.start_view.new_button.text() == "新建投诉"
    assert window.windowTitle() == "原图投诉助手"
    window.set_language("en")
    assert window.start_view.new_button.text() == "New complaint"
    window.set_language("zh_CN")
    assert window.start_view.new_button.text() == "新建投诉"


def test_first_start_explains_what_to_do(window: Any, qtbot: Any, tmp_path: Path) -> None:
    start = window.start_view
    qtbot.waitUntil(lambda: not start.cases.loading, timeout=10000)
    assert start.empty_recent.isVisibleTo(start) and not start.case_tree.isVisibleTo(start)
    assert start.empty_library.isVisibleTo(start) and "添加文件夹" in start.empty_library.text()
    assert not start.remove_folder_button.isEnabled(), "nothing to remove yet"
    folder = tmp_path / "商品 照片"
    folder.mkdir()
    start.add_folder(str(folder))
    qtbot.waitUntil(lambda: not start.library.busy, timeout=30000)
    assert start.folder_list.isVisibleTo(start) and not start.empty_library.isVisibleTo(start)


def test_qt_calls_do_not_over_release_python_objects(qapp: Any) -> None:
    """PySide6 6.12.0 released None once too often on every void Qt call under Python 3.11, so a
    session of normal use ended in 'Fatal Python error: none_dealloc'. Guard the pinned version."""
    import sys

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(500):
        label.setVisible(False)
        label.setText("原图")
        label.setWordWrap(True)
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    assert all(now >= then - 50 for now, then in zip(after, before, strict=True)), (before, after)
