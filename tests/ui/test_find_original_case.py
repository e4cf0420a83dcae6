"""找原图 from the case workspace, end to end: the listing image dropped into the dialog, "Use as complaint
picture" clicked once, and the chosen original is the complaint picture, the choice and its comparison picture
are recorded in the case, and the behind-the-scenes suggestions are those of the original's shoot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.case import casefile as core_case
from tests.conftest import exif_bytes
from tests.core.matching import scenes
from tests.ui.conftest import wait_idle

pytest.importorskip("cv2")
pytestmark = pytest.mark.gui


def _frame(image: Any, path: Path, serial: str, taken: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=92, exif=exif_bytes(make="Canon", model="Canon EOS 6D", serial=serial,
                                                          taken=taken, size=image.size))
    return path


def test_chosen_original_becomes_the_complaint_with_its_evidence_and_shoot(window: Any, qtbot: Any,
                                                                           tmp_path: Path) -> None:
    from ui.views.match_dialog import MatchDialog

    library = tmp_path / "照片库"
    stolen = scenes.frames(21)
    shoot = [_frame(stolen["a"], library / "5月1日" / "IMG_0101.JPG", "0311", "2026:05:01 10:00:00"),
             _frame(scenes.frames(22)["a"], library / "5月1日" / "IMG_0102.JPG", "0311", "2026:05:01 10:04:00"),
             _frame(scenes.frames(23)["a"], library / "5月1日" / "IMG_0103.JPG", "0311", "2026:05:01 10:08:00")]
    other = [_frame(scenes.frames(31)["a"], library / "3月" / "DSC_0001.JPG", "9900", "2026:03:02 15:00:00"),
             _frame(scenes.frames(32)["a"], library / "3月" / "DSC_0002.JPG", "9900", "2026:03:02 15:05:00")]
    listing = scenes.save(scenes.screenshot(stolen["a"]), tmp_path / "对方商品图.png")
    window.config.library_folders = [str(library)]
    window.new_case()
    view, workspace = window.case_view, window.workspace
    view.add_paths([str(other[0])])  # the merchant first picked a photo by eye
    qtbot.waitUntil(lambda: len(workspace.case.complaint) == 1, timeout=30000)
    panel = view.suggestions
    panel.find_suggestions()
    qtbot.waitUntil(lambda: panel.job is None and panel.found_for == str(other[0]), timeout=120000)
    assert str(other[1]) in [s.path for s in panel.model.suggestions()]

    view.find_original_clicked()
    dialog = view.findChild(MatchDialog)
    assert dialog is not None and dialog.use_button.isVisible()
    dialog.search(str(listing))
    qtbot.waitUntil(lambda: dialog.candidates.count() > 0, timeout=120000)
    assert dialog.result.candidates[0].path == str(shoot[0]), dialog.result.to_json()
    qtbot.waitUntil(dialog.use_button.isEnabled, timeout=60000)
    dialog.use_button.click()  # the one click

    qtbot.waitUntil(lambda: bool(workspace.case.matches), timeout=60000)
    assert [e.source for e in workspace.case.complaint] == [str(shoot[0])]
    assert str(other[0]) in [e.source for e in workspace.case.bts]  # the earlier pick stays, behind the scenes
    (record,) = workspace.case.matches
    entry = workspace.case.complaint[0]
    assert record.original == entry.source and record.original_sha256 == entry.sha256
    assert record.listing_name == "对方商品图.png" and not record.ambiguous
    kept = workspace.folder / record.comparison
    assert kept.parent == workspace.folder / core_case.EVIDENCE_DIR and kept.is_file()
    assert (workspace.folder / str(record.listing_copy)).read_bytes() == listing.read_bytes()
    assert workspace.case.history[-1].action == "matched"
    # only the chosen picture is kept in the case: the ones drawn while looking are not
    assert sorted(p.name for p in kept.parent.iterdir()) == sorted([kept.name, Path(str(record.listing_copy)).name])

    # the suggestions follow the new complaint picture's shoot
    assert view.tabs.currentWidget() is panel
    qtbot.waitUntil(lambda: panel.job is None and panel.found_for == str(shoot[0]), timeout=120000)
    paths = [s.path for s in panel.model.suggestions()]
    assert {str(shoot[1]), str(shoot[2])} <= set(paths), paths
    assert str(other[1]) not in paths
    wait_idle(qtbot, window)
    assert not [i for i in workspace.review.warnings() if i.finding.code.startswith("case.comparison")]
    workspace.save_now()
    qtbot.waitUntil(lambda: bool(core_case.load_case(workspace.folder).matches), timeout=10000)
    assert core_case.load_case(workspace.folder).matches == [record]


@pytest.mark.parametrize("gone", ["before", "after"])
def test_an_original_gone_before_it_is_recorded_is_named(window: Any, qtbot: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch, gone: str) -> None:
    """Moved or deleted between the search and the click (or while its evidence is kept): a message naming
    the file, nothing recorded, never a traceback dialog."""
    from core.case import comparisons
    from core.matching.query import Candidate
    from ui import errors
    from ui.views.match_choice import use_original
    from ui.views.match_dialog import Choice

    listing = scenes.save(scenes.screenshot(scenes.frames(5)["a"]), tmp_path / "listing.png")
    original = _frame(scenes.frames(5)["a"], tmp_path / "照片" / "IMG_0009.JPG", "0311", "2026:05:01 10:00:00")
    if gone == "before":
        original.unlink()
    else:  # added to the case, then gone while the listing and the picture are copied in
        real = comparisons.prepare_match

        def vanish(*args: Any, **kwargs: Any) -> Any:
            original.unlink()
            return real(*args, **{**kwargs, "original_sha256": None})

        monkeypatch.setattr("ui.views.match_choice.prepare_match", vanish)
    window.new_case()
    workspace = window.workspace
    candidate = Candidate(str(original), 0.9, False, [0, 0, 700, 500], [0, 0, 640, 480], 1, [], 0.9, 20,
                          [[0.9, 0.0, 0.0], [0.0, 0.9, 0.0]], (1400, 1050))
    use_original(workspace, Choice(str(listing), "listing.png", candidate, False, None, None))
    qtbot.waitUntil(lambda: bool(errors.shown), timeout=30000)
    message, details = errors.shown[-1]
    assert str(original) in message and "Traceback" not in message
    assert workspace.case.matches == []
