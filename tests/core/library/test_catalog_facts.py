"""A merchant's existing catalog gets what newer readers learn (FACTS_VERSION), without the photos changing.

The catalog never reopens a file whose size and mtime are unchanged, so facts a newer reader finds (a body
serial kept only in the MakerNote, issue 15) would never reach an old catalog. Each row records the facts
version it was read with; a scan re-reads older rows. The old-schema catalog here is built from the schema
text every catalog before facts versions had, as a file on disk, and opened by today's code.
"""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from PIL import Image

import core.library.scan as library_scan
from core.base.jobs import Cancelled, Progress
from core.base.rules import load_profile
from core.library import catalog_schema
from core.library.catalog import Catalog, ScanProgress
from core.library.scan import FACTS_VERSION, LibrarySettings, ScanRecord, inspect_record
from tests.conftest import make_jpeg
from tests.core.photo.tiff_kit import exif_with_makernote, ifd, jpeg_with_app1, long_entry

# The catalog's schema 1, exactly as catalog.py wrote it before facts versions (user_version 1).
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS folders (path TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, bytes INTEGER, mtime_ns INTEGER, type TEXT, make TEXT, model TEXT, serial TEXT,
    taken_at TEXT, verdict TEXT, findings TEXT, width INTEGER, height INTEGER, orientation INTEGER,
    latitude REAL, longitude REAL, profile TEXT,
    sha256 TEXT, phash INTEGER, thumbnail TEXT, hashed_mtime_ns INTEGER
);
CREATE INDEX IF NOT EXISTS files_sha256 ON files (sha256);
PRAGMA user_version=1;
"""


def canon_with_makernote_serial(path: Path, serial: int, seed: int) -> Path:
    """A Canon JPEG whose body serial is only in the MakerNote (tag 0x000C), as Canon bodies write it."""
    buffer = io.BytesIO()
    Image.new("RGB", (96, 64), (seed * 40 % 256, 120, 150)).save(buffer, "JPEG", quality=90)
    note = exif_with_makernote("Canon", "Canon EOS 5D Mark III", lambda at: ifd([long_entry(0x000C, serial)], at, 0),
                               "<", f"2026:05:01 10:0{seed}:00")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(jpeg_with_app1(buffer.getvalue(), note))
    return path


@pytest.fixture
def shoot(tmp_path: Path) -> Path:
    root = tmp_path / "photos"
    for i in range(2):
        canon_with_makernote_serial(root / f"A_{i}.JPG", 1234567 + i, i)
    for i in range(4):
        make_jpeg(root / f"B_{i}.JPG", 300, 200, seed=i, taken=f"2026:05:01 11:0{i}:00")
    return root


def stamps(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file's sha256 and mtime: what "the photos are not changed" means."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def count_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []
    real = library_scan.inspect_path
    monkeypatch.setattr(library_scan, "inspect_path",
                        lambda *a, **k: opened.append(os.path.basename(a[0])) or real(*a, **k))
    return opened


def old_catalog(db_path: Path, folder: Path) -> None:
    """A catalog file as the previous app left it: schema 1, every photo read by readers that knew no MakerNote
    serial (so `serial` is empty), hashes computed."""
    db = sqlite3.connect(db_path)
    db.executescript(OLD_SCHEMA)
    db.execute("INSERT INTO folders VALUES (?)", (str(folder),))
    profile = load_profile()
    for path in sorted(folder.iterdir()):
        record = inspect_record(str(path), profile)
        db.execute("INSERT INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   (record.path, record.bytes, record.mtime_ns, record.type, record.make, record.model, None,
                    record.taken_at, record.verdict, record.findings_json(), record.width, record.height,
                    record.orientation, record.latitude, record.longitude, profile.id,
                    "0" * 64, 42, None, record.mtime_ns))
    db.commit()
    db.close()


def test_a_previous_schema_catalog_upgrades_and_its_photos_gain_the_serials(
        shoot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "old.sqlite3"
    old_catalog(db_path, shoot)
    before = stamps(shoot)
    with Catalog(db_path) as catalog:
        assert catalog.entry(str(shoot / "A_0.JPG")).camera.serial is None  # type: ignore[union-attr]
        opened = count_opens(monkeypatch)
        summary = catalog.scan()
        assert (summary.reread, summary.unchanged, summary.added, summary.updated, summary.removed) == (6, 0, 0, 0, 0)
        assert sorted(opened) == sorted(p.name for p in shoot.iterdir())
        first, second = catalog.entry(str(shoot / "A_0.JPG")), catalog.entry(str(shoot / "A_1.JPG"))
        assert first is not None and second is not None
        assert first.camera.serial and second.camera.serial and first.camera.serial != second.camera.serial
        assert first.sha256 == "0" * 64 and first.phash == 42  # the bytes are the same: hashes kept, not redone
        opened.clear()
        again = catalog.scan()
        assert (again.reread, again.unchanged) == (0, 6) and opened == []
    assert stamps(shoot) == before  # read, never written
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == catalog_schema.SCHEMA_VERSION
    assert {row[0] for row in db.execute("SELECT facts_version FROM files")} == {FACTS_VERSION}


def test_a_new_catalog_and_an_upgraded_one_have_the_same_schema(shoot: Path, tmp_path: Path) -> None:
    old_catalog(tmp_path / "old.sqlite3", shoot)
    Catalog(tmp_path / "old.sqlite3").close()
    Catalog(tmp_path / "new.sqlite3").close()

    def schema(path: Path) -> list[tuple[str, ...]]:
        db = sqlite3.connect(path)
        tables = [(name, *(str(c) for c in db.execute(f"PRAGMA table_info({name})")))
                  for (name,) in db.execute("SELECT name FROM sqlite_master ORDER BY name")]
        return [*tables, (str(db.execute("PRAGMA user_version").fetchone()[0]),)]

    assert schema(tmp_path / "old.sqlite3") == schema(tmp_path / "new.sqlite3")


def test_an_upgrade_that_fails_leaves_the_old_catalog_whole(shoot: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "old.sqlite3"
    old_catalog(db_path, shoot)
    monkeypatch.setitem(catalog_schema.MIGRATIONS, 1, (*catalog_schema.MIGRATIONS[1], "THIS IS NOT SQL"))
    with pytest.raises(sqlite3.Error):
        Catalog(db_path)
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "facts_version" not in {row[1] for row in db.execute("PRAGMA table_info(files)")}
    assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 6
    db.close()
    monkeypatch.undo()
    with Catalog(db_path) as catalog:  # the next start upgrades it
        assert len(catalog.entries()) == 6


def test_only_rows_read_with_an_older_facts_version_are_reopened(shoot: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "catalog.sqlite3"
    with Catalog(db_path) as catalog:
        catalog.add_folder(shoot)
        catalog.scan()
        assert catalog.compute_hashes(workers=1) == 6
        hashed = catalog.entry(str(shoot / "A_1.JPG"))
        assert hashed is not None and hashed.camera.serial and hashed.thumbnail
    db = sqlite3.connect(db_path)  # as an older app left two rows: read before it knew MakerNote serials
    db.execute("UPDATE files SET facts_version = ?, serial = NULL WHERE path LIKE '%A\\_%' ESCAPE '\\'",
               (FACTS_VERSION - 1,))
    db.commit()
    db.close()
    with Catalog(db_path) as catalog:
        opened = count_opens(monkeypatch)
        seen: list[Progress] = []
        summary = catalog.scan(progress=seen.append)
        assert (summary.reread, summary.unchanged) == (2, 4)
        assert sorted(opened) == ["A_0.JPG", "A_1.JPG"]  # the up-to-date rows were not opened
        after = catalog.entry(str(shoot / "A_1.JPG"))
        assert after is not None and after.camera == hashed.camera
        assert (after.sha256, after.phash, after.thumbnail) == (hashed.sha256, hashed.phash, hashed.thumbnail)
        assert catalog.compute_hashes(workers=1) == 0  # nothing to hash again
        rereading = [p for p in seen if isinstance(p, ScanProgress) and p.rereading]
        assert rereading[0] == ScanProgress(0, 2, None, rereading=True)  # said before the first read
        assert rereading[-1].done == 2


def test_bumping_the_facts_version_rereads_every_photo_once(shoot: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with Catalog(tmp_path / "catalog.sqlite3") as catalog:
        catalog.add_folder(shoot)
        catalog.scan()
        monkeypatch.setattr(library_scan, "FACTS_VERSION", FACTS_VERSION + 1)  # a reader learned something
        seen: list[Progress] = []
        assert catalog.scan(progress=seen.append).reread == 6
        assert catalog.scan(progress=seen.append).reread == 0
        assert sum(isinstance(p, ScanProgress) and p.rereading and p.done == 0 for p in seen) == 1


def test_nothing_to_reread_says_nothing(shoot: Path, tmp_path: Path) -> None:
    with Catalog(tmp_path / "catalog.sqlite3") as catalog:
        catalog.add_folder(shoot)
        seen: list[Progress] = []
        catalog.scan(progress=seen.append)
        catalog.scan(progress=seen.append)
    assert seen and not any(isinstance(p, ScanProgress) and p.rereading for p in seen)


def stale_catalog(db_path: Path, folder: Path) -> None:
    with Catalog(db_path) as catalog:
        catalog.add_folder(folder)
        catalog.scan()
    db = sqlite3.connect(db_path)
    db.execute("UPDATE files SET facts_version = NULL, serial = NULL")
    db.commit()
    db.close()


def test_a_cancelled_reread_keeps_what_it_read_and_resumes(shoot: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "catalog.sqlite3"
    stale_catalog(db_path, shoot)
    small = LibrarySettings(frozenset({"jpg"}), pool_threshold=10_000, workers=1, batch=2)
    monkeypatch.setattr(LibrarySettings, "from_profile", classmethod(lambda cls, profile=None: small))
    cancel = threading.Event()

    def stop_after_the_first_batch(progress: Progress) -> None:
        if isinstance(progress, ScanProgress) and progress.done >= 2:
            cancel.set()  # the user pressed Cancel

    with Catalog(db_path) as catalog:
        with pytest.raises(Cancelled):
            catalog.scan(progress=stop_after_the_first_batch, cancel=cancel)
        done = {e.path for e in catalog.entries() if e.camera.serial}
        assert len(done) == 2 and len(catalog.entries()) == 6  # the first batch is kept; nothing was dropped
        opened = count_opens(monkeypatch)
        summary = catalog.scan()
        assert summary.reread == 4 and summary.unchanged == 2
        assert len(opened) == 4 and not {str(shoot / name) for name in opened} & done  # none read twice
        assert all(e.camera.serial for e in catalog.entries())


def test_a_reread_that_crashes_loses_no_facts(shoot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "catalog.sqlite3"
    stale_catalog(db_path, shoot)
    real = library_scan.inspect_record
    calls: list[str] = []

    def crash_on_the_fourth(path: str, profile: object = None) -> ScanRecord:
        calls.append(path)
        if len(calls) == 4:
            raise MemoryError("the process dies here")
        return real(path, profile)  # type: ignore[arg-type]

    monkeypatch.setattr(library_scan, "inspect_record", crash_on_the_fourth)
    with Catalog(db_path) as catalog, pytest.raises(MemoryError):
        catalog.scan()
    monkeypatch.undo()
    with Catalog(db_path) as catalog:
        entries = catalog.entries()
        assert len(entries) == 6 and all(e.taken_at for e in entries)  # every row still has its old facts
        assert catalog.scan().reread == 6  # none was marked read: all are read next time
        assert all(e.camera.serial for e in catalog.entries())


def test_a_photo_that_cannot_be_opened_during_a_reread_keeps_its_facts(shoot: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "catalog.sqlite3"
    stale_catalog(db_path, shoot)
    locked = str(shoot / "B_0.JPG")
    real = library_scan.inspect_record

    def permission_denied(path: str, profile: object = None) -> ScanRecord:
        if path == locked:  # tests run as root: the refusal is injected (DECISIONS.md)
            return ScanRecord(path, None, None, "unknown", findings=[
                {"code": "file.unreadable", "severity": "block", "params": {"reason": "permission"}}],
                facts_version=FACTS_VERSION)
        return real(path, profile)  # type: ignore[arg-type]

    monkeypatch.setattr(library_scan, "inspect_record", permission_denied)
    with Catalog(db_path) as catalog:
        assert catalog.scan().reread == 5
        kept = catalog.entry(locked)
        assert kept is not None and kept.type != "unknown" and kept.taken_at == "2026-05-01T11:00:00"
        monkeypatch.undo()
        assert catalog.scan().reread == 1  # tried again once it opens


KILLED_MIDWAY = """
import os, signal, sys
import core.library.catalog as library_catalog
import core.library.scan as library_scan
from core.library.catalog import Catalog
from core.library.scan import LibrarySettings

library_catalog._FLUSH_ROWS = 2  # a commit per batch of 2, as 512 would be in a big library
small = LibrarySettings(frozenset({"jpg"}), pool_threshold=10_000, workers=1, batch=2)
LibrarySettings.from_profile = classmethod(lambda cls, profile=None: small)
real, seen = library_scan.inspect_record, []

def die_on_the_fifth(path, profile=None):
    seen.append(path)
    if len(seen) == 5:
        os.kill(os.getpid(), signal.SIGKILL)  # no Python cleanup, no rollback: as a power cut or a kill -9
    return real(path, profile)

library_scan.inspect_record = die_on_the_fifth
with Catalog(sys.argv[1]) as catalog:
    catalog.scan()
"""


def test_a_reread_killed_midway_keeps_what_it_committed_and_every_old_row(shoot: Path, tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    from tests.conftest import ROOT

    db_path = tmp_path / "catalog.sqlite3"
    stale_catalog(db_path, shoot)
    before = stamps(shoot)
    done = subprocess.run([sys.executable, "-c", KILLED_MIDWAY, str(db_path)], cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    with Catalog(db_path) as catalog:
        entries = catalog.entries()
        assert len(entries) == 6 and all(e.taken_at for e in entries)  # no row lost or half written
        assert sum(bool(e.camera.serial) for e in entries) == 4  # two batches were committed before the kill
        assert catalog.scan().reread == 2  # only the rest is read again
        assert all(e.camera.serial for e in catalog.entries())
    assert stamps(shoot) == before
