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
    """One bounded walk over a heap tree, keeping the first value of each wanted record."""

    def __init__(self, data: bytes, order: str, spec: Mapping[str, Any]) -> None:
        self.data, self.order = data, order
        self.wanted = {int(spec[name]) for name in ("make_model", "time", "image_info", "serial")}
        self.max_depth, self.budget = int(spec.get("max_depth", 8)), int(spec.get("max_records", 1024))
        self.max_value = int(spec.get("max_value", 4096))
        self.values: dict[int, bytes] = {}
        self.seen: set[int] = set()

    def heap(self, start: int, end: int, depth: int) -> None:
        if depth > self.max_depth or end - start < 6 or start < 0 or end > len(self.data):
            return
        table_at = start + struct.unpack_from(self.order + "I", self.data, end - 4)[0]
        if table_at in self.seen or not start <= table_at <= end - 6:
            return  # a table read before (a loop) or outside its heap
        self.seen.add(table_at)
        count = struct.unpack_from(self.order + "H", self.data, table_at)[0]
        count = min(count, (end - 4 - table_at - 2) // 10, self.budget)
        self.budget -= count
        for index in range(count):
            record_at = table_at + 2 + 10 * index
            kind, size, offset = struct.unpack_from(self.order + "HII", self.data, record_at)
            if kind & _BAD:
                return  # not a record type: the rest of this table is not to be trusted
            if kind & _IN_RECORD:  # the value is the record's own 8 bytes
                self._keep(kind & _ID_MASK, self.data[record_at + 2 : record_at + 10])
            elif offset + size > end - start:
                continue  # points outside its heap
            elif kind & _KIND_MASK in _HEAP_KINDS:
                self.heap(start + offset, start + offset + size, depth + 1)
            elif kind & _ID_MASK in self.wanted:
                self._keep(kind & _ID_MASK, self.data[start + offset : start + offset + min(size, self.max_value)])

    def _keep(self, record: int, value: bytes) -> None:
        if record in self.wanted and record not in self.values:
            self.values[record] = value


def read(data: bytes, end: int | None = None) -> MakerFacts | None:
    """What a CIFF block says (`data` starts at its byte-order mark; the root heap runs from the header's
    end to `end`, the block's end by default): make, model, capture time, image size, an EOS body's serial.
    None when `data` is not CIFF."""
    if not is_ciff(data):
        return None
    spec: Mapping[str, Any] = table().get("ciff", {})
    order = "<" if data[:2] == b"II" else ">"
    walk = _Walk(data, order, spec)
    header = struct.unpack_from(order + "I", data, 2)[0]
    walk.heap(header, len(data) if end is None else min(end, len(data)), 0)
    values = walk.values
    make, model = _make_model(values.get(int(spec["make_model"])))
    width, height = _image_size(values.get(int(spec["image_info"])), order)
    return MakerFacts("ciff", _serial(values.get(int(spec["serial"])), order, model or "", spec),
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
