"""Canon CR3: an ISO base-media file whose Canon box holds TIFF blocks CMT1 (IFD0), CMT2 (Exif IFD)
and CMT4 (GPS). The image data lives in `mdat`; a file whose `mdat` is missing or cut short is
truncated."""

from __future__ import annotations

import struct
from pathlib import Path

from core.photo import makernotes
from core.photo.metadata import ImageMetadata, parse_exif

CANON_UUID = bytes.fromhex("85c0b687820f11e08111f4ce462b6a48")
HEAD_LIMIT = 2 * 1024 * 1024
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}


def _boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int, int]]:
    """(type, payload start, payload end, declared end) for each box between start and end."""
    found = []
    position = start
    while position + 8 <= end:
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        header = 8
        if size == 1 and position + 16 <= end:
            size = struct.unpack(">Q", data[position + 8 : position + 16])[0]
            header = 16
        elif size == 0:
            size = end - position
        if size < header:
            break
        found.append((kind, position + header, min(position + size, end), position + size))
        position += size
    return found


def read(path: Path, head: bytes, size: int) -> ImageMetadata:
    with path.open("rb") as handle:
        data = handle.read(HEAD_LIMIT)
    metadata = ImageMetadata()
    metadata.extra["file_size"] = size
    top = _boxes(data, 0, len(data))
    if not any(kind == b"mdat" for kind, *_ in top) and len(data) >= size:
        metadata.data_truncated = True
    for kind, _start, _end, declared_end in top:
        if kind == b"mdat" and declared_end > size:
            metadata.data_truncated = True
    _find_canon_blocks(data, top, metadata)
    return metadata


def _text(value: object) -> str | None:
    return value.strip("\x00 ") if isinstance(value, str) else None


def _find_canon_blocks(data: bytes, boxes: list[tuple[bytes, int, int, int]], metadata: ImageMetadata) -> None:
    for kind, start, end, _ in boxes:
        if kind == b"stbl":
            _check_track(data, _boxes(data, start, end), metadata)
        elif kind in _CONTAINERS:
            _find_canon_blocks(data, _boxes(data, start, end), metadata)
        elif kind == b"uuid" and data[start : start + 16] == CANON_UUID:
            blocks = {k: data[s:e] for k, s, e, _ in _boxes(data, start + 16, end)}
            if b"CMT1" in blocks:
                parsed = {}
                for name in (b"CMT2", b"CMT4", b"CMT1"):  # CMT1 (IFD0) last: its state is kept
                    if name in blocks:
                        parse_exif(metadata, blocks[name], complete=False)
                        parsed[name] = metadata.ifd0
                metadata.exif_ifd = parsed.get(b"CMT2", {})
                metadata.gps_ifd = parsed.get(b"CMT4", {})
                metadata.ifd1 = {}
                metadata.thumbnail = None
                if b"CMT3" in blocks:  # Canon's MakerNote, as a TIFF structure of its own
                    metadata.maker = makernotes.read_standalone(
                        blocks[b"CMT3"], _text(metadata.ifd0.get(0x010F)), _text(metadata.ifd0.get(0x0110)))
            for sub_kind, sub_start, sub_end, _ in _boxes(data, start + 16, end):
                if sub_kind == b"CNCV":
                    metadata.extra["cr3_version"] = data[sub_start:sub_end].decode("latin-1", "replace")
    if metadata.width is None:
        make_width = metadata.exif_ifd.get(0xA002)
        make_height = metadata.exif_ifd.get(0xA003)
        if isinstance(make_width, int) and isinstance(make_height, int):
            metadata.width, metadata.height = make_width, make_height


def _check_track(data: bytes, boxes: list[tuple[bytes, int, int, int]], metadata: ImageMetadata) -> None:
    """One track's sample table: its picture size, and whether its data lies inside the file."""
    table = {kind: data[start:end] for kind, start, end, _ in boxes}
    size = metadata.extra.get("file_size", 0)
    description = table.get(b"stsd", b"")
    if description[12:16] == b"CRAW" and len(description) >= 44:
        width, height = struct.unpack(">HH", description[40:44])
        if width * height > (metadata.width or 0) * (metadata.height or 0):
            metadata.width, metadata.height = width, height
    sample_sizes = table.get(b"stsz", b"")
    if len(sample_sizes) < 12:
        return
    sample_size = struct.unpack(">I", sample_sizes[4:8])[0]
    offset = None
    if len(table.get(b"co64", b"")) >= 16:
        offset = struct.unpack(">Q", table[b"co64"][8:16])[0]
    elif len(table.get(b"stco", b"")) >= 12:
        offset = struct.unpack(">I", table[b"stco"][8:12])[0]
    if offset is not None and size and offset + sample_size > size:
        metadata.data_truncated = True
