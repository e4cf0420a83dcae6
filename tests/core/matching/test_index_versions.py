"""The visual index after the app changes how it reads pictures: rows made by other features are made again,
an index of the previous schema upgrades without re-indexing what is current, and the posting lists drop
the ids of replaced photos once those are most of them."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from core.matching import index as index_module
from core.matching.index import FEATURES_VERSION, MatchIndex
from tests.core.matching import scenes
from tests.core.matching.test_postings import _holders, _row

pytest.importorskip("cv2")

# The photos table of schema 2, as index.py made it before rows recorded their features version.
SCHEMA_2_PHOTOS = """CREATE TABLE photos (
    path TEXT PRIMARY KEY, bytes INTEGER, mtime_ns INTEGER, width INTEGER, height INTEGER,
    work_w INTEGER, work_h INTEGER, n INTEGER, xy BLOB, desc BLOB, words BLOB, error TEXT
)"""


@pytest.fixture
def photos(tmp_path: Path) -> list[tuple[str, int, int]]:
    folder = tmp_path / "library"
    folder.mkdir()
    for seed in (4, 5):
        scenes.save(scenes.scene(seed).resize((700, 525)), folder / f"p{seed}.jpg", 90)
    return [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())]


def _as_schema(path: Path, version: int) -> None:
    """Turn an index file into one of an earlier schema: the photos table without the features column."""
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE photos RENAME TO photos_now")
    db.execute(SCHEMA_2_PHOTOS)
    db.execute("INSERT INTO photos SELECT path, bytes, mtime_ns, width, height, work_w, work_h, n, xy, desc, words, "
               "error FROM photos_now")
    db.execute("DROP TABLE photos_now")
    db.execute(f"PRAGMA user_version={version}")
    db.commit()
    db.close()


def _features(path: Path) -> set[object]:
    db = sqlite3.connect(path)
    try:
        return {row[0] for row in db.execute("SELECT features FROM photos")}
    finally:
        db.close()


def test_rows_of_older_features_are_made_again_and_current_ones_are_not(
        photos: list[tuple[str, int, int]], tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    before = [hashlib.sha256(Path(p).read_bytes()).hexdigest() for p, _, _ in photos]
    with MatchIndex(path) as index:
        assert index.update(photos, workers=1) == 2
        assert index.update(photos, workers=1) == 0  # unchanged and current: not reopened
    db = sqlite3.connect(path)
    db.execute("UPDATE photos SET features = ? WHERE path = ?", (FEATURES_VERSION - 1, photos[0][0]))
    db.commit()
    db.close()
    with MatchIndex(path) as index:
        assert index.update(photos, workers=1) == 1  # the one made by older features
        assert len(index.words().paths) == 2
    assert _features(path) == {FEATURES_VERSION}
    assert [hashlib.sha256(Path(p).read_bytes()).hexdigest() for p, _, _ in photos] == before


def test_a_schema_2_index_upgrades_without_reindexing(photos: list[tuple[str, int, int]], tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    with MatchIndex(path) as index:
        index.update(photos, workers=1)
    _as_schema(path, 2)
    with MatchIndex(path) as index:  # schema 2 rows were made by today's features (version 1)
        assert index.update(photos, workers=1) == 0
        assert index.count() == 2
    assert _features(path) == {1}


def test_a_schema_1_index_is_reindexed_once(photos: list[tuple[str, int, int]], tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    with MatchIndex(path) as index:
        index.update(photos, workers=1)
    _as_schema(path, 1)  # its words may predate the table offsets: what made them is unknown
    with MatchIndex(path) as index:
        assert index.update(photos, workers=1) == 2
        assert index.update(photos, workers=1) == 0
    assert _features(path) == {FEATURES_VERSION}


def test_dead_postings_are_compacted_once_they_are_most_of_them(photos: list[tuple[str, int, int]],
                                                               tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"

    def age_every_row() -> None:
        db = sqlite3.connect(path)
        db.execute("UPDATE photos SET features = 0")
        db.commit()
        db.close()

    with MatchIndex(path) as index:
        index.update(photos, workers=1)
        assert index.dead_share() == 0.0
        age_every_row()
        assert index.update(photos, workers=1) == 2
        assert index.dead_share() == pytest.approx(0.5)  # half the ids are the replaced rows': not yet
        age_every_row()
        assert index.update(photos, workers=1) == 2  # two thirds dead: rebuilt at the end of the update
        assert index.dead_share() == 0.0
        assert len(index.words().paths) == 2


def test_compaction_keeps_every_live_posting_and_a_failed_one_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = MatchIndex(tmp_path / "i.sqlite3")
    index._store([_row("/lib/a.jpg", [1, 2, 3, 4]), _row("/lib/b.jpg", [1, 5, 6, 7])])
    index.post()
    for words in ([9, 2, 3, 4], [8, 2, 3, 4], [7, 2, 3, 4]):
        index._store([_row("/lib/a.jpg", words)])  # a.jpg replaced three times, each update posting it
        index.post()
    assert index.dead_share() == pytest.approx(3 / 5)  # of the 5 photo versions posted, 3 are replaced ones
    assert not index.compact(share=0.7)  # under the share asked: left alone

    def disk_full(*_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(index, "_append_postings", disk_full)
        with pytest.raises(sqlite3.OperationalError):
            index.compact()
    assert index.dead_share() == pytest.approx(3 / 5)  # rolled back: the lists are as they were
    assert _holders(index, 1) == ["/lib/b.jpg"] and _holders(index, 7) == ["/lib/a.jpg", "/lib/b.jpg"]
    assert index.compact()
    assert index.dead_share() == 0.0
    assert _holders(index, 1) == ["/lib/b.jpg"] and _holders(index, 7) == ["/lib/a.jpg", "/lib/b.jpg"]
    assert _holders(index, 2) == ["/lib/a.jpg"] and _holders(index, 9) == []
    posted = index.postings(np.array([2], dtype=np.uint32))
    assert len(posted.ids) == 1  # the dead ids are gone from the list itself
    assert index_module.COMPACT_SHARE == 0.5
    index.close()


def test_a_full_disk_leaves_the_index_as_it_was_and_usable(tmp_path: Path) -> None:
    """SQLite's page cap stands in for a full disk: the update fails, nothing half-written stays, and once
    there is room again the same index (same connection) takes the photos."""
    folder = tmp_path / "library"
    folder.mkdir()
    for seed in range(6, 12):
        scenes.save(scenes.scene(seed).resize((700, 525)), folder / f"p{seed}.jpg", 90)
    files = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())]
    index = MatchIndex(tmp_path / "index.sqlite3")
    assert index.update(files[:1], workers=1) == 1
    pages = int(index._db.execute("PRAGMA page_count").fetchone()[0])
    index._db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        index.update(files, workers=1)
    assert not index._db.in_transaction
    assert index.count() == 1
    index._db.execute("PRAGMA max_page_count = 1073741823")
    assert index.update(files, workers=1) == len(files) - 1
    assert index.count() == len(files)


def test_a_failure_inside_a_write_leaves_the_connection_usable(photos: list[tuple[str, int, int]], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    index = MatchIndex(tmp_path / "index.sqlite3")

    def broken(rows: object) -> None:
        raise MemoryError("no memory for the posting lists")

    monkeypatch.setattr(index, "_append_postings", broken)
    with pytest.raises(MemoryError):
        index.update(photos, workers=1)
    assert not index._db.in_transaction  # else every later write: "cannot start a transaction within a transaction"
    monkeypatch.undo()
    index.post()  # the rows stored before the failure are posted now
    assert index.count() == len(photos)
    assert len(index.words().paths) == len(photos)


def test_refresh_forgets_deleted_photos_but_not_an_unplugged_drive(tmp_path: Path) -> None:
    """The index follows the library: a photo deleted from a folder that was read is forgotten (the file does
    not grow with every deleted photo); a folder that cannot be opened keeps its photos for when it is back."""
    desk, drive = tmp_path / "照片", tmp_path / "移动硬盘"
    for folder, seeds in ((desk, (13, 14)), (drive, (15,))):
        folder.mkdir()
        for seed in seeds:
            scenes.save(scenes.scene(seed).resize((700, 525)), folder / f"p{seed}.jpg", 90)
    index = MatchIndex(tmp_path / "index.sqlite3")
    folders = [str(desk), str(drive)]
    jpegs = frozenset({"jpg"})
    assert len(index.refresh(folders, jpegs, workers=1)) == 3
    (desk / "p13.jpg").unlink()
    os.rename(drive, tmp_path / "unplugged")
    present = index.refresh(folders, jpegs, workers=1)
    assert present == {str(desk / "p14.jpg")}
    assert index.count() == 2  # p13 forgotten; the drive's photo kept
    os.rename(tmp_path / "unplugged", drive)
    assert len(index.refresh(folders, jpegs, workers=1)) == 2
    assert index.count() == 2
