"""The start screen says when a library folder could not be opened (an external drive not plugged in),
and that its photos are kept, instead of silently forgetting them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from core.library.catalog import Catalog
from tests.conftest import make_jpeg


def test_an_unplugged_drive_is_named_and_its_photos_stay(qtbot: Any, window: Any, tmp_path: Path) -> None:
    drive = tmp_path / "移动硬盘"
    for i in range(2):
        make_jpeg(drive / f"IMG_{i}.JPG", 300, 200, seed=i)
    window.config.library_folders = [str(drive)]
    window.library.scan()
    qtbot.waitUntil(lambda: not window.library.busy, timeout=60000)
    os.rename(drive, tmp_path / "elsewhere")
    window.library.scan()
    qtbot.waitUntil(lambda: not window.library.busy, timeout=60000)
    start = window.start_view
    text = start.scan_state.text()
    assert start.tr("Could not open %1 (is the drive connected?). Its photos stay in the library; "
                    "scan again once it is back.").replace("%1", "移动硬盘") in text
    with Catalog() as catalog:
        assert len([e for e in catalog.entries() if e.path.startswith(str(drive))]) == 2
