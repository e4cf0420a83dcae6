"""The photo library catalog: one SQLite file in the app's data folder (no server).

Per file it keeps path, size, mtime, header facts and findings (from `inspect --fast`), and, computed
lazily by `compute_hashes`, the sha256, a perceptual hash and a cached thumbnail. Rescans are
incremental: a file with the same size and mtime is not reopened, unless its row's facts were read by
readers older than today's (`scan.FACTS_VERSION`): then its facts are read again, its hashes kept. A file
that vanished is dropped, and one that reappears elsewhere with the same size and mtime is noticed as moved
(its hashes kept). The file's schema and its upgrade steps are in `catalog_schema`.
One writer connection (WAL), guarded by a lock, so the GUI may call from its worker thread.

SQLite text is UTF-8, and a file name that is not (Linux and macOS allow any bytes) reaches Python with
lone surrogates that cannot be stored: such a value is kept as its bytes in hex behind a NUL, which no
path or tag text holds, and read back as the same str (`_stored`, `_read_back`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.base import appdata
from core.base.findings import Finding, Severity
from core.base.jobs import Cancelled, Progress, ProgressCallback, check_cancel
from core.base.rules import Profile, load_profile
from core.base.transactions import write_transaction
from core.library import scan as library_scan
from core.library.catalog_schema import migrate
from core.library.scan import LibrarySettings, ScanRecord, inspect_many, run_batches, walk
from core.library.sessions import SessionItem
from core.library.thumbnails import HashResult, hash_batch
from core.photo.facts import Camera
from core.photo.phash import from_signed, to_signed

_COLUMNS = ("path", "bytes", "mtime_ns", "type", "make", "model", "serial", "taken_at", "verdict", "findings",
            "width", "height", "orientation", "latitude", "longitude", "profile", "facts_version")
# A failed re-read of a file whose size and mtime are unchanged keeps the facts it had (a drive that blinked, a
# permission changed): the row keeps its old facts version, so the next scan tries again.
_PASSING_FAILURES = frozenset({"vanished", "permission", "io_error"})
_FLUSH_ROWS = 512  # rows a scan commits at a time: few commits, little reading lost to a crash
# A file whose size and mtime still match keeps its hashes when its facts are written again.
_UPSERT = (
    f"INSERT INTO files ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)}) "
    "ON CONFLICT(path) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:])
    + ", sha256 = CASE WHEN files.bytes IS excluded.bytes AND files.mtime_ns IS excluded.mtime_ns"
      " THEN files.sha256 END"
    ", phash = CASE WHEN files.bytes IS excluded.bytes AND files.mtime_ns IS excluded.mtime_ns THEN files.phash END"
    ", thumbnail = CASE WHEN files.bytes IS excluded.bytes AND files.mtime_ns IS excluded.mtime_ns"
      " THEN files.thumbnail END"
    ", hashed_mtime_ns = CASE WHEN files.mtime_ns IS excluded.mtime_ns THEN files.hashed_mtime_ns END"
)


@dataclass
class ScanSummary:
    files: int = 0  # image files found under the scanned folders
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0
    removed: int = 0
    reread: int = 0  # unchanged files read again because the app now reads more from them (FACTS_VERSION)
    # Added folders that could not be opened (an external drive not plugged in): their photos stay in the
    # catalog, hashes and all, until the folder is back or the user removes it.
    unreachable: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ScanProgress(Progress):
    """A scan's progress; `rereading` while unchanged photos are read again because the app learned to read
    more from them (FACTS_VERSION went up), so the window and the command line can say why it takes time."""

    rereading: bool = False


@dataclass
class CatalogEntry:
    path: str
    bytes: int | None
    mtime: float | None
    type: str
    camera: Camera
    taken_at: str | None
    verdict: str
    findings: list[dict[str, Any]] = field(default_factory=list)  # code, severity, params
    phash: int | None = None
    sha256: str | None = None
    gps: tuple[float, float] | None = None
    width: int | None = None
    height: int | None = None
    orientation: int | None = None
    thumbnail: str | None = None

    @property
    def codes(self) -> list[str]:
        return [str(f.get("code")) for f in self.findings]

    def session_item(self) -> SessionItem:
        return SessionItem(self.path, self.camera, self.taken_at, self.type, self.gps)

    def rendered_findings(self, profile: Profile | None = None, lang: str | None = None) -> list[Finding]:
        """The stored findings with their texts in `lang` (texts are not stored: the language may change)."""
        factory = (profile or load_profile()).findings(lang)
        return [factory.make(str(f["code"]), Severity(f["severity"]), **dict(f.get("params") or {}))
                for f in self.findings]


def _stored(value: Any) -> Any:
    """A parameter as SQLite can hold it: str that is not UTF-8 as NUL + the bytes in hex."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "\x00" + os.fsencode(value).hex()
    return value


def _read_back(_cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(os.fsdecode(bytes.fromhex(v[1:])) if isinstance(v, str) and v.startswith("\x00") else v
                 for v in row)


class _Connection(sqlite3.Connection):
    """Every parameter bound through `_stored`, every row read through `_read_back`."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return super().execute(sql, tuple(_stored(v) for v in parameters))

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        return super().executemany(sql, (tuple(_stored(v) for v in row) for row in parameters))


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class Catalog:
    def __init__(self, db_path: Path | str | None = None, thumbnails_dir: Path | str | None = None,
                 profile: Profile | None = None) -> None:
        self.path = Path(db_path) if db_path is not None else appdata.catalog_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if thumbnails_dir is not None:
            self.thumbnails_dir = Path(thumbnails_dir)
        else:
            self.thumbnails_dir = appdata.thumbnails_dir() if db_path is None else self.path.parent / "thumbnails"
        self.profile = profile or load_profile()
        self.settings = LibrarySettings.from_profile(self.profile)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, factory=_Connection)
        self._db.row_factory = _read_back
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        migrate(self._db)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction under the lock: committed when the block ends, rolled back when it raises
        (a full disk mid-batch leaves the catalog as it was, not half written)."""
        with write_transaction(self._db, self._lock) as db:
            yield db

    # ------------------------------------------------------------------------------------ folders
    def add_folder(self, folder: str | os.PathLike[str]) -> str:
        path = os.path.abspath(os.fspath(folder))
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO folders (path) VALUES (?)", (path,))
        return path

    def remove_folder(self, folder: str | os.PathLike[str]) -> None:
        """Forget a folder and the files only it covered (the files themselves are untouched)."""
        path = os.path.abspath(os.fspath(folder))
        with self._transaction() as db:  # the folder and its files go together, or neither
            db.execute("DELETE FROM folders WHERE path = ?", (path,))
            others = self.folders()
            gone = [p for p in self._paths() if _under(p, path) and not any(_under(p, o) for o in others)]
            db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in gone])

    def folders(self) -> list[str]:
        with self._lock:
            return [row[0] for row in self._db.execute("SELECT path FROM folders ORDER BY path")]

    def _paths(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT path FROM files")]

    # --------------------------------------------------------------------------------------- scan
    def scan(self, folders: list[str] | None = None, progress: ProgressCallback | None = None,
             cancel: threading.Event | None = None) -> ScanSummary:
        """Bring the catalog in line with the folders (default: all added folders), header-only."""
        started = time.perf_counter()
        check_cancel(cancel)
        roots = [os.path.abspath(os.fspath(f)) for f in (folders if folders is not None else self.folders())]
        summary = ScanSummary()
        on_disk: dict[str, tuple[int, int]] = {}
        unreadable: list[str] = []
        for root in roots:
            for path, size, mtime_ns in walk(root, self.settings.extensions, unreadable=unreadable):
                on_disk[path] = (size, mtime_ns)
        summary.unreachable = [root for root in roots if root in unreadable]
        with self._lock:
            known = {row[0]: (row[1], row[2], row[3], row[4] or 0) for row in
                     self._db.execute("SELECT path, bytes, mtime_ns, profile, facts_version FROM files")
                     if any(_under(row[0], root) for root in roots)}
        summary.files = len(on_disk)
        to_inspect: list[str] = []
        to_reread: list[str] = []
        current = library_scan.FACTS_VERSION
        for path, stamp in on_disk.items():
            old = known.get(path)
            if old is None or (old[0], old[1]) != stamp or old[2] != self.profile.id:
                to_inspect.append(path)
                summary.updated += old is not None
            elif old[3] < current:
                to_reread.append(path)
            else:
                summary.unchanged += 1
        # A photo is gone only when its folder was read: under a folder that could not be opened it may be
        # back next time (a drive plugged in again), and its row holds hashes that cost a whole read to redo.
        vanished = [p for p in known if p not in on_disk and not any(_under(p, folder) for folder in unreadable)]
        new_paths = [p for p in to_inspect if p not in known]
        moved_from = self._carry_moves(vanished, new_paths, known, on_disk)
        summary.moved = len(moved_from)
        summary.added = len(new_paths) - summary.moved
        summary.removed = len(vanished) - summary.moved
        self._write(inspect_many(to_inspect, self.profile, progress, cancel, self.settings))
        gone = [(p,) for p in vanished if p not in moved_from]
        if gone:
            with self._transaction() as db:
                db.executemany("DELETE FROM files WHERE path = ?", gone)
        if to_reread:  # last: the new photos count first, and a cancel here leaves the catalog in line
            summary.reread = self._reread(to_reread, progress, cancel)
        summary.seconds = time.perf_counter() - started
        return summary

    def _reread(self, paths: list[str], progress: ProgressCallback | None, cancel: threading.Event | None) -> int:
        """Read unchanged files again for the facts this version of the app reads and older ones did not.

        Cheaper than a first scan: the header-only inspection only, no walk decision, and the sha256,
        perceptual hash and thumbnail (a whole-file read and a decode each) are kept, since the bytes are
        the same (`_UPSERT`). Rows are committed with their new facts version as they come (512 a
        transaction, and what was read when Cancel is pressed), so the next scan re-reads only what is left; a
        crash costs the uncommitted rows' reading time, never their old facts."""
        relay: ProgressCallback | None = None
        if progress is not None:
            report = progress

            def relay(value: Progress) -> None:
                report(ScanProgress(value.done, value.total, value.current, rereading=True))

            relay(Progress(0, len(paths)))  # said before the first batch is back: the wait has a reason
        batches = inspect_many(paths, self.profile, relay, cancel, self.settings)
        return self._write([r for r in records if r.unreadable_reason not in _PASSING_FAILURES]
                            for records in batches)

    def _carry_moves(self, vanished: list[str], new_paths: list[str], known: dict[str, tuple[Any, ...]],
                     on_disk: dict[str, tuple[int, int]]) -> set[str]:
        """A vanished file and a new one with the same size and mtime: the same file, moved. Its row
        (hashes, thumbnail) moves with it; the facts are read again (a new name may change findings)."""
        by_stamp: dict[tuple[Any, Any], list[str]] = {}
        for path in vanished:
            by_stamp.setdefault((known[path][0], known[path][1]), []).append(path)
        moves: list[tuple[str, str]] = []
        for path in new_paths:
            candidates = by_stamp.get(on_disk[path])
            if candidates:
                moves.append((path, candidates.pop(0)))
        if moves:
            with self._transaction() as db:
                db.executemany("UPDATE files SET path = ? WHERE path = ?", moves)
        return {old for _, old in moves}

    def _write(self, batches: Iterable[list[ScanRecord]]) -> int:
        """Store the records as they come, 512 rows a transaction; returns how many. On cancel what was read
        is stored first: each row is complete, and the next scan then reads only what is left."""
        pending: list[tuple[Any, ...]] = []
        written = 0
        try:
            for records in batches:
                pending.extend(self._row(r) for r in records)
                written += len(records)
                if len(pending) >= _FLUSH_ROWS:
                    self._flush(pending)
        except Cancelled:
            self._flush(pending)
            raise
        self._flush(pending)
        return written

    def _row(self, record: ScanRecord) -> tuple[Any, ...]:
        return (record.path, record.bytes, record.mtime_ns, record.type, record.make, record.model, record.serial,
                record.taken_at, record.verdict, record.findings_json(), record.width, record.height,
                record.orientation, record.latitude, record.longitude, self.profile.id, record.facts_version)

    def _flush(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with self._transaction() as db:
            db.executemany(_UPSERT, rows)
        rows.clear()

    # ------------------------------------------------------------------------------------ reading
    def entries(self, folders: list[str] | None = None) -> list[CatalogEntry]:
        with self._lock:
            rows = list(self._db.execute(
                "SELECT path, bytes, mtime_ns, type, make, model, serial, taken_at, verdict, findings, phash, "
                "sha256, latitude, longitude, width, height, orientation, thumbnail FROM files ORDER BY path"))
        roots = [os.path.abspath(os.fspath(f)) for f in folders] if folders is not None else None
        return [_entry(row) for row in rows if roots is None or any(_under(row[0], r) for r in roots)]

    def entry(self, path: str) -> CatalogEntry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT path, bytes, mtime_ns, type, make, model, serial, taken_at, verdict, findings, phash, "
                "sha256, latitude, longitude, width, height, orientation, thumbnail FROM files WHERE path = ?",
                (os.path.abspath(path),)).fetchone()
        return _entry(row) if row else None

    # ------------------------------------------------------------------------------------- hashes
    def compute_hashes(self, progress: ProgressCallback | None = None, cancel: threading.Event | None = None,
                       workers: int = 2, paths: list[str] | None = None) -> int:
        """sha256, perceptual hash and thumbnail for files that lack them (all, or just `paths`)."""
        check_cancel(cancel)
        with self._lock:
            rows = list(self._db.execute(
                "SELECT path, type, orientation, mtime_ns FROM files WHERE type != 'unknown' "
                "AND (hashed_mtime_ns IS NULL OR hashed_mtime_ns IS NOT mtime_ns) ORDER BY path"))
        if paths is not None:
            wanted = {os.path.abspath(p) for p in paths}
            rows = [r for r in rows if r[0] in wanted]
        stamps = {r[0]: r[3] for r in rows}
        jobs = [(r[0], r[1], r[2]) for r in rows]
        self.thumbnails_dir.mkdir(parents=True, exist_ok=True)
        args = (str(self.thumbnails_dir), self.settings.thumbnail_edge, self.settings.thumbnail_quality)
        size = 16
        batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
        done, total = 0, len(jobs)
        results: list[HashResult] = []
        try:
            for batch_results in run_batches(hash_batch, [(batch, *args) for batch in batches], workers, cancel):
                results.extend(batch_results)
                done += len(batch_results)
                if len(results) >= 128:
                    self._store_hashes(results, stamps)
                if progress and batch_results:
                    progress(Progress(done, total, batch_results[-1].path))
        finally:
            self._store_hashes(results, stamps)  # what was finished is kept, even on cancel
        return done

    def _store_hashes(self, results: list[HashResult], stamps: dict[str, int]) -> None:
        if not results:
            return
        rows = [(r.sha256, to_signed(r.phash) if r.phash is not None else None, r.thumbnail,
                 stamps.get(r.path) if r.sha256 else None, r.path) for r in results]
        with self._transaction() as db:
            db.executemany(
                "UPDATE files SET sha256 = ?, phash = ?, thumbnail = ?, hashed_mtime_ns = ? WHERE path = ?", rows)
        results.clear()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _entry(row: tuple[Any, ...]) -> CatalogEntry:
    (path, size, mtime_ns, kind, make, model, serial, taken_at, verdict, findings, phash, sha256, lat, lon,
     width, height, orientation, thumbnail) = row
    try:
        parsed = json.loads(findings or "[]")
    except ValueError:
        parsed = []
    return CatalogEntry(
        path=path, bytes=size, mtime=mtime_ns / 1e9 if mtime_ns is not None else None, type=kind,
        camera=Camera(make, model, serial), taken_at=taken_at, verdict=verdict or "ok", findings=parsed,
        phash=from_signed(phash) if phash is not None else None, sha256=sha256,
        gps=(lat, lon) if lat is not None and lon is not None else None, width=width, height=height,
        orientation=orientation, thumbnail=thumbnail if thumbnail and os.path.exists(thumbnail) else None,
    )
