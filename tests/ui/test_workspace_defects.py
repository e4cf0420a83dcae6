"""Issue 14, point 6: the workspace defects a new user met (each test drives what the user saw)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.library.suggestions import Suggestion
from tests.conftest import make_jpeg
from tests.ui.conftest import shoot, wait_idle
from ui.widgets import dialogs


def test_the_suggestions_tab_follows_a_library_folder_added_meanwhile(window: Any, qtbot: Any,
                                                                       tmp_path: Path) -> None:
    frames = shoot(tmp_path / "shoot", frames=1)
    window.new_case()
    view = window.case_view
    view.add_paths([str(frames[0])])
    qtbot.waitUntil(lambda: bool(view.workspace.case.complaint), timeout=30000)
    panel = view.suggestions
    before = panel.intro.text()
    assert not panel.find_button.isEnabled() and "文件夹" in before
    window.start_view.add_folder(str(tmp_path / "shoot"))  # as the tab's own "Add a photo library folder…" does
    assert panel.find_button.isEnabled() and panel.intro.text() != before  # at once, not after reopening
    qtbot.waitUntil(lambda: not window.library.busy, timeout=60000)


def test_a_suggestion_that_fails_a_rule_can_be_added_after_a_question(window: Any, qtbot: Any, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    frames = shoot(tmp_path / "shoot", frames=1)
    small = make_jpeg(tmp_path / "lib" / "IMG_0009.JPG", width=400, height=300, seed=9)
    window.new_case()
    view = window.case_view
    view.add_paths([str(frames[0])])
    qtbot.waitUntil(lambda: bool(view.workspace.case.complaint), timeout=30000)
    panel = view.suggestions
    failing = Suggestion(str(small), 0.1, ["同一台相机", "不符合规则：文件只有 30KB，小于平台要求的 200KB。"], False,
                         ["size.too_small"], "s1", True)
    panel._found(([failing], [str(tmp_path / "lib" / "IMG_0010.JPG")]))
    panel.list.setCurrentIndex(panel.model.index(0))
    assert panel.add_button.isEnabled()  # never a silently disabled button
    assert not panel.hidden_button.isHidden() and "1 张" in panel.hidden_button.text()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, question: asked.append(question) is not None)
    panel.add_button.click()
    assert asked and "200KB" in asked[0]  # the rule is named in the question
    assert view.workspace.case.entry_for(str(small)) is None  # declined: nothing added
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    panel.add_button.click()
    qtbot.waitUntil(lambda: view.workspace.case.entry_for(str(small)) is not None, timeout=30000)
    panel.show_hidden()
    assert "IMG_0010.JPG" in dialogs.informed[-1]
    wait_idle(qtbot, window)


def test_the_detail_pane_starts_each_photo_at_its_top(window: Any, qtbot: Any, tmp_path: Path) -> None:
    frames = shoot(tmp_path / "shoot", frames=2)
    window.new_case()
    view = window.case_view
    view.add_paths([str(p) for p in frames])
    qtbot.waitUntil(lambda: len(view.workspace.case.images()) == 2, timeout=30000)
    wait_idle(qtbot, window)
    view.select(str(frames[0]), show_details=True)
    bar = view.detail.list.verticalScrollBar()
    bar.setValue(bar.maximum())
    view.select(str(frames[1]), show_details=True)
    assert bar.value() == 0


def test_file_dialogs_start_in_pictures_then_remember_the_folder(window: Any, tmp_path: Path) -> None:
    start = Path(dialogs.start_folder())
    assert start.is_dir() and start != Path.cwd() or start == Path.home()
    photos = tmp_path / "我的照片"
    photos.mkdir()
    dialogs.remember_folder(str(photos / "IMG_1.JPG"))
    assert dialogs.start_folder() == str(photos)


def test_the_bundle_link_survives_a_restart_and_says_so_when_no_file_manager_opens(
        window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window.new_case()
    view = window.case_view
    bundle = tmp_path / "导出" / "侵权投诉_仿冒小店_2026-05-01"
    bundle.mkdir(parents=True)
    view.workspace.case.record("exported", bundle=str(bundle), zip=str(bundle) + ".zip", explained=[])
    view.workspace.touch()
    view.workspace.save_now()
    folder = str(view.workspace.folder)
    window.close_case()
    from ui import tasks

    assert tasks.wait_for_all(30000)
    assert window.open_case(folder)
    view = window.case_view
    assert not view.bundle_button.isHidden() and view.bundle_folder == str(bundle)
    monkeypatch.setattr(dialogs, "open_folder", lambda _path: False)
    view.open_bundle()
    assert str(bundle) in dialogs.informed[-1]


def test_help_has_a_short_guide_in_chinese(window: Any) -> None:
    texts = [a.text() for menu in window.menuBar().actions() if menu.menu() for a in menu.menu().actions()]
    assert "使用指南" in texts
    window.show_guide()
    guide = dialogs.informed[-1]
    assert "三个步骤" in guide and "说明理由" in guide and "200KB" in guide


def test_scanned_library_folders_keep_their_count_after_a_restart(window: Any, qtbot: Any, tmp_path: Path) -> None:
    from core.library.catalog import Catalog

    folder = tmp_path / "照片库"
    shoot(folder, frames=2)
    with Catalog() as catalog:  # an earlier session scanned it
        catalog.add_folder(str(folder))
        catalog.scan([str(folder)])
    window.config.library_folders = [str(folder)]
    assert window.start_view._describe_folder(str(folder)) == "尚未扫描"  # before the catalog is read back
    window.library.load_counts()  # what a new window does at start
    qtbot.waitUntil(lambda: str(folder) in window.library.counts, timeout=30000)
    assert window.start_view._describe_folder(str(folder)) == "2 张照片"


def test_switching_back_to_chinese_reuses_what_was_learned(window: Any, qtbot: Any, tmp_path: Path) -> None:
    """Findings were in English for seconds after switching back to 中文: every file was inspected again.
    Now each file's facts are kept per language, so switching back re-runs nothing."""
    frames = shoot(tmp_path / "shoot", frames=3)
    window.new_case()
    view = window.case_view
    view.add_paths([str(p) for p in frames])
    qtbot.waitUntil(lambda: len(view.workspace.case.images()) == 3, timeout=30000)
    wait_idle(qtbot, window)
    window.set_language("en")
    wait_idle(qtbot, window)
    facts = window.workspace.facts
    before = dict(facts.counts)
    window.set_language("zh_CN")
    wait_idle(qtbot, window)
    assert dict(facts.counts) == before  # nothing inspected, hashed or detected again
    view = window.case_view
    view.select(str(frames[0]), show_details=True)
    messages = [view.detail.findings.index(r).data() for r in range(view.detail.findings.rowCount())]
    assert messages and all(not m.isascii() for m in messages), messages
