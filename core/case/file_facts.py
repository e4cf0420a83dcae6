"""What a case review learns about a file, kept while the file stays the same.

Reviewing a case used to repeat everything on every edit: typing the seller's name re-hashed,
re-inspected and re-decoded every photo (2.2 s for 3 photos, issue 14). Facts about a file (its
sha256, its inspection report, its perceptual hash, its faces) do not depend on the case, so one
`FileFacts` per open case remembers them, keyed by the file's path, size and modification time
(nanoseconds): a file whose size and mtime are unchanged is not read again. Faces also go through the
case folder's content-keyed face cache, so they survive a restart. Thread-safe: the GUI's inspection
jobs and its review job share one instance.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.base.fileops import sha256_file
from core.base.rules import Profile
from core.inspection.inspect import InspectionReport, inspect_path

if TYPE_CHECKING:
    from core.faces.cache import FaceCache


@dataclass(frozen=True)
class StatKey:
    path: str
    size: int
    mtime_ns: int


def stat_key(path: str | os.PathLike[str]) -> StatKey | None:
    """The file's identity for caching; None when it cannot be stat'ed (missing: nothing to remember)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return StatKey(os.path.abspath(path), info.st_size, info.st_mtime_ns)


class FileFacts:
    """Per-file facts of one case folder; `counts` says how much real work was done (tests, bench)."""

    def __init__(self, case_dir: str | os.PathLike[str] | None = None) -> None:
        self.case_dir = Path(case_dir) if case_dir is not None else None
        self._lock = threading.RLock()
        self._sha: dict[StatKey, str] = {}
        self._reports: dict[tuple[StatKey, str, str], InspectionReport] = {}
        self._phash: dict[StatKey, int | None] = {}
        self._faces: dict[StatKey, Any] = {}
        self._face_cache: FaceCache | None = None
        self._face_cache_loaded = False
        self.counts: Counter[str] = Counter()
        # One computation per file at a time: the window's inspection job and its review job may ask for
        # the same new photo at once; the second waits for the first and takes its result.
        self._busy: dict[tuple[str, StatKey], threading.Lock] = {}

    def _once(self, kind: str, key: StatKey) -> threading.Lock:
        with self._lock:
            return self._busy.setdefault((kind, key), threading.Lock())

    # ----- sha256 ------------------------------------------------------------------------------
    def sha256(self, path: str | os.PathLike[str], cancel: threading.Event | None = None) -> str:
        """The file's sha256 now; raises OSError when it cannot be read."""
        key = stat_key(path)
        if key is None:
            raise FileNotFoundError(str(path))
        with self._once("sha256", key):
            with self._lock:
                known = self._sha.get(key)
            if known is not None:
                return known
            digest = sha256_file(path, cancel)
            with self._lock:
                self.counts["sha256"] += 1
                self._sha[key] = digest
            return digest

    def remember_sha256(self, path: str | os.PathLike[str], digest: str) -> None:
        """A hash computed elsewhere (adding a photo hashes it): the review need not read it again."""
        key = stat_key(path)
        if key is not None:
            with self._lock:
                self._sha[key] = digest

    # ----- inspection ---------------------------------------------------------------------------
    def report(self, path: str | os.PathLike[str], profile: Profile, lang: str) -> InspectionReport:
        """`inspect_path` once per file content, profile and language."""
        key = stat_key(path)
        if key is None:
            return inspect_path(path, profile, lang)  # it names what is wrong; nothing to remember
        cache_key = (key, profile.id, lang)
        with self._once("inspect", key):
            with self._lock:
                known = self._reports.get(cache_key)
            if known is not None:
                return known
            report = inspect_path(path, profile, lang)
            with self._lock:
                self.counts["inspect"] += 1
                self._reports[cache_key] = report
            return report

    def known_report(self, path: str | os.PathLike[str], profile: Profile, lang: str) -> InspectionReport | None:
        key = stat_key(path)
        if key is None:
            return None
        with self._lock:
            return self._reports.get((key, profile.id, lang))

    # ----- perceptual hash ----------------------------------------------------------------------
    def phash(self, path: str | os.PathLike[str], report: InspectionReport) -> int | None:
        from core.library.thumbnails import perceptual_hash

        key = stat_key(path)
        if key is None:
            return None
        with self._lock:
            if key in self._phash:
                return self._phash[key]
        value = perceptual_hash(path, report.type, report.orientation)
        with self._lock:
            self.counts["phash"] += 1
            self._phash[key] = value
        return value

    # ----- faces --------------------------------------------------------------------------------
    def _faces_on_disk(self) -> FaceCache | None:
        if not self._face_cache_loaded:
            self._face_cache_loaded = True
            cache: FaceCache | None = None
            if self.case_dir is not None:
                try:
                    from core.faces.cache import FaceCache

                    cache = FaceCache(self.case_dir)
                except ImportError:  # the face check is not part of this build
                    cache = None
            self._face_cache = cache
        return self._face_cache

    def faces_available(self) -> bool:
        with self._lock:
            return self._faces_on_disk() is not None

    def faces(self, path: str | os.PathLike[str], digest: str | None,
              cancel: threading.Event | None = None, keep: bool = True) -> Any | None:
        """core.faces.detect.FaceResult for the file (None: the face check is not part of this build).
        `keep`: also through the case folder's face cache on disk (False for ID photos, which stay out
        of every cache; their result is remembered in memory only)."""
        key = stat_key(path)
        if key is None:
            return self._faces_now(path, digest, cancel, keep)
        with self._once("faces", key):
            return self._faces_now(path, digest, cancel, keep, key)

    def _faces_now(self, path: str | os.PathLike[str], digest: str | None, cancel: threading.Event | None,
                   keep: bool, key: StatKey | None = None) -> Any | None:
        with self._lock:
            if key is not None and key in self._faces:
                return self._faces[key]
            disk = self._faces_on_disk()
        if disk is None:
            return None
        from core.base.jobs import Cancelled
        from core.faces import detect as faces
        from core.faces.cache import detect_cached

        try:
            if keep:
                with self._lock:  # the disk cache object is not thread-safe itself
                    ckey = _content_key(path, digest) if digest else ""
                    result = disk.get(ckey) if ckey else None
                if result is None:
                    result = detect_cached(Path(path), disk, digest, cancel)
                    with self._lock:
                        self.counts["faces"] += 1
            else:
                result = faces.detect_faces(Path(path), cancel)
                with self._lock:
                    self.counts["faces"] += 1
            result.path = str(path)
        except Cancelled:
            raise
        except Exception as error:  # a detector bug must not cost the whole review: "not checked" instead
            result = faces.FaceResult(str(path), error=f"{type(error).__name__}: {error}")
        if key is not None and result.error is None:
            with self._lock:
                self._faces[key] = result
        return result

    def save(self, prune: bool = False) -> None:
        with self._lock:
            disk = self._face_cache
        if disk is not None:
            disk.save(prune=prune)


def _content_key(path: str | os.PathLike[str], digest: str) -> str:
    from core.faces.cache import content_key

    try:
        return content_key(digest, os.stat(path).st_size)
    except OSError:
        return ""
