"""找原图 in the window: a listing image given to the dialog lists the library original first, shows the
comparison picture, and "Use as complaint picture" hands the choice (original, listing, picture) to the case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.core.matching import scenes

pytest.importorskip("cv2")
pytestmark = pytest.mark.gui


def test_dialog_finds_the_original_and_hands_it_over(qtbot: Any, tmp_path: Path) -> None:
    from ui.views.match_dialog import MatchDialog

    library = tmp_path / "photos"
    library.mkdir()
    frames = scenes.frames(6)
    for tag in ("a", "b"):
        scenes.save(frames[tag], library / f"IMG_{tag}.jpg", 92)
    listing = scenes.save(scenes.screenshot(frames["b"]), tmp_path / "listing.png")
    chosen: list[Any] = []
    dialog = MatchDialog(lambda: [str(library)], "en", chosen.append)
    qtbot.addWidget(dialog)
    dialog.search(str(listing))
    qtbot.waitUntil(lambda: dialog.candidates.count() > 0, timeout=120000)
    assert Path(dialog.result.candidates[0].path).name == "IMG_b.jpg" or dialog.result.ambiguous
    qtbot.waitUntil(dialog.use_button.isEnabled, timeout=60000)
    # pictures drawn while the user looks stay in the dialog's own temporary folder
    assert dialog.comparison and Path(dialog.comparison).parent == Path(dialog.scratch.name)
    dialog.use_button.click()
    (choice,) = chosen
    assert choice.candidate is dialog.result.candidates[0] and choice.picture == dialog.comparison
    assert choice.listing == str(listing) and choice.listing_name == "listing.png"
    assert Path(choice.picture).is_file() and (dialog.result.ambiguous or not choice.ambiguous)


def test_dialog_says_what_is_wrong_with_a_bad_query(qtbot: Any, tmp_path: Path) -> None:
    from ui.views.match_dialog import MatchDialog

    library = tmp_path / "photos"
    library.mkdir()
    scenes.save(scenes.frames(7)["a"], library / "IMG_a.jpg", 92)
    bad = tmp_path / "listing.jpg"
    bad.write_text("not a picture", encoding="utf-8")
    dialog = MatchDialog(lambda: [str(library)], "en")
    qtbot.addWidget(dialog)
    assert not dialog.use_button.isVisible()
    dialog.search(str(bad))
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=120000)
    assert dialog.candidates.count() == 0 and "cannot be read" in dialog.status.text()
