"""HEIC/HEIF through pillow-heif: size and EXIF of the primary image without decoding it."""

from __future__ import annotations

import struct
from pathlib import Path

from core.photo import containers
from core.photo.metadata import ImageMetadata, parse_exif

_MAX_BOXES = 10_000  # a real HEIC has a handful of top-level boxes; a damaged one must not loop for long


def cut_short(path: Path, size: int) -> bool:
    """True when a top-level box (usually `mdat`, the pixels) claims to end past the end of the file.

    libheif decodes a tiled phone HEIC whose last tiles are missing without any error, so a file cut
    short in a download or copy would otherwise convert "successfully" into a damaged picture."""
    position = 0
    with path.open("rb") as handle:
        for _ in range(_MAX_BOXES):
            if position + 8 > size:
                return False
            handle.seek(position)
            header = handle.read(16)
            if len(header) < 8:
                return True
            length = struct.unpack(">I", header[:4])[0]
            if length == 1:
                if len(header) < 16:
                    return True
                length = struct.unpack(">Q", header[8:16])[0]
            elif length == 0:  # "to the end of the file"
                return False
            if length < 8:
                return False  # not a box structure we can follow: libheif judges it
            position += length
            if position > size:
                return True
    return False


def read(path: Path, head: bytes, size: int) -> ImageMetadata:
    import pillow_heif  # imported here: only HEIC files pay for loading libheif

    metadata = ImageMetadata()
    try:
        heif_file = pillow_heif.open_heif(str(path), convert_hdr_to_8bit=True)
    except Exception as error:  # libheif reports every kind of damage as a generic error
        metadata.unreadable = "damaged"
        metadata.problems.append(f"HEIF container cannot be read ({error})")
        return metadata
    metadata.width, metadata.height = heif_file.size  # after the container's rotation (irot)
    try:
        with path.open("rb") as handle:
            stored = containers.heif_stored_size(handle, size)
            metadata.jumbf = containers.bmff_store(handle, size)
    except (OSError, struct.error, IndexError):
        stored = None
    if stored:  # the size as stored (DECISIONS.md), as EXIF and ExifTool give it
        metadata.width, metadata.height = stored
    if cut_short(path, size):
        metadata.unreadable = "truncated"
        metadata.data_truncated = True
    exif = heif_file.info.get("exif")
    if isinstance(exif, bytes) and exif:
        parse_exif(metadata, exif)
    xmp = heif_file.info.get("xmp")
    if isinstance(xmp, bytes):
        metadata.xmp = xmp
    return metadata


def register_opener() -> None:
    """Let Pillow open HEIC files (idempotent)."""
    import pillow_heif

    pillow_heif.register_heif_opener()
