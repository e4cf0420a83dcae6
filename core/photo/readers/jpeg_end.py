"""Where a JPEG's main image ends, judged by its image data, and what (if anything) trails it.

Why: a cut JPEG must be told from a complete one without decoding pixels (`inspect --fast`). Looking for
an end-of-image marker near the end of the file is wrong both ways: the EXIF thumbnail's own marker sits
in the header and made cut files look complete, and cameras pad files after the marker (a 2002 Canon
IXUS, a 2003 FinePix), phones append motion-photo videos and MPF second images, so complete files
looked cut. Here the end is searched from the first start-of-scan on: inside entropy-coded data a 0xFF
byte is always followed by 0x00 or a restart marker, so the first FF D9 after the scan begins is the
main image's end. No FF D9 there means the image data was cut short.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from core.photo.metadata import ImageMetadata

EOI = b"\xff\xd9"
_CHUNK = 1 << 20
_SNIFF = 4096
_PADDING = b"\x00\xff"


def judge(handle: BinaryIO, size: int, scan_start: int, metadata: ImageMetadata, second_image: bool) -> None:
    """Record in `metadata` whether the main image's data is complete, and what follows it.

    `second_image`: the header announces more images (MPF), so what follows the main image is looked at
    even when the file ends with an end marker, to say so."""
    handle.seek(max(scan_start, size - 2))
    ends_with_marker = handle.read(2) == EOI
    if ends_with_marker and not second_image:
        return  # the usual complete file: nothing after the main image
    if not ends_with_marker:
        afcp_iptc(handle, size, metadata)
    end = main_image_end(handle, scan_start, size)
    if end is None:
        metadata.data_truncated = True
        metadata.unreadable = "truncated"
        return
    kind = trailer_kind(handle, end, size)
    if kind is not None:
        metadata.extra["trailer"] = {"kind": kind, "bytes": size - end}


def main_image_end(handle: BinaryIO, scan_start: int, size: int) -> int | None:
    """The offset just past the main image's end marker, or None when its data runs to the file's end."""
    position = scan_start
    carry = b""
    handle.seek(position)
    while position < size:
        chunk = handle.read(_CHUNK)
        if not chunk:
            break
        window = carry + chunk
        found = window.find(EOI)
        if found >= 0:
            return position - len(carry) + found + 2
        carry = window[-1:]
        position += len(chunk)
    return None


_AFCP_ENTRIES, _AFCP_IPTC_LIMIT = 64, 1 << 20


def afcp_iptc(handle: BinaryIO, size: int, metadata: ImageMetadata) -> None:
    """IPTC kept in an AFCP trailer ("AXS File Concatenation Protocol": some newsroom tools append it instead
    of writing APP13): its last 12 bytes are "AXS!" (big-endian) or "AXS*" and where the trailer starts;
    there, a 12-byte header (the same mark, version, entry count) and 12-byte entries (name, size, offset)."""
    if size < 24:
        return
    handle.seek(size - 12)
    tail = handle.read(12)
    if tail[:3] != b"AXS" or tail[3:4] not in (b"!", b"*"):
        return
    order = ">" if tail[3:4] == b"!" else "<"
    start = struct.unpack(order + "I", tail[4:8])[0]
    handle.seek(start)
    header = handle.read(12)
    if start >= size - 12 or header[:4] != tail[:4]:
        return  # the trailer was moved or is damaged: do not guess where its pieces are
    count = min(struct.unpack(order + "H", header[6:8])[0], _AFCP_ENTRIES)
    directory = handle.read(12 * count)
    for index in range(len(directory) // 12):
        name, length, offset = struct.unpack(order + "4sII", directory[12 * index : 12 * index + 12])
        if name == b"IPTC" and 0 < length <= _AFCP_IPTC_LIMIT and offset + length <= size:
            handle.seek(offset)
            metadata.iptc = metadata.iptc or handle.read(length)
            return


def trailer_kind(handle: BinaryIO, end: int, size: int) -> str | None:
    """"image", "video" or "data" for what follows the main image; None for nothing or padding."""
    if end >= size:
        return None
    handle.seek(end)
    start = handle.read(_SNIFF)
    first = len(start) - len(start.lstrip(_PADDING))  # where the padding (if any) stops
    if first == len(start):
        if _padding_to_end(handle, end + len(start), size):
            return None  # camera padding (zeros or 0xFF fill) to the end of the file
        return "data"  # padding, then something further on
    body = start[first:]
    if first and start[first - 1 : first + 2] == b"\xff\xd8\xff":
        return "image"  # an MPF second image (depth map, large preview) or another JPEG
    if body[4:8] == b"ftyp" or b"MotionPhoto_Data" in start or b"ftypmp4" in start or b"ftypisom" in start:
        return "video"  # Samsung and Google motion photos append an MP4
    return "data"


def _padding_to_end(handle: BinaryIO, position: int, size: int) -> bool:
    handle.seek(position)
    while position < size:
        chunk = handle.read(_CHUNK)
        if not chunk:
            break
        if chunk.strip(_PADDING):
            return False
        position += len(chunk)
    return True
