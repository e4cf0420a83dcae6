"""The visual index: one SQLite file beside the catalog, one row per photo, features as compact blobs.

A row keeps the photo's size and mtime (an unchanged file is not reopened unless the row was made by other
features, FEATURES_VERSION), its displayed size, the working size its features were taken at, and three
blobs: keypoint positions (float16), ORB descriptors (uint8, 32 bytes each) and shortlist words (uint32).
Beside them, the shortlist's inverted file: `postings` holds per word the entry ids (int32, one per
occurrence) of the photos that have it, appended as rows are stored, and `entries` gives each stored row a
fresh id, so a replaced or forgotten photo's old postings are simply no longer anyone's, until an update
finds them over half of all and rebuilds the lists (`compact`).
A query reads only its own words' lists. Matching owns this file: the catalog's schema is not
touched, and the catalog's folders decide which photos are indexed. RAW files give their embedded
preview and HEIC its own decode, through the one decode routine (`core.photo.decode`).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from core.base import appdata
from core.base.jobs import Progress, ProgressCallback, check_cancel
from core.base.pool import run_in_processes
from core.base.transactions import write_transaction
from core.library.scan import walk
from core.matching import features
from core.photo.decode import NotDecoded, decode

SCHEMA_VERSION = 3  # 1: words carry their table's offset (features.words); 2: posting lists; 3: features version
INDEX_AREA = 640 * 480  # working picture: about VGA whatever the aspect (a 2.3:1 panorama stays usable)
INDEX_FEATURES = 500
# The version of what `index_file` stores. BUMP IT whenever features.extract, features.words, load_grey,
# INDEX_AREA or INDEX_FEATURES change what a row holds: each row records the version it was made with, and the
# next update re-indexes older rows even when the file is unchanged (a query's features must be made the way
# the library's were; words hashed another way would never meet). Cancelled or killed, the re-index resumes.
FEATURES_VERSION = 1
# At the end of an update the posting lists are rebuilt when ids of replaced or forgotten photos (which every
# query reads and drops) are more than this share of all: a whole re-index would otherwise double them.
COMPACT_SHARE = 0.5
BATCH = 16
_SCHEMA = """
CREATE TABLE IF NOT EXISTS photos (
    path TEXT PRIMARY KEY, bytes INTEGER, mtime_ns INTEGER, width INTEGER, height INTEGER,
    work_w INTEGER, work_h INTEGER, n INTEGER, xy BLOB, desc BLOB, words BLOB, error TEXT, features INTEGER
);
CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT UNIQUE);
CREATE TABLE IF NOT EXISTS postings (word INTEGER PRIMARY KEY, ids BLOB);
"""
_APPEND = "INSERT INTO postings VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET ids = CAST(ids || excluded.ids AS BLOB)"


def index_path() -> Path:
    return appdata.data_root() / "match_index.sqlite3"


def fit_area(width: int, height: int, area: int, long_cap: int = 1400) -> tuple[int, int]:
    scale = min((area / max(1, width * height)) ** 0.5, long_cap / max(1, width, height), 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


@dataclass(frozen=True)
class Picture:
    grey: NDArray[np.uint8]  # upright, about `area` pixels
    width: int  # the original's displayed size
    height: int


def load_grey(path: str, area: int) -> Picture:
    """The photo upright in grey at about `area` pixels (reduced JPEG decode, RAW preview); NotDecoded."""
    decoded = decode(Path(path), int(area ** 0.5), draft="short")
    image = decoded.image.convert("L")
    size = fit_area(image.size[0], image.size[1], area)
    if size != image.size:
        image = image.resize(size, Image.Resampling.BILINEAR)
    width, height = decoded.width or image.size[0], decoded.height or image.size[1]
    return Picture(np.asarray(image), width, height)


Row = tuple[str, int, int, int, int, int, int, int, bytes, bytes, bytes, str | None, int]
_ROW_COLUMNS = "path, bytes, mtime_ns, width, height, work_w, work_h, n, xy, desc, words, error, features"


def index_file(path: str, size: int, mtime_ns: int) -> Row:
    """One photo's row. Never raises for a bad file: the row says why (`error`) and it is not retried
    until the file changes."""
    import cv2

    cv2.setNumThreads(1)  # the pool's workers are the parallelism
    try:
        picture = load_grey(path, INDEX_AREA)
    except NotDecoded as error:
        return (path, size, mtime_ns, 0, 0, 0, 0, 0, b"", b"", b"", error.reason, FEATURES_VERSION)
    found = features.extract(picture.grey, INDEX_FEATURES)
    return (path, size, mtime_ns, picture.width, picture.height, found.size[0], found.size[1], len(found),
            found.xy.astype(np.float16).tobytes(), found.desc.tobytes(), features.words(found.desc).tobytes(),
            None, FEATURES_VERSION)


def index_batch(jobs: list[tuple[str, int, int]]) -> list[Row]:
    """Worker-process entry."""
    return [index_file(*job) for job in jobs]


@dataclass
class Entry:
    path: str
    width: int
    height: int
    work: tuple[int, int]
    xy: NDArray[np.float32]
    desc: NDArray[np.uint8]


@dataclass
class Words:
    """The photos the shortlist votes for: their paths, posting ids and word-row counts (photo number = position)."""

    paths: list[str]
    ids: NDArray[np.int64]  # each photo's id in the posting lists (`entries`)
    counts: NDArray[np.int64]  # rows of words (one per keypoint) of each photo
    version: int


@dataclass
class Postings:
    """The posting lists of some words: `ids[starts[i]:starts[i + 1]]` are the entries holding `words[i]`, one
    per occurrence. Ids of photos replaced or forgotten since stay in the lists; the reader drops them."""

    words: NDArray[np.uint32]
    starts: NDArray[np.int64]
    ids: NDArray[np.int64]


class MatchIndex:
    """The index file. One connection guarded by a lock (the GUI calls from its worker thread)."""

    def __init__(self, db_path: Path | str | None = None) -> None:
        self.path = Path(db_path) if db_path is not None else index_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._version = 0
        self._words: Words | None = None
        found = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if "features" not in {row[1] for row in self._db.execute("PRAGMA table_info(photos)")}:
            with write_transaction(self._db, self._lock, "BEGIN IMMEDIATE") as db:
                db.execute("ALTER TABLE photos ADD COLUMN features INTEGER")  # NULL: older than any version
                if found == 2:  # schema 2 came after the last change to what a row holds (words with offsets)
                    db.execute("UPDATE photos SET features = 1")
        if found < 2:
            self._rebuild_postings()
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def update(self, files: Sequence[tuple[str, int, int]], progress: ProgressCallback | None = None,
               cancel: threading.Event | None = None, workers: int = 2) -> int:
        """Index the (path, bytes, mtime_ns) files not yet indexed or changed since; forget photos not in
        `files` under the same folders is the caller's choice (`forget`). Returns how many were indexed.
        Cancel keeps what was finished."""
        check_cancel(cancel)
        with self._lock:
            known = {row[0]: (row[1], row[2], row[3] or 0) for row in
                     self._db.execute("SELECT path, bytes, mtime_ns, features FROM photos")}
        # Changed files, and rows made by other features (older, or a newer app's): both would not match.
        todo = [job for job in files if known.get(job[0]) != (job[1], job[2], FEATURES_VERSION)]
        batches = [(todo[i:i + BATCH],) for i in range(0, len(todo), BATCH)]
        done = 0
        pending: list[Row] = []
        try:
            for _, future in run_in_processes(index_batch, batches, workers if len(batches) > 2 else 1, cancel,
                                              caller_helps=True):
                try:
                    rows = future.result()
                except Exception:  # a worker crashed on this batch: its files are retried next time
                    continue
                pending.extend(rows)
                done += len(rows)
                if len(pending) >= 128:
                    self._store(pending)
                if progress and rows:
                    progress(Progress(done, len(todo), rows[-1][0]))
        finally:
            self._store(pending)
            self.post()
        self.compact()  # not after a cancel: the user asked to stop, not to wait for a rewrite
        return done

    def _store(self, rows: list[Row]) -> None:
        if not rows:
            return
        with write_transaction(self._db, self._lock) as db:
            db.executemany(f"INSERT OR REPLACE INTO photos ({_ROW_COLUMNS}) VALUES ({','.join('?' * 13)})", rows)
            db.executemany("DELETE FROM entries WHERE path = ?", [(row[0],) for row in rows])
            self._version += 1
        rows.clear()

    def _append_postings(self, rows: Sequence[tuple[str, bytes]]) -> None:
        """Give each (path, words) a new entry id and append it to its words' posting lists (inside a transaction).
        A path's earlier id, if any, is dropped from `entries`, so its old postings no longer count."""
        ids, chunks = [], []
        for path, blob in rows:
            self._db.execute("DELETE FROM entries WHERE path = ?", (path,))
            cursor = self._db.execute("INSERT INTO entries (path) VALUES (?)", (path,))
            if blob:
                chunks.append(np.frombuffer(blob, dtype=np.uint32))
                ids.append(np.full(len(chunks[-1]), cursor.lastrowid, dtype=np.int32))
        if not chunks:
            return
        flat = np.concatenate(chunks)
        owner = np.concatenate(ids)
        order = np.argsort(flat, kind="stable")  # by word, then in the order stored
        flat, owner = flat[order], owner[order]
        cuts = np.flatnonzero(np.diff(flat)) + 1
        starts = np.concatenate([[0], cuts]).tolist()
        ends = np.concatenate([cuts, [len(flat)]]).tolist()
        words = flat[starts].tolist()
        self._db.executemany(_APPEND, ((w, owner[a:b].tobytes()) for w, a, b in zip(words, starts, ends, strict=True)))

    def post(self) -> None:
        """Append the rows stored since the last call (those without an entry id) to the posting lists, in one
        transaction: each commit rewrites every page it touches, and one photo's words touch pages all over."""
        with self._lock:
            rows = self._db.execute("SELECT path, words FROM photos p WHERE NOT EXISTS "
                                    "(SELECT 1 FROM entries e WHERE e.path = p.path) ORDER BY rowid").fetchall()
            if not rows:
                return
            with write_transaction(self._db, self._lock):
                for i in range(0, len(rows), 256):
                    self._append_postings([(path, blob or b"") for path, blob in rows[i:i + 256]])
            self._version += 1

    def _rebuild_postings(self) -> None:
        """Posting lists from the stored words (an index made before them, or to drop dead ids): all or nothing."""
        with write_transaction(self._db, self._lock) as db:
            db.execute("DELETE FROM postings")
            db.execute("DELETE FROM entries")
            # No list holds an old id now: issue them from 1 again, so the sequence counts what is posted.
            db.execute("DELETE FROM sqlite_sequence WHERE name = 'entries'")
            batch: list[tuple[str, bytes]] = []
            for path, blob in db.execute("SELECT path, words FROM photos ORDER BY rowid").fetchall():
                batch.append((path, blob or b""))
                if len(batch) >= 256:
                    self._append_postings(batch)
                    batch = []
            self._append_postings(batch)
            self._version += 1

    def dead_share(self) -> float:
        """The share of the photo versions in the posting lists that belong to no stored photo any more (replaced
        or forgotten). Entry ids are issued from 1 after each rebuild, one per photo version posted, so this is
        two small reads, not a pass over the lists (every photo has about the same number of words)."""
        with self._lock:
            issued = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'entries'").fetchone()
            live = int(self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])
        posted = int(issued[0]) if issued else 0
        return (posted - live) / posted if posted > 0 else 0.0

    def compact(self, share: float = COMPACT_SHARE) -> bool:
        """Rebuild the posting lists when more than `share` of their ids are dead; True when it did. One
        transaction: killed midway, the lists are as before (dead ids are harmless, only slower to read)."""
        if self.dead_share() <= share:
            return False
        self._rebuild_postings()
        return True

    def postings(self, words: NDArray[np.uint32]) -> Postings:
        """The posting lists of `words` (sorted, distinct); a word no photo has gets an empty list."""
        found: dict[int, bytes] = {}
        wanted = [int(w) for w in words]
        with self._lock:
            for i in range(0, len(wanted), 4000):
                chunk = wanted[i:i + 4000]
                found.update(self._db.execute(
                    f"SELECT word, ids FROM postings WHERE word IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        blobs = [found.get(w, b"") for w in wanted]
        lengths = np.array([len(b) // 4 for b in blobs], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        ids = np.frombuffer(b"".join(blobs), dtype=np.int32).astype(np.int64)
        return Postings(words, starts, ids)

    def photo_words(self, path: str) -> NDArray[np.uint32]:
        """One photo's words, (n, TABLES) rows flattened in stored order."""
        with self._lock:
            row = self._db.execute("SELECT words FROM photos WHERE path = ?", (path,)).fetchone()
        return np.frombuffer(row[0] if row and row[0] else b"", dtype=np.uint32)

    def refresh(self, folders: Sequence[str], extensions: frozenset[str], progress: ProgressCallback | None = None,
                cancel: threading.Event | None = None, workers: int = 2) -> set[str]:
        """Bring the index in line with the library folders, as the command line and the window both need it:
        new and changed photos indexed, photos gone from the folders forgotten (so the file does not grow with
        every deleted photo), except under a folder that could not be opened (an external drive not plugged
        in: its photos cost a decode each to index again). Returns the paths in the library now."""
        unreadable: list[str] = []
        files = list(library_files(folders, extensions, unreadable))
        self.update(files, progress, cancel, workers)
        paths = {path for path, _, _ in files}
        if self.forget(paths, [os.path.abspath(folder) for folder in folders], unreadable):
            self.compact()
        return paths

    def forget(self, keep: set[str], roots: Sequence[str], unreadable: Sequence[str] = ()) -> int:
        """Drop photos under `roots` that are no longer there (not in `keep`), but none under `unreadable`
        (folders whose contents are unknown this time)."""
        prefixes = [r.rstrip(os.sep) + os.sep for r in roots]
        unknown = [u.rstrip(os.sep) + os.sep for u in unreadable]
        with self._lock:
            gone = [(p,) for (p,) in self._db.execute("SELECT path FROM photos")
                    if p not in keep and any(p.startswith(prefix) for prefix in prefixes)
                    and not any(p.startswith(prefix) for prefix in unknown)]
            if gone:
                with write_transaction(self._db, self._lock) as db:
                    db.executemany("DELETE FROM photos WHERE path = ?", gone)
                    db.executemany("DELETE FROM entries WHERE path = ?", gone)
                self._version += 1
        return len(gone)

    def words(self, paths: set[str] | None = None) -> Words:
        """The photos that vote (cached until the index changes), optionally only those in `paths`."""
        with self._lock:
            if self._words is None or self._words.version != self._version:
                self.post()  # rows stored by an update that did not finish (killed)
            if self._words is None or self._words.version != self._version:
                rows = list(self._db.execute(
                    "SELECT p.path, e.id, LENGTH(p.words) FROM photos p JOIN entries e ON e.path = p.path "
                    "WHERE p.error IS NULL AND p.n > 0 ORDER BY p.rowid"))
                self._words = Words([r[0] for r in rows], np.array([r[1] for r in rows], dtype=np.int64),
                                    np.array([r[2] // (4 * features.TABLES) for r in rows], dtype=np.int64),
                                    self._version)
            cached = self._words
        if paths is None:
            return cached
        chosen = np.array([p in paths for p in cached.paths], dtype=bool)
        if chosen.all():
            return cached
        names = [p for p, c in zip(cached.paths, chosen, strict=True) if c]
        return Words(names, cached.ids[chosen], cached.counts[chosen], cached.version)

    def entry(self, path: str) -> Entry | None:
        with self._lock:
            row = self._db.execute("SELECT path, width, height, work_w, work_h, xy, desc FROM photos "
                                   "WHERE path = ? AND error IS NULL", (path,)).fetchone()
        if row is None:
            return None
        xy = np.frombuffer(row[5], dtype=np.float16).reshape(-1, 2).astype(np.float32)
        desc = np.frombuffer(row[6], dtype=np.uint8).reshape(-1, 32)
        return Entry(row[0], row[1], row[2], (row[3], row[4]), xy, desc)

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM photos WHERE error IS NULL AND n > 0").fetchone()[0])

    def bytes_per_photo(self) -> float:
        with self._lock:
            n, total = self._db.execute(
                "SELECT COUNT(*), SUM(LENGTH(xy) + LENGTH(desc) + LENGTH(words)) FROM photos").fetchone()
            posted = self._db.execute("SELECT SUM(LENGTH(ids)) FROM postings").fetchone()[0]
        return float((total or 0) + (posted or 0)) / max(1, int(n))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> MatchIndex:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def library_files(folders: Sequence[str], extensions: frozenset[str],
                  unreadable: list[str] | None = None) -> Iterator[tuple[str, int, int]]:
    """(path, bytes, mtime_ns) of the image files under the library folders (the catalog's walk); folders that
    could not be opened are added to `unreadable` when given."""
    for folder in folders:
        yield from walk(os.path.abspath(folder), extensions, unreadable=unreadable)
