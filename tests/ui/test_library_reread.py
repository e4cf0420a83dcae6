"""The start screen says why a library scan reads photos it read before: the app learned to read more.

A catalog left by an app with older readers (its rows' facts version older than FACTS_VERSION) is scanned
from the window as a merchant would, in the helper process; the photos themselves stay as they were.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from core.library.catalog import Catalog
from tests.conftest import make_jpeg


def _scan_and_watch(qtbot: Any, window: Any) -> list[str]:
    start = window.start_view
    texts: list[str] = []
    window.library.progress.connect(lambda _progress: texts.append(start.scan_state.text()))
    window.library.scan()
    qtbot.waitUntil(lambda: not window.library.busy, timeout=60000)
    texts.append(start.scan_state.text())
    return texts


def test_the_scan_says_photos_are_reread_because_the_app_reads_more(qtbot: Any, window: Any,
                                                                    tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    photos = [make_jpeg(folder / f"IMG_{i}.JPG", 300, 200, seed=i) for i in range(3)]
    with Catalog() as catalog:  # the app's own catalog, in the test's data folder
        catalog.add_folder(folder)
        catalog.scan()
        db_path = catalog.path
    db = sqlite3.connect(db_path)
    db.execute("UPDATE files SET facts_version = NULL")  # read by an app that knew less
    db.commit()
    db.close()
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in photos]
    window.config.library_folders = [str(folder)]
    start = window.start_view
    notice = start.tr("Re-reading %n photo(s): this version of the app reads more from them (such as the camera "
                      "body's serial number). Your photos are not changed.", "", 3)
    texts = _scan_and_watch(qtbot, window)
    assert notice in texts  # said while it ran
    assert texts[-1].endswith(" · " + start.tr("%n read again", "", 3))
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in photos] == before
    quiet = _scan_and_watch(qtbot, window)  # everything up to date now: nothing about re-reading
    assert notice not in quiet
    assert quiet[-1] == start.tr("%n photo(s) in the library", "", 3) + " · " + start.tr("%n new", "", 0)


def test_the_suggestion_search_says_it_rereads_the_library(qtbot: Any, window: Any, tmp_path: Path) -> None:
    from tests.ui.conftest import shoot

    frames = shoot(tmp_path / "library")
    with Catalog() as catalog:
        catalog.add_folder(tmp_path / "library")
        catalog.scan()
        db_path = catalog.path
    db = sqlite3.connect(db_path)
    db.execute("UPDATE files SET facts_version = NULL")
    db.commit()
    db.close()
    window.new_case()
    view, workspace = window.case_view, window.workspace
    view.add_paths([str(frames[0])])
    qtbot.waitUntil(lambda: len(workspace.case.complaint) == 1, timeout=30000)
    window.config.library_folders = [str(tmp_path / "library")]
    panel = view.suggestions
    texts: list[str] = []
    original = panel._progress

    def watched(progress: Any) -> None:
        original(progress)
        texts.append(panel.intro.text())

    panel._progress = watched
    panel.find_suggestions()
    qtbot.waitUntil(lambda: panel.job is None, timeout=120000)
    notice = panel.tr("Re-reading %n photo(s) of the library: this version of the app reads more from them (such "
                      "as the camera body's serial number). Your photos are not changed.", "", len(frames))
    assert notice in texts
    assert notice != panel.intro.text()  # when the search is done, the panel says what it always says
