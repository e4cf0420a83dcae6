"""Body serial numbers and capture times that cameras keep only in their MakerNote.

The serial is the strongest fact that proves a shoot (two bodies of one model are told apart by it),
and many makers never copy it into EXIF BodySerialNumber: Canon, Nikon, Olympus, Pentax, Fujifilm,
Panasonic, Sigma, Samsung keep it in their own MakerNote; trail cameras (Reconyx) keep the capture
time there too. MakerNotes are private formats, so where each maker keeps what is data, in
`resources/photo/makernotes.toml` (taken from ExifTool's tag tables, which document them; no
ExifTool code is used). This module only knows how to walk a TIFF directory or read a fixed offset.

Everything here is defensive: a MakerNote is undocumented bytes from an untrusted file; a value
that does not look like a serial (unprintable, empty, all zeros) is no serial.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any

from core.base.resources import resource

TAG_EXIF_IFD, TAG_MAKERNOTE = 0x8769, 0x927C
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
_MAX_ENTRIES = 1024
_MAX_TEXT = 64
_PRINTABLE = re.compile(r"^[\x20-\x7e]+$")


@dataclass(frozen=True)
class MakerFacts:
    layout: str  # which [[layout]] of the table read the note
    serial: str | None = None
    taken_at: str | None = None  # "YYYY-MM-DDTHH:MM:SS"
    # Only a block that stands in for EXIF says these (a Canon CIFF heap, `core/photo/ciff.py`)
    make: str | None = None
    model: str | None = None
    width: int | None = None
    height: int | None = None


def merged(kept: MakerFacts | None, found: MakerFacts | None) -> MakerFacts | None:
    """The facts of two maker blocks of one file (a MakerNote, then an APP segment, a CIFF heap, an embedded
    JPEG's note): the first block's, with what it lacks taken from the second."""
    if kept is None or found is None:
        return kept or found
    missing = {item.name: getattr(found, item.name) for item in fields(MakerFacts)
               if item.name != "layout" and getattr(kept, item.name) is None}
    return replace(kept, **{name: value for name, value in missing.items() if value is not None})


@dataclass(frozen=True)
class _Entry:
    type: int
    count: int
    at: int  # where the value's bytes are, in the buffer read


class _Directory:
    """A TIFF directory inside `data`: entries by tag, offsets resolved against `base`."""

    def __init__(self, data: bytes, at: int, order: str, base: int) -> None:
        self.data, self.order, self.base = data, order, base
        self.entries: dict[int, _Entry] = {}
        count = struct.unpack_from(order + "H", data, at)[0]
        if not 0 < count <= _MAX_ENTRIES or at + 2 + 12 * count > len(data):
            raise ValueError("not a directory")
        block = data[at + 2 : at + 2 + 12 * count]
        position = at + 2
        for tag, kind, number, offset in struct.iter_unpack(order + "HHII", block):  # one C loop
            size = _TYPE_SIZES.get(kind)
            if size is not None:
                value_at = position + 8 if size * number <= 4 else base + offset
                if value_at >= 0 and value_at + min(size * number, _MAX_TEXT) <= len(data):
                    self.entries[tag] = _Entry(kind, number, value_at)
            position += 12

    def raw(self, tag: int, limit: int = _MAX_TEXT) -> bytes | None:
        entry = self.entries.get(tag)
        if entry is None:
            return None
        length = min(_TYPE_SIZES[entry.type] * entry.count, limit)
        return self.data[entry.at : entry.at + length]

    def number(self, tag: int) -> int | None:
        entry = self.entries.get(tag)
        if entry is None or entry.type not in (3, 4, 13):
            return None
        code = "H" if entry.type == 3 else "I"
        return int(struct.unpack_from(self.order + code, self.data, entry.at)[0])

    def sub(self, tag: int) -> _Directory | None:
        """A sub-directory: pointed at by a number, or stored in place (Olympus's undefined blocks)."""
        entry = self.entries.get(tag)
        if entry is None:
            return None
        at = entry.at if entry.type == 7 else self.base + (self.number(tag) or 0)
        try:
            return _Directory(self.data, at, self.order, self.base)
        except (ValueError, struct.error):
            return None


# ---- the table -----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def table() -> Mapping[str, Any]:
    import tomllib

    with resource("photo", "makernotes.toml").open("rb") as handle:
        return tomllib.load(handle)


def _header(layout: Mapping[str, Any]) -> bytes:
    return str(layout.get("header", "")).encode("latin-1")


def _layout_for(note: bytes, make: str, layouts: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    for layout in layouts:
        if not note.startswith(_header(layout)):
            continue
        pattern = layout.get("make")
        if pattern and not re.search(str(pattern), make, re.IGNORECASE):
            continue
        return layout
    return None


# ---- value formats ------------------------------------------------------------------------------

def printable_text(raw: bytes | None) -> str | None:
    """Text of a maker field: leading NULs skipped, cut at the next NUL, printable ASCII only."""
    if not raw:
        return None
    # Leading NULs: a few firmwares (Panasonic FZ30) point two bytes early; the text follows them.
    text = raw.lstrip(b"\x00").split(b"\x00", 1)[0].decode("latin-1").strip()
    if not text or not _PRINTABLE.match(text) or set(text) <= {"0", " ", "-"}:
        return None
    return re.sub(r"\s{2,}", " ", text)


def _utf16(raw: bytes | None) -> str | None:
    if not raw:
        return None
    text = raw.decode("utf-16-le", "replace").split("\x00", 1)[0].strip()
    return text if text and _PRINTABLE.match(text) else None


def _canon_d30(value: int) -> str:
    return f"{value >> 16:04x}{value & 0xFFFF:05d}"


def _clock(year: int, month: int, day: int, hour: int, minute: int, second: int) -> str | None:
    if not (1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60
            and second < 61):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"


def _u16x6(raw: bytes, order_spec: str) -> str | None:
    if len(raw) < 12:
        return None
    values = list(struct.unpack("<6H", raw[:12]))
    if values[0] & 0xFF00 and not values[0] & 0xFF:  # some firmware writes these big-endian
        values = [((value >> 8) | (value << 8)) & 0xFFFF for value in values]
    positions = [int(part) for part in order_spec.split(",")]
    return _clock(*(values[position] for position in positions))


def _u8x5u16(raw: bytes) -> str | None:
    if len(raw) < 7:
        return None
    second, minute, hour, day, month = raw[:5]
    year = struct.unpack("<H", raw[5:7])[0]
    return _clock(year, month, day, hour, minute, second)


_DOTTED = re.compile(r"^(\d{4})[.:](\d{2})[.:](\d{2})[ .:](\d{2})[.:](\d{2})[.:](\d{2})")


def _dotted(raw: bytes | None) -> str | None:
    match = _DOTTED.match(printable_text(raw) or "")
    return _clock(*(int(part) for part in match.groups())) if match else None


def _binary_value(note: bytes, spec: Mapping[str, Any]) -> str | None:
    at, fmt = int(spec.get("at", 0)), str(spec.get("format", "text"))
    raw = note[at : at + int(spec.get("length", 16))]
    if fmt == "text":
        return printable_text(raw)
    if fmt == "utf16le":
        return _utf16(raw)
    if fmt.startswith("u16x6:"):
        return _u16x6(note[at : at + 12], fmt.split(":", 1)[1])
    if fmt == "u8x5u16":
        return _u8x5u16(note[at : at + 7])
    if fmt == "dotted":
        return _dotted(raw)
    return None


def _directory_value(directory: _Directory, spec: Mapping[str, Any], model: str) -> str | None:
    pattern = spec.get("model")
    if pattern and not re.search(str(pattern), model, re.IGNORECASE):
        return None
    current: _Directory | None = directory
    for tag in spec.get("ifd", []):
        current = current.sub(int(tag)) if current else None
    if current is None:
        return None
    tag, fmt = int(spec.get("tag", 0)), str(spec.get("format", "text"))
    if fmt == "text":
        return printable_text(current.raw(tag))
    if fmt == "hex":
        raw = current.raw(tag)
        return raw.hex() if raw and raw.strip(b"\x00") else None
    if fmt.startswith("u32[") and fmt.endswith("]"):  # one number of an array (Pentax CameraInfo)
        raw = current.raw(tag, limit=256) or b""
        index = int(fmt[4:-1])
        if len(raw) < 4 * (index + 1):
            return None
        value = struct.unpack_from(current.order + "I", raw, 4 * index)[0]
        return str(value) if value else None
    number = current.number(tag)
    if number is None or number == 0:
        return None
    if fmt == "canon_d30":
        return _canon_d30(number)
    if fmt.startswith("u32:"):
        return fmt.split(":", 1)[1].format(number)
    return None


def _first(specs: Sequence[Mapping[str, Any]], read: Any) -> str | None:
    for spec in specs:
        value = read(spec)
        if value:
            return str(value)
    return None


# ---- reading ------------------------------------------------------------------------------------

def _find_makernote(tiff: bytes) -> tuple[int, int, str] | None:
    """(offset, length, byte order) of the MakerNote inside an EXIF TIFF structure."""
    order = "<" if tiff[:2] == b"II" else ">"
    try:
        ifd0 = _Directory(tiff, struct.unpack_from(order + "I", tiff, 4)[0], order, 0)
        exif_at = ifd0.number(TAG_EXIF_IFD)
        if not exif_at:
            return None
        exif = _Directory(tiff, exif_at, order, 0)
    except (ValueError, struct.error):
        return None
    entry = exif.entries.get(TAG_MAKERNOTE)
    if entry is None or entry.count < 8:
        return None
    return entry.at, min(entry.count, len(tiff) - entry.at), order


def _ifd_facts(tiff: bytes, at: int, length: int, order: str, layout: Mapping[str, Any],
               model: str) -> tuple[str | None, str | None]:
    """Serial and time from a directory-style note; `base` may list several bases to try, for
    makers whose firmware changed what offsets count from (ExifTool calls this fixing the base)."""
    bases = layout.get("base", "tiff")
    found: tuple[str | None, str | None] = (None, None)
    for base_kind in [bases] if isinstance(bases, str) else list(bases):
        directory = _open_directory(tiff, at, length, order, layout, str(base_kind))
        if directory is None:
            continue
        serial, taken = _directory_facts(directory, layout, model)
        if serial or taken:
            return serial, taken
    return found


def _directory_facts(directory: _Directory, layout: Mapping[str, Any], model: str) -> tuple[str | None, str | None]:
    serial = _first(layout.get("serial", []), lambda spec: _directory_value(directory, spec, model))
    taken = _first(layout.get("time", []), lambda spec: _directory_value(directory, spec, model))
    return serial, taken


def _open_directory(tiff: bytes, at: int, length: int, order: str, layout: Mapping[str, Any],
                    base_kind: str) -> _Directory | None:
    if base_kind == "inner":
        inner = at + int(layout.get("tiff_at", 0))
        order = "<" if tiff[inner : inner + 2] == b"II" else ">"
        ifd_at = inner + struct.unpack_from(order + "I", tiff, inner + 4)[0]
        candidates = [order]
        base = inner
    else:
        if "ifd_pointer_at" in layout:
            ifd_at = at + struct.unpack_from("<I", tiff, at + int(layout["ifd_pointer_at"]))[0]
        else:
            ifd_at = at + int(layout.get("ifd_at", 0))
        base = at if base_kind == "note" else 0
        fixed = str(layout.get("order", "auto"))
        # a fixed order, or the EXIF byte order and then the other one if the entry count makes no sense
        candidates = ["<" if fixed == "II" else ">"] if fixed in ("II", "MM") else [order, ">" if order == "<" else "<"]
    for candidate in candidates:
        try:
            return _Directory(tiff, ifd_at, candidate, base)
        except (ValueError, struct.error):
            continue
    return None


def read(tiff: bytes, make: str | None, model: str | None) -> MakerFacts | None:
    """What the MakerNote of this EXIF structure says (None when there is none we know)."""
    if tiff.startswith(b"Exif\x00\x00"):
        tiff = tiff[6:]
    found = _find_makernote(tiff)
    if found is None:
        return None
    at, length, order = found
    note = tiff[at : at + length]
    layout = _layout_for(note, make or "", table().get("layout", []))
    if layout is None:
        return None
    name = str(layout.get("name", "?"))
    try:
        if layout.get("kind") == "binary":
            serial = _first(layout.get("serial", []), lambda spec: _binary_value(note, spec))
            taken = _first(layout.get("time", []), lambda spec: _binary_value(note, spec))
        else:
            serial, taken = _ifd_facts(tiff, at, length, order, layout, model or "")
    except (struct.error, ValueError, IndexError):
        return MakerFacts(name)
    return MakerFacts(name, serial, taken)


def read_standalone(tiff: bytes, make: str | None, model: str | None) -> MakerFacts | None:
    """A MakerNote stored as a TIFF structure of its own (Canon CR3's CMT3 box)."""
    layout = _layout_for(b"", make or "", [item for item in table().get("layout", []) if not _header(item)])
    if layout is None or tiff[:4] not in (b"II*\x00", b"MM\x00*"):
        return None
    order = "<" if tiff[:2] == b"II" else ">"
    try:
        directory = _Directory(tiff, struct.unpack_from(order + "I", tiff, 4)[0], order, 0)
    except (ValueError, struct.error):
        return None
    model_text = model or ""
    serial = _first(layout.get("serial", []), lambda spec: _directory_value(directory, spec, model_text))
    taken = _first(layout.get("time", []), lambda spec: _directory_value(directory, spec, model_text))
    return MakerFacts(str(layout.get("name", "?")), serial, taken)


def read_segment(marker: int, payload: bytes) -> MakerFacts | None:
    """Maker facts in a JPEG APP segment of their own (Casio's QVCI, the "[picture info]" text of
    Olympus, Agfa and Sanyo compacts)."""
    for layout in table().get("segment", []):
        if int(layout.get("marker", marker)) != marker:
            continue
        contains = str(layout.get("contains", "")).encode("latin-1")
        if not payload.startswith(_header(layout)) or (contains and contains not in payload[:256]):
            continue
        taken = _first(layout.get("time", []), lambda spec: _segment_value(payload, spec))
        serial = _first(layout.get("serial", []), lambda spec: _segment_value(payload, spec))
        return MakerFacts(str(layout.get("name", "?")), serial, taken)
    return None


def _segment_value(payload: bytes, spec: Mapping[str, Any]) -> str | None:
    fmt = str(spec.get("format", "text"))
    if fmt in ("key_text", "key_unix"):  # "Key=value" lines
        key = str(spec.get("key", "")).encode("latin-1")
        match = re.search(rb"(?m)^" + re.escape(key) + rb"=([^\r\n]*)", payload[:8192])
        if not match:
            return None
        text = printable_text(match.group(1))
        if fmt == "key_text" or not text or not text.isdigit():
            return text if fmt == "key_text" else None
        import datetime

        moment = datetime.datetime.fromtimestamp(int(text), datetime.UTC)  # camera clock, no zone
        return _clock(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return _binary_value(payload, spec)
