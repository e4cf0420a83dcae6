"""What a merchant trips over first: drops, adding big folders, saving, failed conversions, lost cases, words.

Each test drives the real window (offscreen, Chinese) the way a merchant would and checks what they see.
"""

from __future__ import annotations

import errno
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QStyleOptionViewItem, QTabWidget, QWidget

from core.case import casefile as core_case
from tests.conftest import CORPUS, make_jpeg
from tests.ui.conftest import shoot, wait_idle

pytestmark = pytest.mark.gui


_mime_alive: list[QMimeData] = []  # a QDropEvent does not own its data: keep it alive while the event is used


def _drop(paths: list[str] | None = None, urls: list[QUrl] | None = None) -> QDropEvent:
    """The drop event a file manager sends for these files (QUrl.fromLocalFile, as Explorer/Finder do)."""
    mime = QMimeData()
    mime.setUrls(urls if urls is not None else [QUrl.fromLocalFile(p) for p in paths or []])
    _mime_alive.append(mime)
    return QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)


def _drop_target(widget: QWidget) -> QWidget:
    """The widget Qt hands a drop to: the first one up the parent chain that accepts drops."""
    while not widget.acceptDrops():
        parent = widget.parentWidget()
        assert parent is not None, "nothing takes the drop"
        widget = parent
    return widget


def test_dropped_files_and_folders_with_chinese_and_spaced_names_are_added(window: Any, qtbot: Any,
                                                                            tmp_path: Path) -> None:
    folder = tmp_path / "我的 照片" / "新品 拍摄"
    frames = shoot(folder, frames=2)
    make_jpeg(folder / "子 文件夹" / "花絮 1.jpg", seed=5, serial="031234567890")
    (folder / "说明.txt").write_text("不是照片", encoding="utf-8")
    single = make_jpeg(tmp_path / "另一 张" / "商品 主图.JPG", seed=7)
    window.new_case()
    view = window.case_view
    sources = [str(single)] + [str(p) for p in frames] + [str(folder / "子 文件夹" / "花絮 1.jpg")]

    # onto the grid of pictures
    event = _drop([str(single)])
    view.grid.dropEvent(event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: len(view.workspace.case.images()) == 1, timeout=30000)
    # onto the hint above the grid ("drop photos here"): Qt passes it up to the case view, which takes it
    assert _drop_target(view.drop_hint) is view
    view.dropEvent(_drop([str(tmp_path / "我的 照片")]))
    qtbot.waitUntil(lambda: len(view.workspace.case.images()) == 4, timeout=30000)
    wait_idle(qtbot, window)
    assert sorted(e.source for _, e in view.workspace.case.images()) == sorted(sources)
    assert view.workspace.case.complaint[0].source == str(single)
    assert view.images.rowCount() == 4 and not view.drop_hint.isVisible()


def test_a_picture_dragged_from_a_browser_gets_an_explanation(window: Any) -> None:
    from ui.widgets import dialogs

    window.new_case()
    view = window.case_view
    event = _drop(urls=[QUrl("https://cbu01.alicdn.com/img/ibank/O1CN01.jpg")])
    view.grid.dropEvent(event)
    assert dialogs.informed and "电脑上的文件" in dialogs.informed[-1]
    assert view.workspace.case.images() == []


def test_adding_a_folder_shows_progress_and_can_be_stopped(window: Any, qtbot: Any, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.workspace

    frames = shoot(tmp_path / "大 文件夹", frames=4)
    slow = ui.workspace.make_entry

    def make_entry(*args: Any, **kwargs: Any) -> Any:  # a big folder on a slow disk
        time.sleep(0.4)
        return slow(*args, **kwargs)

    monkeypatch.setattr(ui.workspace, "make_entry", make_entry)
    window.new_case()
    view = window.case_view
    view.add_paths([str(tmp_path / "大 文件夹")])
    qtbot.waitUntil(lambda: view.add_progress.isVisible() and view.add_progress.maximum() == len(frames),
                    timeout=10000)
    assert view.add_cancel.isVisible() and view.add_progress.text().startswith("正在添加")
    view.add_cancel.click()
    qtbot.waitUntil(lambda: not view.workspace.adding_busy, timeout=10000)
    assert not view.add_progress.isVisible() and not view.add_cancel.isVisible()
    assert view.workspace.case.images() == []


def test_a_folder_without_pictures_says_so(window: Any, qtbot: Any, tmp_path: Path) -> None:
    from ui.widgets import dialogs

    empty = tmp_path / "视频 素材"
    empty.mkdir()
    (empty / "clip.mp4").write_bytes(b"\0" * 100)
    window.new_case()
    window.case_view.add_paths([str(empty)])
    qtbot.waitUntil(lambda: bool(dialogs.informed), timeout=10000)
    assert "没有找到照片" in dialogs.informed[-1]


def test_the_save_label_settles_once_everything_is_on_disk(window: Any, qtbot: Any, tmp_path: Path) -> None:
    frames = shoot(tmp_path / "shoot", frames=2)
    window.new_case()
    view = window.case_view
    view.add_paths([str(p) for p in frames])
    qtbot.waitUntil(lambda: len(view.workspace.case.images()) == 2, timeout=30000)
    wait_idle(qtbot, window)
    # inspections and the review arrive after the save: they must not leave "saving…" up for ever
    qtbot.waitUntil(lambda: view.save_state.text() == "已自动保存", timeout=5000)


def test_a_failed_save_says_so_and_saves_again_later(window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import errors

    window.new_case()
    view, folder = window.case_view, window.workspace.folder
    real_save = core_case.save_case

    def full_disk(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(core_case, "save_case", full_disk)
    view.listing.seller.setText("仿冒小店")
    qtbot.waitUntil(lambda: view.save_state.text() == "未保存", timeout=5000)
    assert len(errors.shown) == 1
    message, details = errors.shown[0]
    assert "磁盘已满" in message and "关闭" in message and "No space left" in details
    view.listing.seller.setText("仿冒小店2")  # still full: the label stays, no second dialog
    qtbot.wait(1800)  # its save fails too (debounced ~1 s)
    assert view.save_state.text() == "未保存" and window.workspace.unsaved and len(errors.shown) == 1

    monkeypatch.setattr(core_case, "save_case", real_save)
    view.listing.seller.setText("仿冒小店3")
    qtbot.waitUntil(lambda: view.save_state.text() == "已自动保存", timeout=5000)
    assert core_case.load_case(folder).seller == "仿冒小店3"


def test_killed_mid_edit_reopens_as_last_saved(window: Any, qtbot: Any, tmp_path: Path) -> None:
    from ui import settings, tasks
    from ui.main_window import MainWindow

    frames = shoot(tmp_path / "shoot", frames=2)
    window.new_case()
    view, folder = window.case_view, window.workspace.folder
    view.add_paths([str(p) for p in frames])
    view.listing.seller.setText("仿冒小店")
    qtbot.waitUntil(lambda: core_case.load_case(folder).seller == "仿冒小店" and not window.workspace.unsaved
                    and len(core_case.load_case(folder).images()) == 2, timeout=30000)
    # the app dies here: no close, no shutdown; a second window starts from what is on disk
    config = settings.load()
    assert config.last_case == str(folder)
    again = MainWindow(config)
    qtbot.addWidget(again)
    again.restore_last_case()
    assert again.workspace is not None and again.workspace.case.seller == "仿冒小店"
    assert again.case_view.images.rowCount() == 2
    again.workspace.close()
    assert tasks.wait_for_all(30000)


def test_a_deleted_or_broken_case_gets_a_message_not_a_traceback(window: Any, qtbot: Any) -> None:
    from ui import errors

    window.new_case()
    gone = window.workspace.folder
    window.show_start()
    window.new_case()
    broken = window.workspace.folder
    window.show_start()
    shutil.rmtree(gone)
    (broken / core_case.CASE_FILE).write_text("{ not json", encoding="utf-8")
    window.start_view.refresh()
    qtbot.waitUntil(lambda: not window.start_view.cases.loading, timeout=10000)
    cases = window.start_view.cases
    texts = [cases.item(g).child(r).text() for g in range(cases.rowCount()) for r in range(cases.item(g).rowCount())]
    assert texts == ["无法读取这个投诉"]  # the deleted one is gone from the list, the broken one says so
    assert window.open_case(str(broken)) is False
    assert window.open_case(str(gone)) is False
    assert len(errors.shown) == 2
    for message, _details in errors.shown:
        assert re.search(r"[\u4e00-\u9fff]", message) and "Traceback" not in message and "\n\n" in message
    assert str(gone) not in window.config.recent_cases and str(broken) not in window.config.recent_cases
    assert window.stack.currentWidget() is window.start_view


@pytest.mark.skipif(not (CORPUS / "raw" / "nikon_z9_he.dng").exists(), reason="needs ../shared/corpus")
def test_raws_that_cannot_convert_are_not_offered_again(window: Any, qtbot: Any) -> None:
    truncated, preview_only = CORPUS / "raw" / "canon_stripped.cr2", CORPUS / "raw" / "nikon_z9_he.dng"
    window.new_case()
    view = window.case_view
    view.add_paths([str(truncated), str(preview_only)])
    qtbot.waitUntil(lambda: len(view.workspace.case.images()) == 2, timeout=30000)
    wait_idle(qtbot, window)
    # the CR2 without image data can never convert (raw.truncated): the button counts only the DNG
    assert view.convertible() == [str(preview_only)]
    assert view.convert_button.isVisible() and "1" in view.convert_button.text()
    view.convert_clicked()
    qtbot.waitUntil(lambda: view.convert_job is None, timeout=60000)
    wait_idle(qtbot, window)
    entry = view.workspace.case.entry_for(str(preview_only))
    assert entry is not None and entry.converted is None and entry.conversion_findings
    # refused with a reason: clicking again would only fail again, so the button goes away
    assert view.convertible() == [] and not view.convert_button.isVisible()


def test_finding_rows_wrap_without_a_sideways_scrollbar(window: Any, qtbot: Any, tmp_path: Path) -> None:
    window.new_case()
    view = window.case_view
    small = [make_jpeg(tmp_path / f"微信图片_{i}.jpg", width=400, height=300, quality=60, seed=i) for i in range(5)]
    view.add_paths([str(p) for p in small])
    qtbot.waitUntil(lambda: len(view.workspace.case.images()) == 5, timeout=30000)
    wait_idle(qtbot, window)
    checklist = view.checklist.list
    qtbot.waitUntil(lambda: checklist.verticalScrollBar().maximum() > 0, timeout=5000)  # more rows than fit
    window.resize(window.width() - 1, window.height())  # one more layout pass, as a user resizing would
    qtbot.wait(50)
    assert checklist.horizontalScrollBar().maximum() == 0, "text runs past the right edge"
    option = QStyleOptionViewItem()
    checklist.initViewItemOption(option)
    for row in range(checklist.model().rowCount()):
        hint = checklist.itemDelegate().sizeHint(option, checklist.model().index(row, 0))
        assert hint.width() <= checklist.viewport().width(), "the row is laid out wider than it is shown"


# Latin words that may stand in Chinese text: file formats, brands, URL pieces of the examples.
_ALLOWED = {"raw", "heic", "heif", "jpg", "jpeg", "png", "cr2", "cr3", "nef", "arw", "dng", "raf", "orf", "rw2",
            "tif", "tiff", "webp", "https", "http", "detail", "com", "offer", "html", "www", "taobao", "tmall",
            "kb", "mb", "canon", "eos", "id", "url", "exif", "ai"}


def _visible_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        texts.append(widget.toolTip())
    return [t for t in texts if t]


def _english_words(texts: list[str]) -> set[str]:
    words = set()
    for text in texts:  # (URLs, paths and file names like IMG_1200.JPG are the user's, not ours)
        ours = re.sub(r"https?://\S+|/\S+|\S*_\S*|\S+\.[A-Za-z0-9]{2,4}\b", " ", text)
        for word in re.findall(r"[A-Za-z][A-Za-z0-9]{2,}", ours):
            if word.lower() not in _ALLOWED:
                words.add(word)
    return words


def test_no_english_leaks_into_the_chinese_window(window: Any, qtbot: Any, tmp_path: Path) -> None:
    texts = _visible_texts(window.start_view)
    texts += [action.text() for action in window.menuBar().actions()]
    for menu in window.menuBar().findChildren(QWidget):
        texts += [action.text() for action in menu.actions() if action.text() not in ("中文", "English")]
    frames = shoot(tmp_path / "shoot", frames=2)
    window.new_case()
    view = window.case_view
    texts += _visible_texts(view)
    view.add_paths([str(p) for p in frames])
    qtbot.waitUntil(lambda: len(view.workspace.case.images()) == 2, timeout=30000)
    wait_idle(qtbot, window)
    view.select(str(frames[0]), show_details=True)
    texts += _visible_texts(view)
    for panel in (view.suggestions, view.models):
        view.tabs.setCurrentWidget(panel)
        texts += _visible_texts(view)
    assert not _english_words(texts), sorted(_english_words(texts))


def test_after_export_the_bundle_folder_is_one_click_away(window: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from ui.widgets import dialogs

    opened: list[str] = []
    monkeypatch.setattr(dialogs, "open_folder", opened.append)
    window.new_case()
    view = window.case_view
    assert not view.bundle_button.isVisible()
    bundle = tmp_path / "导出" / "侵权投诉_仿冒小店_2026-05-01"
    view._exported(SimpleNamespace(refused=False, bundle=bundle, blockers=[]))
    assert view.bundle_button.isVisible() and view.bundle_button.text() == "打开资料包文件夹"
    assert "资料包在" in dialogs.informed[-1]
    view.bundle_button.click()
    assert opened == [str(bundle)]
