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


_RAW_PROFILE_LIMIT = 4 * 1024 * 1024  # hex digits: 2 MB of metadata


def _raw_profiles(texts: dict[str, str], metadata: ImageMetadata) -> None:
    """ImageMagick's "Raw profile type xmp/exif" PNG text: a line with the profile's name, one with its length,
    then the bytes as hex. Files that went through ImageMagick keep their XMP and EXIF only there."""
    for name, wanted in (("xmp", metadata.xmp is None), ("exif", not metadata.has_exif)):
        text = texts.get(f"Raw profile type {name}")
        if not wanted or not text or len(text) > _RAW_PROFILE_LIMIT:
            continue
        lines = text.strip().split("\n", 2)
        try:
            data = bytes.fromhex("".join(lines[2].split())) if len(lines) == 3 else b""
        except ValueError:
            metadata.problems.append(f"the PNG's raw {name} profile is not hex")
            continue
        if name == "xmp" and data:
            metadata.xmp = data
        elif data:
            parse_exif(metadata, data[data.find(b"Exif\x00\x00"):] if b"Exif\x00\x00" in data[:16] else data)


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
                _raw_profiles(texts, metadata)
            else:
                store = containers.webp_store(handle, size)
    except (OSError, struct.error) as error:
        metadata.problems.append(f"{image_format} chunks could not be read ({type(error).__name__})")
        return
    if store:
        metadata.jumbf = store

