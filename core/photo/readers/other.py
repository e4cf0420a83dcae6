"""Non-JPEG still images Pillow opens lazily (PNG, GIF, WebP, BMP, TIFF): size and EXIF only."""

from __future__ import annotations

import struct
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from core.photo.metadata import ImageMetadata, parse_exif


def read(path: Path, head: bytes, size: int) -> ImageMetadata:
    metadata = ImageMetadata()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                metadata.width, metadata.height = image.size
                exif = image.info.get("exif")
                xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    except (UnidentifiedImageError, ValueError, SyntaxError, struct.error) as error:
        metadata.unreadable = "damaged"
        metadata.problems.append(f"{type(error).__name__}: {error}")
        return metadata
    if isinstance(exif, bytes) and exif:
        parse_exif(metadata, exif)
    if isinstance(xmp, bytes):
        metadata.xmp = xmp
    elif isinstance(xmp, str):
        metadata.xmp = xmp.encode("utf-8")
    return metadata

