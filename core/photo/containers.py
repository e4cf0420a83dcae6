"""Chunks that Pillow does not hand over: text and C2PA in PNG, C2PA in WebP and HEIF.

AI-content labels sit in PNG text chunks (keyed `AIGC`, sometimes after the image data, where
Pillow's lazy open does not look) and C2PA manifest stores sit in their own chunk or box in every
container. Walking the chunk headers (seeking past the data) costs a few reads per file and decodes
nothing.
"""

from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

C2PA_UUID = bytes.fromhex("d8fec3d61b0e483c92975828877ec481")  # the HEIF/BMFF uuid box of C2PA
MAX_STORE = 16 * 1024 * 1024  # a manifest store with thumbnails is well under this
MAX_TEXT = 64 * 1024
_MAX_CHUNKS = 100_000


def png_chunks(handle: BinaryIO, size: int) -> tuple[dict[str, str], bytes | None]:
    """(text chunks by keyword, the caBX manifest store) of a PNG."""
    texts: dict[str, str] = {}
    store: bytes | None = None
    position = 8
    for _ in range(_MAX_CHUNKS):
        if position + 12 > size:
            break
        handle.seek(position)
        header = handle.read(8)
        if len(header) < 8:
            break
        length, kind = struct.unpack(">I4s", header)
        if kind in (b"tEXt", b"iTXt", b"zTXt") and length <= MAX_TEXT:
            keyword, text = _png_text(kind, handle.read(length))
            if keyword:
                texts.setdefault(keyword, text)
        elif kind == b"caBX" and length <= MAX_STORE:
            store = handle.read(length)
        elif kind == b"IEND":
            break
        position += 12 + length
    return texts, store


def _png_text(kind: bytes, data: bytes) -> tuple[str, str]:
    keyword, _, rest = data.partition(b"\x00")
    name = keyword.decode("latin-1", "replace")
    try:
        if kind == b"tEXt":
            return name, rest.decode("latin-1")
        if kind == b"zTXt":
            return name, zlib.decompressobj().decompress(rest[1:], MAX_TEXT).decode("latin-1")
        compressed, _method = rest[0], rest[1]
        _language, _, rest = rest[2:].partition(b"\x00")
        _translated, _, text = rest.partition(b"\x00")
        if compressed:
            text = zlib.decompressobj().decompress(text, MAX_TEXT)
        return name, text.decode("utf-8", "replace")
    except (zlib.error, IndexError):
        return name, ""


def webp_store(handle: BinaryIO, size: int) -> bytes | None:
    """The C2PA chunk of a WebP (RIFF), if any."""
    handle.seek(12)
    position = 12
    for _ in range(_MAX_CHUNKS):
        if position + 8 > size:
            return None
        handle.seek(position)
        header = handle.read(8)
        if len(header) < 8:
            return None
        kind, length = struct.unpack("<4sI", header)
        if kind == b"C2PA" and length <= MAX_STORE:
            return handle.read(length)
        position += 8 + length + (length & 1)
    return None


def bmff_store(handle: BinaryIO, size: int) -> bytes | None:
    """The C2PA uuid box among the top-level boxes of a HEIF/AVIF (ISO base media) file."""
    position = 0
    for _ in range(10_000):
        if position + 8 > size:
            return None
        handle.seek(position)
        header = handle.read(32)
        if len(header) < 8:
            return None
        length, kind = struct.unpack(">I4s", header[:8])
        start = 8
        if length == 1:
            length, start = struct.unpack(">Q", header[8:16])[0], 16
        elif length == 0:
            length = size - position
        if length < start:
            return None
        if kind == b"uuid" and header[start : start + 16] == C2PA_UUID and length <= MAX_STORE:
            handle.seek(position + start + 16)
            return handle.read(length - start - 16)
        position += length
    return None


def _children(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes in data[start:end]."""
    boxes: list[tuple[bytes, int, int]] = []
    position = start
    while position + 8 <= end and len(boxes) < 10_000:
        length, kind = struct.unpack_from(">I4s", data, position)
        header = 8
        if length == 1 and position + 16 <= end:
            length, header = struct.unpack_from(">Q", data, position + 8)[0], 16
        elif length == 0:
            length = end - position
        if length < header or position + length > end:
            break
        boxes.append((kind, position + header, position + length))
        position += length
    return boxes


def heif_stored_size(handle: BinaryIO, size: int) -> tuple[int, int] | None:
    """The primary image's stored size (its `ispe` property), before the container's rotation.

    pillow-heif reports the size after `irot`; ExifTool's ImageWidth/ImageHeight, and the EXIF
    pixel dimensions a phone writes, are the stored size (DECISIONS.md: width/height as stored).
    """
    handle.seek(0)
    head = handle.read(min(size, 4 * 1024 * 1024))
    meta = next(((s, e) for kind, s, e in _children(head, 0, len(head)) if kind == b"meta"), None)
    if meta is None:
        return None
    boxes = _children(head, meta[0] + 4, meta[1])  # meta is a full box: skip version and flags
    pitm = next(((s, e) for kind, s, e in boxes if kind == b"pitm"), None)
    iprp = next(((s, e) for kind, s, e in boxes if kind == b"iprp"), None)
    if pitm is None or iprp is None:
        return None
    primary = (struct.unpack_from(">H", head, pitm[0] + 4)[0] if head[pitm[0]] == 0
               else struct.unpack_from(">I", head, pitm[0] + 4)[0])
    parts = _children(head, iprp[0], iprp[1])
    ipco = next(((s, e) for kind, s, e in parts if kind == b"ipco"), None)
    ipma = next(((s, e) for kind, s, e in parts if kind == b"ipma"), None)
    if ipco is None or ipma is None:
        return None
    properties = _children(head, ipco[0], ipco[1])
    version, flags = head[ipma[0]], int.from_bytes(head[ipma[0] + 1 : ipma[0] + 4], "big")
    position = ipma[0] + 4
    count = struct.unpack_from(">I", head, position)[0]
    position += 4
    for _ in range(min(count, 10_000)):
        if version < 1:
            item, position = struct.unpack_from(">H", head, position)[0], position + 2
        else:
            item, position = struct.unpack_from(">I", head, position)[0], position + 4
        associations, position = head[position], position + 1
        indexes = []
        for _ in range(associations):
            if flags & 1:
                indexes.append(struct.unpack_from(">H", head, position)[0] & 0x7FFF)
                position += 2
            else:
                indexes.append(head[position] & 0x7F)
                position += 1
        if item != primary:
            continue
        for index in indexes:
            if 1 <= index <= len(properties) and properties[index - 1][0] == b"ispe":
                start = properties[index - 1][1]
                width, height = struct.unpack_from(">II", head, start + 4)
                return (width, height) if width and height else None
    return None
