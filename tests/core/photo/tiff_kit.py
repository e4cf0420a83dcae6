"""Build EXIF TIFF structures byte by byte, so MakerNotes sit at offsets the test knows.

piexif places a MakerNote wherever it likes; a maker note whose values point at offsets counted from
the TIFF header must know where it will land, so these helpers lay the structure out themselves.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence

Entry = tuple[int, int, int, bytes]  # tag, type, count, value bytes (inline when 4 bytes or fewer)
_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 7: 1}


def ascii_entry(tag: int, text: str) -> Entry:
    data = text.encode("ascii") + b"\x00"
    return tag, 2, len(data), data


def long_entry(tag: int, value: int, order: str = "<") -> Entry:
    return tag, 4, 1, struct.pack(order + "I", value)


def undefined_entry(tag: int, data: bytes) -> Entry:
    return tag, 7, len(data), data


def ifd(entries: Sequence[Entry], at: int, base: int, order: str = "<", next_ifd: int = 0) -> bytes:
    """A directory placed at `at` (where its first byte will be, counted from `base`'s zero):
    values over 4 bytes follow it, their offsets counted from `base`."""
    entries = sorted(entries)
    head_size = 2 + 12 * len(entries) + 4
    data_at = at + head_size
    head = struct.pack(order + "H", len(entries))
    tail = b""
    for tag, kind, count, value in entries:
        if len(value) <= 4:
            head += struct.pack(order + "HHI", tag, kind, count) + value.ljust(4, b"\x00")
        else:
            head += struct.pack(order + "HHII", tag, kind, count, data_at + len(tail) - base)
            tail += value + (b"\x00" if len(value) % 2 else b"")
    head += struct.pack(order + "I", next_ifd)
    return head + tail


def exif_with_makernote(make: str, model: str, note: Callable[[int], bytes], order: str = "<",
                        taken: str | None = "2026:05:01 10:00:00") -> bytes:
    """APP1 payload ("Exif\\0\\0" + TIFF): IFD0 (Make, Model), the Exif IFD, then the MakerNote built by
    `note(offset of the note from the TIFF header)`."""
    magic = b"II*\x00" if order == "<" else b"MM\x00*"
    ifd0_entries = [ascii_entry(0x010F, make), ascii_entry(0x0110, model), long_entry(0x8769, 0, order)]
    ifd0_size = len(ifd(ifd0_entries, 8, 0, order))
    exif_at = 8 + ifd0_size
    ifd0_entries[2] = long_entry(0x8769, exif_at, order)
    head = magic + struct.pack(order + "I", 8) + ifd(ifd0_entries, 8, 0, order)
    exif_entries: list[Entry] = [undefined_entry(0x927C, b"\x00" * 8)]
    if taken:
        exif_entries.append(ascii_entry(0x9003, taken))
    # lay the Exif IFD out once to learn where its data (the note comes first: lowest tag after sort?)
    probe = ifd(exif_entries, exif_at, 0, order)
    note_at = exif_at + 2 + 12 * len(exif_entries) + 4
    if taken:  # DateTimeOriginal (0x9003) sorts before MakerNote (0x927C): its 20 bytes come first
        note_at += 20
    body = note(note_at)
    exif_entries[0] = undefined_entry(0x927C, body)
    directory = ifd(exif_entries, exif_at, 0, order)
    assert len(probe) <= len(directory)
    return b"Exif\x00\x00" + head + directory


def jpeg_with_app1(jpeg: bytes, payload: bytes) -> bytes:
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]
