"""Face results remembered per file content, in the case folder, so a re-check does not re-detect.

The case review runs after every edit in the GUI; detecting faces again on pictures that did not
change is the slow part of it. Results are kept in CASE_DIR/.cache/faces.json, keyed by the file's
sha256 and size (the content, wherever the file lives), together with the detector it came from, so a
changed picture or a new detector is checked afresh. Only complaint and behind-the-scenes pictures
go through here, never model ID photos (DECISIONS "Model proof and privacy"), and the cache holds
counts and boxes only, no pixels and no paths. A missing or damaged cache file is an empty cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from core import __version__
from core.base import jsontext
from core.base.fileops import atomic_write_text, sha256_file
from core.faces import centerface
from core.faces import detect as faces
from core.faces.detect import FaceResult

CACHE_DIR = ".cache"
FACES_FILE = "faces.json"
CACHE_VERSION = 1
_lock = threading.Lock()  # one read-merge-write at a time within the app (review and GUI jobs share it)


def cache_path(case_dir: str | os.PathLike[str]) -> Path:
    return Path(case_dir) / CACHE_DIR / FACES_FILE


def detector_fingerprint() -> str:
    """Which detector the results come from: app version, model file (name and size) and settings. A
    change of any of these makes every cached result stale."""
    try:
        model = f"{centerface.MODEL_FILE}:{centerface.model_path().stat().st_size}"
    except OSError:  # no model: the detector reports that itself
        model = centerface.MODEL_FILE
    try:
        tuned = repr(faces.settings())
    except Exception:  # settings unreadable: the detector reports that itself; do not trust old results
        tuned = "unknown"
    return f"{__version__}|{model}|{tuned}"


def content_key(digest: str, size: int) -> str:
    return f"{digest}:{size}"


class FaceCache:
    """The cached results of one case folder. `get`/`put` in memory, `save` merges into the file."""

    def __init__(self, case_dir: str | os.PathLike[str]) -> None:
        self.path = cache_path(case_dir)
        self.detector = detector_fingerprint()
        self.entries: dict[str, dict[str, Any]] = self._read()
        self.used: set[str] = set()
        self.added: dict[str, dict[str, Any]] = {}

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION or data.get("detector") != self.detector:
            return {}
        entries = data.get("files")
        return {str(k): v for k, v in entries.items() if isinstance(v, dict)} if isinstance(entries, dict) else {}

    def get(self, key: str) -> FaceResult | None:
        """The cached `core.faces.detect.FaceResult` for this content, or None."""
        stored = self.entries.get(key)
        if stored is None:
            return None
        known = {f.name for f in fields(FaceResult)}
        try:
            result = FaceResult(**{**{name: value for name, value in stored.items() if name in known}, "path": ""})
            result.boxes = [(int(b[0]), int(b[1]), int(b[2]), int(b[3])) for b in result.boxes]
        except (TypeError, ValueError, IndexError):
            return None
        self.used.add(key)
        return result

    def put(self, key: str, result: FaceResult) -> None:
        """Remember a result; only complete ones (a decode error may be a file still being copied)."""
        if getattr(result, "error", None) is not None:
            return
        stored = asdict(result)
        stored.pop("path", None)  # the content is the key; where it lives is not the cache's business
        self.entries[key] = stored
        self.added[key] = stored
        self.used.add(key)

    def save(self, prune: bool = False) -> None:
        """Write new results, merged with what other jobs wrote meanwhile. `prune`: keep only the
        entries this review used (after a complete review: pictures taken out of the case drop out).
        A cache that cannot be written is no error: the next review detects again."""
        if not self.added and not prune:
            return
        with _lock:
            merged = {} if prune else self._read()
            merged.update({key: self.entries[key] for key in self.used if key in self.entries} if prune
                          else self.added)
            payload = {"version": CACHE_VERSION, "detector": self.detector, "files": merged}
            with contextlib.suppress(OSError):
                atomic_write_text(self.path, jsontext.dumps(payload, sort_keys=True) + "\n")
        self.added = {}


def detect_cached(path: str | Path, cache: FaceCache, digest: str | None = None,
                  cancel: threading.Event | None = None) -> FaceResult:
    """`core.faces.detect.detect_faces(path)`, or the remembered result for the same content. `digest`: the
    file's sha256 when the caller just computed it (saves reading the file again)."""
    try:
        size = os.stat(path).st_size
        key = content_key(digest or sha256_file(path, cancel), size)
    except OSError:
        return faces.detect_faces(path, cancel)  # the detector explains what is wrong with the file
    cached = cache.get(key)
    if cached is not None:
        cached.path = str(path)
        return cached
    result = faces.detect_faces(path, cancel)
    cache.put(key, result)
    return result


def detect_in_case(path: str | Path, case_dir: str | os.PathLike[str], cancel: threading.Event | None = None
                   ) -> FaceResult:
    """One picture of a case, through (and into) that case's face cache."""
    cache = FaceCache(case_dir)
    result = detect_cached(path, cache, None, cancel)
    cache.save()
    return result
