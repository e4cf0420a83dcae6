"""JPEG headers: walk the marker segments up to the start of scan, never decoding pixels.

Segments that carry evidence in pieces or in a maker's format are read by `jpeg_segments`.
The walk reads markers as libjpeg does (stray bytes between segments are skipped, and said), so that
`inspect --fast` and a decoder agree on which files can be read; whether the image data is complete is
judged from the scan data on (`jpeg_end`), never from the file's tail.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from core.base.fileaccess import open_regular
from core.photo import ciff, makernotes
from core.photo.metadata import ImageMetadata, parse_exif
from core.photo.readers import jpeg_end, jpeg_segments

XMP_ID = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXTENSION_ID = jpeg_segments.XMP_EXTENSION_ID
PHOTOSHOP_ID = b"Photoshop 3.0\x00"
_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}
_JUNK_CHUNK = 4096
_MAX_SEGMENTS = 512


def read(path: Path, head: bytes, size: int) -> ImageMetadata:
    metadata = ImageMetadata()
    with open_regular(path) as handle:
        scan_start = _walk(handle, size, metadata)
        jpeg_segments.finish(metadata)
        if scan_start is not None:
            jpeg_end.judge(handle, size, scan_start, metadata, "APP2:MPF" in metadata.app_segments)
    return metadata


def _walk(handle: BinaryIO, size: int, metadata: ImageMetadata) -> int | None:
    """Read the segments before the image data; the offset where the first scan's data starts."""
    handle.seek(2)
    junk = 0
    for _ in range(_MAX_SEGMENTS):
        marker, skipped = _next_marker(handle)
        junk += skipped
        if marker is None:  # the file ends before its image data
            metadata.data_truncated = True
            metadata.unreadable = "truncated"
            return None
        if marker in _STANDALONE:
            continue
        if marker in (0xD8, 0xD9):  # a second start, or an end before any image data: libjpeg refuses both
            metadata.problems.append("JPEG structure is damaged before the image data")
            metadata.unreadable = "damaged"
            return None
        raw_length = handle.read(2)
        if len(raw_length) < 2:
            metadata.data_truncated = True
            metadata.unreadable = "truncated"
            return None
        length = struct.unpack(">H", raw_length)[0] - 2
        position = handle.tell()
        if length < 0:
            metadata.problems.append("JPEG structure is damaged before the image data")
            metadata.unreadable = "damaged"
            return None
        if position + length > size:
            metadata.data_truncated = True
            metadata.unreadable = "truncated"
            return None
        if marker == 0xDA:
            if junk:
                metadata.problems.append(f"{junk} stray bytes between JPEG segments")
            return int(position + length)
        payload = handle.read(min(length, 65535))
        _segment(marker, payload, metadata)
        handle.seek(position + length)
    metadata.problems.append("too many JPEG segments")
    return None


def _next_marker(handle: BinaryIO) -> tuple[int | None, int]:
    """The next marker code and how many stray bytes came before it (None at the end of the file).

    As libjpeg: bytes up to the next 0xFF are skipped, fill bytes (0xFF 0xFF ...) too, and 0xFF 0x00 is
    not a marker."""
    skipped = 0
    while True:
        byte = handle.read(1)
        if not byte:
            return None, skipped
        if byte != b"\xff":
            chunk = handle.read(_JUNK_CHUNK)
            found = chunk.find(b"\xff")
            if found < 0:
                skipped += 1 + len(chunk)
                if not chunk:
                    return None, skipped
                continue
            skipped += 1 + found
            handle.seek(found + 1 - len(chunk), 1)
            byte = b"\xff"
        while byte == b"\xff":
            byte = handle.read(1)
        if not byte:
            return None, skipped
        if byte == b"\x00":
            skipped += 2
            continue
        return byte[0], skipped


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
        elif marker == 0xE0 and ciff.is_ciff(payload):  # a Canon PowerShot's CIFF heap, in place of EXIF
            metadata.app_segments.append(name + ":CIFF")
            metadata.maker = makernotes.merged(metadata.maker, ciff.read(payload))
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
