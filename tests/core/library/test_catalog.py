"""The library catalog: incremental scans, moved and deleted files, hashes and thumbnails."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import core.library.scan as library_scan
from core.base.jobs import Cancelled, Progress
from core.library.catalog import Catalog
from core.library.scan import LibrarySettings
from core.photo.phash import distance
from tests.conftest import CORPUS, exif_bytes, make_jpeg


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "照片 库"
    for i in range(4):
        make_jpeg(root / "shoot one" / f"IMG_{i:04d}.JPG", 400, 300, seed=i, taken=f"2026:05:01 10:0{i}:00")
    (root / "notes.txt").write_text("not a photo")
    (root / ".hidden").mkdir()
    make_jpeg(root / ".hidden" / "x.jpg", 64, 64)
    return root


def test_first_scan_then_unchanged_rescan_opens_nothing(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Catalog() as catalog:
        catalog.add_folder(library)
        first = catalog.scan()
        assert (first.files, first.added, first.unchanged) == (4, 4, 0)
        opened: list[str] = []
        real = library_scan.inspect_path
        monkeypatch.setattr(library_scan, "inspect_path", lambda *a, **k: opened.append(a[0]) or real(*a, **k))
        second = catalog.scan()
        assert (second.unchanged, second.added, second.updated, second.removed) == (4, 0, 0, 0)
        assert opened == []
        entries = catalog.entries()
    assert [Path(e.path).name for e in entries] == [f"IMG_{i:04d}.JPG" for i in range(4)]
    entry = entries[0]
    assert entry.camera.serial == "012345678901" and entry.taken_at == "2026-05-01T10:00:00"
    assert entry.verdict == "block" and "size.too_small" in entry.codes  # 400x300 is under 200KB
    assert "小于" in entry.rendered_findings()[0].message
    assert "below" in entry.rendered_findings(lang="en")[0].message


def test_catalog_file_lives_in_the_data_folder(data_dir: Path) -> None:
    with Catalog() as catalog:
        assert catalog.path.parent == data_dir
        assert catalog.thumbnails_dir == data_dir / "thumbnails"


def test_changed_deleted_and_moved_files_are_noticed(library: Path) -> None:
    with Catalog() as catalog:
        catalog.add_folder(library)
        catalog.scan()
        catalog.compute_hashes(workers=1)
        moved_from = library / "shoot one" / "IMG_0001.JPG"
        before = catalog.entry(str(moved_from))
        assert before is not None and before.sha256
        target = library / "elsewhere" / "IMG_0001.JPG"
        target.parent.mkdir()
        os.rename(moved_from, target)
        (library / "shoot one" / "IMG_0002.JPG").unlink()
        changed = library / "shoot one" / "IMG_0003.JPG"
        make_jpeg(changed, 420, 300, seed=9, taken="2026:05:01 11:00:00")
        summary = catalog.scan()
        assert (summary.moved, summary.removed, summary.updated, summary.unchanged) == (1, 1, 1, 1)
        after = catalog.entry(str(target))
        assert after is not None and after.sha256 == before.sha256 and after.phash == before.phash
        assert catalog.entry(str(moved_from)) is None
        renewed = catalog.entry(str(changed))
        assert renewed is not None and renewed.taken_at == "2026-05-01T11:00:00" and renewed.sha256 is None


def test_hashes_and_thumbnails_never_touch_the_originals(library: Path, data_dir: Path) -> None:
    files = sorted((library / "shoot one").glob("*.JPG"))
    before = {f: sha(f) for f in files}
    stamps = {f: f.stat().st_mtime_ns for f in files}
    seen: list[Progress] = []
    with Catalog() as catalog:
        catalog.add_folder(library)
        catalog.scan()
        assert catalog.compute_hashes(progress=seen.append, workers=1) == 4
        entries = catalog.entries()
        assert catalog.compute_hashes(workers=1) == 0  # nothing left to do
    assert seen[-1].done == seen[-1].total == 4
    for entry in entries:
        assert entry.sha256 == before[Path(entry.path)]
        assert entry.phash is not None and entry.thumbnail is not None
        assert Path(entry.thumbnail).is_relative_to(data_dir)
        with Image.open(entry.thumbnail) as thumb:
            assert max(thumb.size) <= 320
    assert {f: sha(f) for f in files} == before
    assert {f: f.stat().st_mtime_ns for f in files} == stamps


def test_thumbnails_stand_upright(tmp_path: Path) -> None:
    make_jpeg(tmp_path / "lib" / "turned.jpg", 600, 400, exif=exif_bytes(extra_0th={0x0112: 6}))
    with Catalog() as catalog:
        catalog.scan([str(tmp_path / "lib")])
        catalog.compute_hashes(workers=1)
        [entry] = catalog.entries()
    assert entry.orientation == 6 and entry.thumbnail
    with Image.open(entry.thumbnail) as thumb:
        assert thumb.height > thumb.width


def test_scan_and_hashing_can_be_cancelled(library: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with Catalog() as catalog:
        with pytest.raises(Cancelled):
            catalog.scan([str(library)], cancel=cancel)
        with pytest.raises(Cancelled):
            catalog.compute_hashes(cancel=cancel, workers=1)


def test_remove_folder_forgets_its_files_only(library: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    make_jpeg(other / "a.jpg", 300, 200)
    with Catalog() as catalog:
        catalog.add_folder(library)
        catalog.add_folder(other)
        catalog.scan()
        catalog.remove_folder(library)
        assert catalog.folders() == [str(other)]
        assert [Path(e.path).name for e in catalog.entries()] == ["a.jpg"]
    assert len(list((library / "shoot one").glob("*.JPG"))) == 4


def test_pool_scan_gives_the_same_records(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pooled = LibrarySettings(frozenset({"jpg"}), pool_threshold=0, workers=2, batch=1)
    monkeypatch.setattr(LibrarySettings, "from_profile", classmethod(lambda cls, profile=None: pooled))
    with Catalog(Path(library.parent / "pool.sqlite3")) as catalog:
        summary = catalog.scan([str(library)])
        assert summary.added == 4
        assert {e.taken_at for e in catalog.entries()} == {f"2026-05-01T10:0{i}:00" for i in range(4)}


def test_perceptual_hash_tells_repeats_from_other_pictures(tmp_path: Path) -> None:
    from core.library.thumbnails import perceptual_hash
    from tests.core.library.test_suggestions import scene_jpeg

    a = scene_jpeg(tmp_path / "a.jpg", scene=1, minute=0)
    again = scene_jpeg(tmp_path / "a2.jpg", scene=1, minute=1, noise_seed=5)
    other = scene_jpeg(tmp_path / "b.jpg", scene=2, minute=2)
    ha, h2, hb = (perceptual_hash(p, "jpeg") for p in (a, again, other))
    assert ha is not None and h2 is not None and hb is not None
    assert distance(ha, h2) <= 10 < distance(ha, hb)


@pytest.mark.corpus
def test_every_corpus_file_scans_and_hashes_without_a_crash() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    with Catalog() as catalog:
        summary = catalog.scan([str(CORPUS)])
        assert summary.files > 50
        catalog.compute_hashes(workers=1)
        entries = catalog.entries()
    assert len(entries) == summary.files
    decoded = [e for e in entries if e.phash is not None]
    assert len(decoded) > 40
    broken = next(e for e in entries if e.path.endswith("broken/exif_segment_overrun.jpg"))
    assert broken.verdict == "block"


def test_a_folder_that_cannot_be_opened_keeps_its_photos(library: Path, tmp_path: Path) -> None:
    """An external drive not plugged in at scan time: its photos (hashes, thumbnails) are not forgotten,
    the scan says which folder it could not open, and the next scan with the drive back reads nothing again."""
    other = tmp_path / "其他 文件夹"
    make_jpeg(other / "IMG_9000.JPG", 400, 300, seed=7)
    with Catalog() as catalog:
        catalog.add_folder(library)
        catalog.add_folder(other)
        catalog.scan()
        catalog.compute_hashes(workers=1)
        kept = catalog.entry(str(library / "shoot one" / "IMG_0000.JPG"))
        assert kept is not None and kept.sha256
        unplugged = tmp_path / "unplugged"
        os.rename(library, unplugged)  # the drive is gone: the added folder's path does not exist
        summary = catalog.scan()
        assert summary.unreachable == [str(library)]
        assert summary.removed == 0
        again = catalog.entry(str(library / "shoot one" / "IMG_0000.JPG"))
        assert again is not None and again.sha256 == kept.sha256
        os.rename(unplugged, library)  # plugged in again
        back = catalog.scan()
        assert (back.unreachable, back.added, back.updated, back.removed) == ([], 0, 0, 0)
        assert back.unchanged == 5


def test_an_unreadable_sub_folder_keeps_its_photos(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Catalog() as catalog:
        catalog.add_folder(library)
        catalog.scan()
        locked = str(library / "shoot one")
        real_scandir = os.scandir

        def scandir(path: Any) -> Any:
            if os.fspath(path) == locked:
                raise PermissionError(13, "Permission denied", locked)
            return real_scandir(path)

        monkeypatch.setattr(library_scan.os, "scandir", scandir)
        summary = catalog.scan()
        assert summary.removed == 0 and summary.unreachable == []  # the added folder itself was read
        assert catalog.entry(str(library / "shoot one" / "IMG_0003.JPG")) is not None
