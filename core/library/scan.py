"""Walking photo folders and inspecting many files fast (headers only), in worker processes when many.

The library scan and `sessions` both use this: `walk` lists image files with size and mtime without
opening them, `inspect_many` runs `inspect_path(..., fast=True)` on them and yields compact
`ScanRecord`s (no pixel data, cheap to send between processes).
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from core.base import appdata, jsontext
from core.base.jobs import Progress, ProgressCallback, check_cancel
from core.base.pool import run_in_processes
from core.base.rules import Profile, check_table, from_table, load_profile
from core.inspection.inspect import inspect_path
from core.photo.facts import Camera
from core.photo.metadata import ImageMetadata

R = TypeVar("R")

# The version of the facts `inspect_record` reports (camera and body serial, capture time, sizes, GPS, findings).
# BUMP IT whenever a reader in core/photo or a check in core/inspection changes what a header-only inspection
# says about some file (issue 15: MakerNote serials, maker-block capture times, XMP by namespace, AI labels):
# the catalog stores it with each row, and its next scan re-reads every row read with an older version, even
# when the file's size and mtime are unchanged (Catalog.scan). 0 = read before versions were recorded.
# 1: issue 15's readers and the interim C2PA trust list; 2: Canon CIFF, capture days without a time, RW2/RAF
# sizes, RW2 and Kodak serials, IPTC in TIFF and AFCP trailers, XMP/EXIF in ImageMagick's PNG text.
FACTS_VERSION = 2


@dataclass(frozen=True)
class LibrarySettings:
    extensions: frozenset[str] = frozenset({"jpg", "jpeg"})
    pool_threshold: int = 200
    workers: int = 2
    batch: int = 64
    thumbnail_edge: int = 320
    thumbnail_quality: int = 82

    @classmethod
    def from_profile(cls, profile: Profile | None = None) -> LibrarySettings:
        return from_table(cls, check_table(profile or load_profile(), "library").get("library", {}))


@dataclass
class ScanRecord:
    """What the catalog keeps about one file after a header-only inspection."""

    path: str
    bytes: int | None
    mtime_ns: int | None
    type: str
    make: str | None = None
    model: str | None = None
    serial: str | None = None
    taken_at: str | None = None
    verdict: str = "ok"
    findings: list[dict[str, Any]] = field(default_factory=list)  # code, severity, params
    width: int | None = None
    height: int | None = None
    orientation: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    facts_version: int = 0  # FACTS_VERSION of the code that read it (set by inspect_record)

    @property
    def camera(self) -> Camera:
        return Camera(self.make, self.model, self.serial)

    @property
    def gps(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude

    @property
    def unreadable_reason(self) -> str | None:
        """Why the file could not be read at all (`file.unreadable`'s reason), None when it was read."""
        for finding in self.findings:
            if finding["code"] == "file.unreadable":
                return str(finding["params"].get("reason") or "unknown")
        return None

    def findings_json(self) -> str:
        return jsontext.dumps(self.findings, default=str)


def _degrees(value: Any) -> float | None:
    try:
        d, m, s = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = d + m / 60 + s / 3600
    return result if math.isfinite(result) else None


def gps_position(metadata: ImageMetadata | None) -> tuple[float, float] | None:
    """(latitude, longitude) in degrees from the EXIF GPS IFD; None when absent, damaged or 0,0."""
    if metadata is None:
        return None
    gps = metadata.gps_ifd
    lat, lon = _degrees(gps.get(2)), _degrees(gps.get(4))
    if lat is None or lon is None or not (0 <= lat <= 90 and 0 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    if str(gps.get(1, "N")).strip().upper().startswith("S"):
        lat = -lat
    if str(gps.get(3, "E")).strip().upper().startswith("W"):
        lon = -lon
    return lat, lon


def inspect_record(path: str, profile: Profile | None = None) -> ScanRecord:
    """Header-only inspection of one file, as a record. Never raises for a bad file."""
    report = inspect_path(path, profile, fast=True)
    try:
        mtime_ns: int | None = os.stat(path).st_mtime_ns
    except OSError:
        mtime_ns = None
    position = gps_position(report.metadata)
    return ScanRecord(
        path=report.path, bytes=report.bytes, mtime_ns=mtime_ns, type=report.type,
        make=report.camera.make, model=report.camera.model, serial=report.camera.serial,
        taken_at=report.taken_at, verdict=report.verdict.value,
        findings=[{"code": f.code, "severity": f.severity.value, "params": dict(f.params)} for f in report.findings],
        width=report.width, height=report.height, orientation=report.orientation,
        latitude=position[0] if position else None, longitude=position[1] if position else None,
        facts_version=FACTS_VERSION,
    )


def _inspect_batch(paths: list[str], profile_id: str) -> list[ScanRecord]:
    profile = load_profile(profile_id)
    return [inspect_record(path, profile) for path in paths]


def walk(folder: str | os.PathLike[str], extensions: Iterable[str],
         cancel: threading.Event | None = None, unreadable: list[str] | None = None
         ) -> Iterator[tuple[str, int, int]]:
    """(path, bytes, mtime_ns) of every file under `folder` with one of `extensions`, without opening it;
    a folder's files come before its sub-folders', everything in name order.

    Hidden folders and the app's own data folder (cases, ID photos) are skipped. Folders that cannot be
    listed (an unplugged drive, a permission change, `folder` itself missing) yield nothing and are added
    to `unreadable` when given: what was known of them is not known to be gone."""
    wanted = {e.lower() for e in extensions}
    own = os.path.realpath(appdata.data_root())
    stack = [os.fspath(folder)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError:
            if unreadable is not None:
                unreadable.append(current)
            continue
        check_cancel(cancel)
        folders: list[str] = []
        for entry in sorted(entries, key=lambda e: e.name):
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith(".") and os.path.realpath(entry.path) != own:
                        folders.append(entry.path)
                    continue
                if entry.name.startswith(".") or os.path.splitext(entry.name)[1][1:].lower() not in wanted:
                    continue
                info = entry.stat()
            except OSError:
                continue
            yield entry.path, info.st_size, info.st_mtime_ns
        stack.extend(reversed(folders))  # sub-folders next, in name order (as os.walk and a file manager go)


def expand_paths(paths: Iterable[str | os.PathLike[str]], extensions: Iterable[str],
                 cancel: threading.Event | None = None) -> list[str]:
    """Files as given (any name) and the image files inside given folders (recursive, in name order,
    hidden ones and the app's own data folder left out), each once, in order. Used by the CLI, the
    library and the window's drops alike."""
    seen: set[str] = set()
    result: list[str] = []
    for raw in paths:
        path = os.fspath(raw)
        found = [p for p, _, _ in walk(path, extensions, cancel)] if os.path.isdir(path) else [path]
        for item in found:
            if item not in seen:
                seen.add(item)
                result.append(item)
    return result


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + size]


def run_batches(function: Callable[..., R], batches: list[tuple[Any, ...]], workers: int,
                cancel: threading.Event | None = None) -> Iterator[R]:
    """`function(*args)` for each batch, results as they finish: here when there is little to do, else on
    the process pool (core.base.pool) with the calling process taking batches too, so the pool's start-up
    time is not lost. Cancel stops at the next batch boundary."""
    if workers < 2 or len(batches) < 3:
        for args in batches:
            check_cancel(cancel)
            yield function(*args)
        return
    for _index, future in run_in_processes(function, batches, workers, cancel, caller_helps=True):
        yield future.result()


def inspect_many(paths: list[str], profile: Profile | None = None, progress: ProgressCallback | None = None,
                 cancel: threading.Event | None = None, settings: LibrarySettings | None = None
                 ) -> Iterator[list[ScanRecord]]:
    """Header-only records for `paths`, a batch at a time (not in order), in worker processes when many."""
    profile = profile or load_profile()
    settings = settings or LibrarySettings.from_profile(profile)
    total, done = len(paths), 0
    batches: list[tuple[Any, ...]] = [(batch, profile.id) for batch in _chunks(paths, settings.batch)]
    workers = settings.workers if total >= settings.pool_threshold else 1
    for records in run_batches(_inspect_batch, batches, workers, cancel):
        done += len(records)
        if progress and records:
            progress(Progress(done, total, records[-1].path))
        yield records
