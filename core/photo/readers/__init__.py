"""One metadata reader per kind of file, behind one registry (add a format = add a module).

Each reader takes a path and the head bytes already read, and returns `ImageMetadata` without
decoding pixels. Readers record damage in the result; they raise only `OSError` (file access).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.photo.metadata import ImageMetadata
from core.photo.readers import bmff_raw, heif, jpeg, other, tiff_raw

Reader = Callable[[Path, bytes, int], ImageMetadata]

READERS: dict[str, Reader] = {
    "jpeg": jpeg.read,
    "heic": heif.read,
    "cr3": bmff_raw.read,
    "cr2": tiff_raw.read,
    "nef": tiff_raw.read,
    "arw": tiff_raw.read,
    "dng": tiff_raw.read,
    "orf": tiff_raw.read,
    "rw2": tiff_raw.read,
    "raw": tiff_raw.read,
    "raf": tiff_raw.read_raf,
    "png": other.read,
    "gif": other.read,
    "webp": other.read,
    "bmp": other.read,
    "tiff": other.read,
}


def read_metadata(path: Path, kind: str, head: bytes, size: int) -> ImageMetadata:
    reader = READERS.get(kind)
    if reader is None:
        return ImageMetadata(unreadable="unknown")
    return reader(path, head, size)
