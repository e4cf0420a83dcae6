"""Camera facts in a Canon CIFF heap: the format of Canon's .CRW files and of the APP0 block ("HEAPJPGM")
that 1998-2001 PowerShot compacts wrote into their JPEGs instead of EXIF.

Why: those JPEGs carry no EXIF at all, so without this the camera's make, model and capture time are lost
and the photo reads as "no camera metadata". The layout is Canon's CIFF 1.0r4 specification, as ExifTool's
CanonRaw tag table documents it (only the facts are taken; no ExifTool code): a heap's last 4 bytes give
where its record table starts; the table is a 16-bit count and 10-byte records (type, size, offset from the
heap's start); a record type's top bits say whether the value sits in the record itself and whether it is
a heap of its own. Which records hold what is data, in `resources/photo/makernotes.toml` ([ciff]).

A heap is untrusted bytes: every offset is checked against its heap, nesting and the number of records
read are bounded, and a table seen twice is not read again, so a hostile heap ends, with what was found.
"""

from __future__ import annotations

import datetime
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.photo.makernotes import MakerFacts, printable_text, table

SIGNATURES = (b"HEAPJPGM", b"HEAPCCDR")
_IN_RECORD, _KIND_MASK, _BAD = 0x4000, 0x3800, 0x8000
_HEAP_KINDS = (0x2800, 0x3000)
_ID_MASK = 0x3FFF


def is_ciff(data: bytes) -> bool:
    """A CIFF header: byte order, header length, then a heap signature."""
    return data[:2] in (b"II", b"MM") and data[6:14] in SIGNATURES


class _Walk:
    """One bounded walk over a heap tree, keeping the first value of each wanted record.

    `data` holds the bytes from offset `base` on (a .CRW's tail: its record tables and small records sit at
    the end, after the raw data); what lies before `base` is out of reach and skipped like a bad pointer."""

    def __init__(self, data: bytes, base: int, order: str, spec: Mapping[str, Any]) -> None:
        self.data, self.base, self.order = data, base, order
        self.wanted = {int(spec[name]) for name in ("make_model", "time", "image_info", "serial")}
        self.max_depth, self.budget = int(spec.get("max_depth", 8)), int(spec.get("max_records", 1024))
        self.max_value = int(spec.get("max_value", 4096))
        self.raw_data = int(spec.get("raw_data", 0x2005))
        self.values: dict[int, bytes] = {}
        self.raw_bytes = 0  # the size of the raw sensor data record (a .CRW's image)
        self.seen: set[int] = set()

    def _bytes(self, at: int, length: int) -> bytes | None:
        start = at - self.base
        return self.data[start : start + length] if start >= 0 and start + length <= len(self.data) else None

    def heap(self, start: int, end: int, depth: int) -> bool:
        """Read the heap at [start, end) of the file; whether its record table was there to read."""
        pointer = self._bytes(end - 4, 4) if depth <= self.max_depth and end - start >= 6 else None
        if pointer is None:
            return False
        table_at = start + struct.unpack(self.order + "I", pointer)[0]
        head = self._bytes(table_at, 2) if start <= table_at <= end - 6 else None
        if head is None or table_at in self.seen:
            return False  # a table outside its heap, or one read before (a loop)
        self.seen.add(table_at)
        count = min(struct.unpack(self.order + "H", head)[0], (end - 4 - table_at - 2) // 10, self.budget)
        self.budget -= max(count, 0)
        records = self._bytes(table_at + 2, 10 * max(count, 0)) or b""
        for index in range(len(records) // 10):
            kind, size, offset = struct.unpack_from(self.order + "HII", records, 10 * index)
            if kind & _BAD:
                break  # not a record type: the rest of this table is not to be trusted
            if kind & _IN_RECORD:  # the value is the record's own 8 bytes
                self._keep(kind & _ID_MASK, records[10 * index + 2 : 10 * index + 10])
            elif offset + size > end - start:
                continue  # points outside its heap
            elif kind & _KIND_MASK in _HEAP_KINDS:
                self.heap(start + offset, start + offset + size, depth + 1)
            elif kind & _ID_MASK == self.raw_data:
                self.raw_bytes = max(self.raw_bytes, size)
            elif kind & _ID_MASK in self.wanted and kind & _ID_MASK not in self.values:
                self._keep(kind & _ID_MASK, self._bytes(start + offset, min(size, self.max_value)))
        return True

    def _keep(self, record: int, value: bytes | None) -> None:
        if value is not None and record in self.wanted and record not in self.values:
            self.values[record] = value


def read(data: bytes) -> MakerFacts | None:
    """What a CIFF block in a JPEG APP0 says (`data` starts at its byte-order mark; the heap runs to its
    end): make, model, capture time, image size, an EOS body's serial. None when `data` is not CIFF."""
    if not is_ciff(data):
        return None
    return _facts(data, 0, data, len(data))[1]


@dataclass(frozen=True)
class CrwFile:
    """What a .CRW's heap says, and whether it is whole."""

    facts: MakerFacts | None
    intact: bool  # the root record table is where the file's last 4 bytes say
    raw_bytes: int  # the size of the raw sensor data record (0: none)


def read_crw(head: bytes, tail: bytes, size: int) -> CrwFile:
    """A .CRW file from its first bytes and its last `len(tail)` (where its record tables are)."""
    if not is_ciff(head):
        return CrwFile(None, False, 0)
    walk, facts = _facts(head, size - len(tail), tail, size)
    return CrwFile(facts, bool(walk.seen), walk.raw_bytes)


def _facts(header: bytes, base: int, data: bytes, end: int) -> tuple[_Walk, MakerFacts]:
    spec: Mapping[str, Any] = table().get("ciff", {})
    order = "<" if header[:2] == b"II" else ">"
    walk = _Walk(data, base, order, spec)
    walk.heap(struct.unpack_from(order + "I", header, 2)[0], end, 0)
    values = walk.values
    make, model = _make_model(values.get(int(spec["make_model"])))
    width, height = _image_size(values.get(int(spec["image_info"])), order)
    return walk, MakerFacts("ciff", _serial(values.get(int(spec["serial"])), order, model or "", spec),
                            _time(values.get(int(spec["time"])), order), make=make, model=model,
                            width=width, height=height)


def _make_model(raw: bytes | None) -> tuple[str | None, str | None]:
    """The make ("Canon"), a NUL, then the model, NUL-terminated."""
    if not raw:
        return None, None
    make, _, rest = raw.partition(b"\x00")
    return printable_text(make), printable_text(rest)


def _time(raw: bytes | None, order: str) -> str | None:
    """Seconds since 1970 on the camera's clock (no zone): read as UTC, it gives the clock's reading."""
    if not raw or len(raw) < 4:
        return None
    seconds = struct.unpack_from(order + "I", raw)[0]
    if not seconds:
        return None
    moment = datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") if 1990 <= moment.year <= 2100 else None


def _image_size(raw: bytes | None, order: str) -> tuple[int | None, int | None]:
    if not raw or len(raw) < 8:
        return None, None
    width, height = struct.unpack_from(order + "II", raw)
    plausible = 0 < width <= 100_000 and 0 < height <= 100_000
    return (width, height) if plausible else (None, None)


def _serial(raw: bytes | None, order: str, model: str, spec: Mapping[str, Any]) -> str | None:
    """The body serial: only EOS bodies keep one here (a PowerShot's number there is something else)."""
    if not raw or len(raw) < 4:
        return None
    value = struct.unpack_from(order + "I", raw)[0]
    for rule in spec.get("serial_formats", []):
        if value and re.search(str(rule.get("model", "")), model, re.IGNORECASE):
            fmt = str(rule["format"])
            return f"{value >> 16:x}-{value & 0xFFFF:05d}" if fmt == "canon_d30" else fmt.format(value)
    return None
