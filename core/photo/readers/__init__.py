"""One metadata reader per kind of file, behind one registry (add a format = add a module).

Each reader takes a path and the head bytes already read, and returns `ImageMetadata` without
decoding pixels. Readers record damage in the result; they raise only `OSError` (file access).

`read_file` is the one way in for every command that reads a user's photo (inspection, the face check's
decode, conversion): it refuses what is not a regular file before opening it, names the cause of a
failure with one reason key, and turns a reader's own bug into "damaged" instead of a silent gap.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.base.fileaccess import open_regular, regular_size
from core.base.fileops import os_error_reason
from core.photo import filetypes
from core.photo.metadata import ImageMetadata
from core.photo.readers import bmff_raw, crw, heif, jpeg, other, tiff_raw

Reader = Callable[[Path, bytes, int], ImageMetadata]

READERS: dict[str, Reader] = {
    "jpeg": jpeg.read,
    "heic": heif.read,
    "cr3": bmff_raw.read,
    "cr2": tiff_raw.read,
    "crw": crw.read,
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


# Kinds whose decoders hide damage: libheif decodes a HEIC with missing tiles without an error, and a cut
# RAW still opens and shows its embedded preview. For these the reader's verdict stands even when pixels
# come out; for the others (JPEG, PNG, ...) a complete decode is the last word.
LENIENT_DECODERS = frozenset({"heic", *filetypes.RAW_TYPES})
READER_FAILED = "the reader failed: "  # how a reader's own exception is recorded (the fuzz run counts them)


@dataclass
class FileRead:
    """One file's headers, or why it could not be read at all (`reason`, a `reason.*` key)."""

    path: Path
    kind: str = "unknown"
    size: int | None = None
    metadata: ImageMetadata | None = None
    reason: str | None = None
    detail: str = ""

    @property
    def damage(self) -> str | None:
        """Why the headers say the image cannot be used ("truncated", "damaged"), None when they do not."""
        if self.metadata is None:
            return None
        if self.metadata.unreadable:
            return self.metadata.unreadable
        return "truncated" if self.metadata.data_truncated else None


def read_file(path: str | os.PathLike[str]) -> FileRead:
    """Headers of one file, never raising for a bad one: what cannot be read gets a `reason`."""
    result = FileRead(Path(path))
    try:
        result.size = regular_size(path)
        with open_regular(path) as handle:
            head = handle.read(filetypes.HEAD_BYTES)
    except OSError as error:
        result.reason, result.detail = os_error_reason(error), str(error)
        return result
    if result.size == 0 or not head:
        result.reason = "empty"
        return result
    result.kind = filetypes.sniff(head)
    if result.kind == "unknown":
        result.reason = "not_image"
        return result
    try:
        result.metadata = read_metadata(result.path, result.kind, head, result.size)
    except OSError as error:
        result.reason, result.detail = os_error_reason(error), str(error)
    except Exception as error:  # a reader's own bug on hostile bytes: the file is not readable as it is
        result.metadata = ImageMetadata(unreadable="damaged",
                                        problems=[f"{READER_FAILED}{type(error).__name__}: {error}"])
    return result


def failure_reason(error_text: str) -> str:
    """The reason key for a decoder's failure message (Pillow's bomb guard is not damage)."""
    if "DecompressionBomb" in error_text:
        return "too_many_pixels"
    return "truncated" if "truncat" in error_text.lower() else "damaged"
