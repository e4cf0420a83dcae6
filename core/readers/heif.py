"""HEIC/HEIF through pillow-heif: size and EXIF of the primary image without decoding it."""

from __future__ import annotations

from pathlib import Path

from core.metadata import ImageMetadata, parse_exif


def read(path: Path, head: bytes, size: int) -> ImageMetadata:
    import pillow_heif  # imported here: only HEIC files pay for loading libheif

    metadata = ImageMetadata()
    try:
        heif_file = pillow_heif.open_heif(str(path), convert_hdr_to_8bit=True)
    except Exception as error:  # libheif reports every kind of damage as a generic error
        metadata.unreadable = "damaged"
        metadata.problems.append(f"HEIF container cannot be read ({error})")
        return metadata
    metadata.width, metadata.height = heif_file.size
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
