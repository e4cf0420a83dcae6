"""JPEG headers: walk the marker segments up to the start of scan, never decoding pixels.

Segments that carry evidence in pieces or in a maker's format are read by `jpeg_segments`.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from core.photo.metadata import ImageMetadata, parse_exif
from core.photo.readers import jpeg_segments

XMP_ID = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXTENSION_ID = jpeg_segments.XMP_EXTENSION_ID
PHOTOSHOP_ID = b"Photoshop 3.0\x00"
_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}
_TAIL_BYTES = 256 * 1024
_QUICK_TAIL_BYTES = 4096
_MAX_SEGMENTS = 512


def read(path: Path, head: bytes, size: int) -> ImageMetadata:
    metadata = ImageMetadata()
    with path.open("rb") as handle:
        _walk(handle, size, metadata)
        jpeg_segments.finish(metadata)
        if metadata.unreadable is None:
            _check_end(handle, size, metadata)
    return metadata


def _walk(handle: BinaryIO, size: int, metadata: ImageMetadata) -> None:
    handle.seek(2)
    for _ in range(_MAX_SEGMENTS):
        marker = _next_marker(handle)
        if marker is None:
            metadata.problems.append("JPEG structure is damaged before the image data")
            metadata.unreadable = "damaged"
            return
        if marker in _STANDALONE:
            continue
        if marker == 0xD9:
            metadata.unreadable = "damaged"
            return
        raw_length = handle.read(2)
        if len(raw_length) < 2:
            metadata.data_truncated = True
            metadata.unreadable = "truncated"
            return
        length = struct.unpack(">H", raw_length)[0] - 2
        position = handle.tell()
        if length < 0 or position + length > size:
            metadata.data_truncated = True
            metadata.unreadable = "truncated"
            return
        if marker == 0xDA:
            return
        payload = handle.read(min(length, 65535))
        _segment(marker, payload, metadata)
        handle.seek(position + length)
    metadata.problems.append("too many JPEG segments")


def _next_marker(handle: BinaryIO) -> int | None:
    byte = handle.read(1)
    if byte != b"\xff":
        return None
    while byte == b"\xff":  # fill bytes
        byte = handle.read(1)
    return byte[0] if byte else None


def _segment(marker: int, payload: bytes, metadata: ImageMetadata) -> None:
    if marker in _SOF_MARKERS and len(payload) >= 6:
        metadata.height, metadata.width = struct.unpack(">HH", payload[1:5])
        metadata.progressive = marker in (0xC2, 0xC6, 0xCA, 0xCE)
        metadata.sampling = _sampling(payload)
    elif marker == 0xDB:
        _quantization(payload, metadata)
    elif 0xE0 <= marker <= 0xEF:
        name = f"APP{marker - 0xE0}"
        if marker == 0xE1 and payload.startswith(b"Exif\x00"):
            metadata.app_segments.append(name + ":Exif")
            if not metadata.has_exif:  # the first Exif segment is the camera's
                parse_exif(metadata, payload[6:])
        elif marker == 0xE1 and payload.startswith(XMP_ID):
            metadata.app_segments.append(name + ":XMP")
            metadata.xmp = payload[len(XMP_ID) :]
        elif marker == 0xE1 and payload.startswith(XMP_EXTENSION_ID):
            metadata.app_segments.append(name + ":XMPExtension")
            jpeg_segments.extension_piece(payload, metadata)
        elif marker == 0xE1 and payload.startswith(jpeg_segments.FLIR_ID):
            metadata.app_segments.append(name + ":FLIR")
            jpeg_segments.flir_piece(payload, metadata)
        elif marker == 0xED and payload.startswith(PHOTOSHOP_ID):
            metadata.app_segments.append(name + ":Photoshop")
            metadata.photoshop = payload[len(PHOTOSHOP_ID) :]
        elif marker == 0xEB:
            metadata.app_segments.append(name + ":JUMBF")
            metadata.jumbf = (metadata.jumbf or b"") + payload
        else:
            identifier = payload.split(b"\x00", 1)[0][:20]
            metadata.app_segments.append(name + ":" + identifier.decode("latin-1", "replace"))
            jpeg_segments.other_segment(marker, payload, metadata)
            jpeg_segments.label_text(name, payload, metadata)
    elif marker == 0xFE:
        metadata.app_segments.append("COM")
        # up to 8 KB: a bare AIGC{...} label in a comment is longer than a software name
        metadata.extra.setdefault("comments", []).append(payload[:8192].decode("utf-8", "replace"))


def _sampling(payload: bytes) -> str | None:
    components = payload[5]
    if components < 3 or len(payload) < 6 + 3 * components:
        return "gray" if components == 1 else None
    factors = payload[7]
    horizontal, vertical = factors >> 4, factors & 0x0F
    return {(1, 1): "4:4:4", (2, 1): "4:2:2", (2, 2): "4:2:0", (1, 2): "4:4:0", (4, 1): "4:1:1"}.get(
        (horizontal, vertical), f"{horizontal}x{vertical}"
    )


def _quantization(payload: bytes, metadata: ImageMetadata) -> None:
    position = 0
    while position < len(payload):
        precision, table_id = payload[position] >> 4, payload[position] & 0x0F
        position += 1
        if precision == 0:
            values = list(payload[position : position + 64])
            position += 64
        else:
            values = list(struct.unpack(">64H", payload[position : position + 128].ljust(128, b"\x00")))
            position += 128
        metadata.quantization[table_id] = values


def _check_end(handle: BinaryIO, size: int, metadata: ImageMetadata) -> None:
    """A JPEG cut short has no end-of-image marker near its end (trailers like MPF may follow it).

    The marker is nearly always in the last few bytes, so look there first and read further back
    only when it is not.
    """
    for tail_bytes in (_QUICK_TAIL_BYTES, _TAIL_BYTES):
        handle.seek(max(0, size - tail_bytes))
        if b"\xff\xd9" in handle.read():
            return
        if tail_bytes >= size:
            break
    metadata.data_truncated = True
    metadata.unreadable = "truncated"
