"""Where converted files go: unique names in the output folder, written atomically.

Outputs never go next to or over a source: only into the chosen folder, under a name no existing
file (nor its record) uses. Each file is written to a temporary name in the same folder and moved
into place with `os.replace` (core.base.fileops), so a failure (full disk, read-only folder) leaves nothing
partial.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

from core.base.fileops import atomic_write_bytes, shorten_name
from core.photo.conversion_record import RECORD_SUFFIX

_lock = threading.Lock()
_claimed: set[str] = set()  # names handed out in this process and not yet written


def _taken(path: Path) -> bool:
    return str(path) in _claimed or path.exists() or Path(str(path) + RECORD_SUFFIX).exists()


def unique_output(out_dir: Path, stem: str, reserved: Iterable[Path] = ()) -> Path:
    """`<stem>.jpg` in out_dir, or `<stem>_2.jpg`, `<stem>_3.jpg`, ... when taken; claimed until released."""
    reserved_names = {str(path) for path in reserved}
    stem = shorten_name(stem)  # a long source name plus "_2.jpg.conversion.json" must still be a valid name
    with _lock:
        number = 1
        while True:
            name = f"{stem}.jpg" if number == 1 else f"{stem}_{number}.jpg"
            candidate = out_dir / name
            if str(candidate) not in reserved_names and not _taken(candidate):
                _claimed.add(str(candidate))
                return candidate
            number += 1


def release(path: Path) -> None:
    with _lock:
        _claimed.discard(str(path))


def plan_outputs(sources: Iterable[str | os.PathLike[str]], out_dir: Path) -> list[Path]:
    """One unique output name per source, decided up front (a batch's workers then never race)."""
    planned: list[Path] = []
    for source in sources:
        path = unique_output(out_dir, Path(source).stem or "image", planned)
        release(path)
        planned.append(path)
    return planned


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (core.base.fileops.atomic_write_bytes): a full disk or read-only
    folder leaves no partial JPEG or record behind."""
    atomic_write_bytes(path, data)


def same_folder(source: Path, out_dir: Path) -> bool:
    try:
        return source.resolve().parent == out_dir.resolve()
    except OSError:
        return False
