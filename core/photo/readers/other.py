"""Non-JPEG still images Pillow opens lazily (PNG, GIF, WebP, BMP, TIFF): size, EXIF and XMP, plus what
Pillow does not hand over: PNG text chunks and C2PA manifest stores (`core/photo/containers.py`)."""

from __future__ import annotations

import struct
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from core.photo import containers
from core.photo.metadata import ImageMetadata, parse_exif

TAG_C2PA = 0xCD41  # TIFF tag that holds a C2PA manifest store
TAG_IPTC, TAG_PHOTOSHOP = 0x83BB, 0x8649  # IPTC-NAA (a bare IIM stream), Photoshop image resources
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 7: 1}
TIFF_HEAD_BYTES = 4 * 1024 * 1024  # EXIF, XMP and maker notes sit before the image data in practice


def read(path: Path, head: bytes, size: int) -> ImageMetadata:
    metadata = ImageMetadata()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                metadata.width, metadata.height = image.size
                exif = image.info.get("exif")
                xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
                tiff_store = getattr(image, "tag_v2", {}).get(TAG_C2PA) if image.format == "TIFF" else None
                image_format = image.format
    except (UnidentifiedImageError, ValueError, SyntaxError, struct.error) as error:
        metadata.unreadable = "damaged"
        metadata.problems.append(f"{type(error).__name__}: {error}")
        return metadata
    if isinstance(exif, bytes) and exif:
        parse_exif(metadata, exif)
    elif image_format == "TIFF":  # a TIFF's own directory is its EXIF IFD0 (Make, Model, the Exif IFD)
        with path.open("rb") as handle:
            tiff = handle.read(TIFF_HEAD_BYTES)
        parse_exif(metadata, tiff, complete=False)
        _tiff_blocks(tiff, metadata)
    if isinstance(xmp, bytes):
        metadata.xmp = xmp
    elif isinstance(xmp, str):
        metadata.xmp = xmp.encode("utf-8")
    if isinstance(tiff_store, bytes):
        metadata.jumbf = tiff_store
    _chunks(path, size, image_format, metadata)
    return metadata


def _tiff_blocks(tiff: bytes, metadata: ImageMetadata) -> None:
    """IPTC and Photoshop blocks of a TIFF's first directory, as their bytes: Pillow reads the IPTC-NAA tag
    as numbers (it is often typed LONG) and keeps only the first."""
    order = "<" if tiff[:2] == b"II" else ">"
    try:
        at = struct.unpack_from(order + "I", tiff, 4)[0]
        count = min(struct.unpack_from(order + "H", tiff, at)[0], 1024)
        for index in range(count):
            tag, kind, number, pointer = struct.unpack_from(order + "HHII", tiff, at + 2 + 12 * index)
            length = _TYPE_SIZES.get(kind, 0) * number
            if tag not in (TAG_IPTC, TAG_PHOTOSHOP) or not 4 < length <= len(tiff) - pointer:
                continue
            if tag == TAG_IPTC:
                metadata.iptc = tiff[pointer : pointer + length]
            elif metadata.photoshop is None:
                metadata.photoshop = tiff[pointer : pointer + length]
    except struct.error:
        return  # a directory cut short: what was read stands


def _chunks(path: Path, size: int, image_format: str | None, metadata: ImageMetadata) -> None:
    """PNG text chunks (an `AIGC` label may follow the image data) and the C2PA store of PNG/WebP."""
    if image_format not in ("PNG", "WEBP"):
        return
    try:
        with path.open("rb") as handle:
            if image_format == "PNG":
                texts, store = containers.png_chunks(handle, size)
                if texts:
                    metadata.extra["png_text"] = texts
                if metadata.xmp is None and texts.get("XML:com.adobe.xmp"):  # XMP after the image data
                    metadata.xmp = texts["XML:com.adobe.xmp"].encode("utf-8")
            else:
                store = containers.webp_store(handle, size)
    except (OSError, struct.error) as error:
        metadata.problems.append(f"{image_format} chunks could not be read ({type(error).__name__})")
        return
    if store:
        metadata.jumbf = store

