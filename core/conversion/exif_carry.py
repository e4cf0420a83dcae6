"""Carry the camera's evidence from a RAW/HEIC source into the converted JPEG's EXIF (piexif).

The source's tags come from the core readers (`ImageMetadata`: Pillow-typed IFD dicts), so every
format the inspector reads is carried the same way. What goes across is set in
resources/rules/checks/conversion.toml [exif]: a short IFD0 list (a RAW's IFD0 describes the RAW),
the whole Exif and GPS IFDs except structure tags, and the MakerNote only when it is self-contained.
The JPEG then says honestly what it is: Orientation 1 after the pixels were turned, its own pixel
size, and Software naming this app and the decoder.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import piexif

from core import APP_NAME, APP_NAME_EN, __version__
from core.photo.facts import TAG_BODY_SERIAL, TAG_DNG_SERIAL, TAG_MAKERNOTE
from core.photo.metadata import ImageMetadata

APP1_LIMIT = 65_527  # an APP1 segment holds 65,535 bytes minus its length field and "Exif\0\0"
_TAGS: Mapping[str, Mapping[int, Mapping[str, Any]]] = piexif.TAGS
_NAMES = {ifd: {spec["name"]: tag for tag, spec in _TAGS[ifd].items()} for ifd in ("0th", "Exif", "GPS")}

MAKERNOTE_COPIED = "copied"
MAKERNOTE_ABSENT = "absent"
MAKERNOTE_NOT_COPYABLE = "not_copyable"
MAKERNOTE_TOO_LARGE = "too_large"


@dataclass
class CarriedExif:
    data: bytes  # "Exif\0\0" + TIFF, ready for Pillow's `exif=` or piexif.insert
    makernote: str  # copied | absent | not_copyable | too_large
    dropped: list[str] = field(default_factory=list)  # source tags that could not be written


def software_text(decoder: str) -> str:
    """The honest Software tag, e.g. "原图投诉助手 (Yuantu Complaint Assistant) 0.1.0 (LibRaw 0.22.2)"."""
    return f"{APP_NAME} ({APP_NAME_EN}) {__version__} ({decoder})"


def _rational(value: Any) -> tuple[int, int] | None:
    numerator, denominator = getattr(value, "numerator", None), getattr(value, "denominator", None)
    if isinstance(numerator, int) and isinstance(denominator, int):
        return numerator, denominator
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return value[0], value[1]
    if isinstance(value, int):
        return value, 1
    return None


def to_piexif(value: Any, kind: int) -> Any:
    """A Pillow-read tag value in the form piexif.dump wants for that tag type, or None."""
    if kind == piexif.TYPES.Ascii:
        if isinstance(value, bytes):
            return value.split(b"\x00", 1)[0]
        if isinstance(value, str):
            try:
                return value.encode("latin-1")  # Pillow decodes ASCII as Latin-1: this restores the bytes
            except UnicodeEncodeError:
                return value.encode("utf-8")
        return None
    if kind == piexif.TYPES.Undefined:
        if isinstance(value, bytes):
            return value
        if isinstance(value, str):
            return value.encode("latin-1", "replace")
        if isinstance(value, tuple) and all(isinstance(v, int) for v in value):
            return bytes(v & 0xFF for v in value)
        return None
    if kind in (piexif.TYPES.Rational, piexif.TYPES.SRational):
        if isinstance(value, tuple) and value and not (len(value) == 2 and all(isinstance(v, int) for v in value)):
            parts = [_rational(v) for v in value]
            return None if any(p is None for p in parts) else tuple(parts)
        return _rational(value)
    if kind in (piexif.TYPES.Byte, piexif.TYPES.SByte) and isinstance(value, bytes):
        return tuple(value)
    if kind in (piexif.TYPES.Byte, piexif.TYPES.SByte, piexif.TYPES.Short, piexif.TYPES.SShort,
                piexif.TYPES.Long, piexif.TYPES.SLong):
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, tuple) and value and all(isinstance(v, int) for v in value):
            return value
    return None  # Float/Double and odd shapes: not carried (no camera evidence lives there)


def _carry(source: Mapping[int, Any], ifd: str, tags: set[int], dropped: list[str]) -> dict[int, Any]:
    carried: dict[int, Any] = {}
    for tag in tags & set(source):
        spec = _TAGS[ifd].get(tag)
        if spec is None:
            continue
        value = to_piexif(source[tag], int(spec["type"]))
        if value is None:
            dropped.append(str(spec["name"]))
        else:
            carried[tag] = value
    return carried


def _makernote(metadata: ImageMetadata, prefixes: Sequence[str]) -> tuple[bytes | None, str]:
    note = metadata.exif_ifd.get(TAG_MAKERNOTE)
    if not isinstance(note, bytes) or not note:
        return None, MAKERNOTE_ABSENT
    if any(note.startswith(prefix.encode("latin-1")) for prefix in prefixes):
        return note, MAKERNOTE_COPIED
    return None, MAKERNOTE_NOT_COPYABLE


def _dump(data: dict[str, Any], dropped: list[str]) -> bytes:
    """piexif.dump, dropping (and naming) any single tag piexif refuses rather than failing."""
    try:
        return bytes(piexif.dump(data))
    except Exception:  # piexif raises ValueError/struct.error/TypeError on odd values
        pass
    for ifd in ("0th", "Exif", "GPS"):
        for tag in list(data[ifd]):
            try:
                piexif.dump({ifd: {tag: data[ifd][tag]}})
            except Exception:
                dropped.append(str(_TAGS[ifd][tag]["name"]))
                del data[ifd][tag]
    return bytes(piexif.dump(data))


def carried_exif(metadata: ImageMetadata, *, width: int, height: int, orientation: int, decoder: str,
                 color_space: int | None, table: Mapping[str, Any],
                 now: datetime.datetime | None = None) -> CarriedExif:
    """EXIF for the converted JPEG: the source's camera evidence plus the JPEG's own honest facts."""
    dropped: list[str] = []
    ifd0_tags = {_NAMES["0th"][name] for name in table.get("ifd0", []) if name in _NAMES["0th"]}
    skip = {_NAMES["Exif"][name] for name in table.get("exif_skip", []) if name in _NAMES["Exif"]}
    zeroth = _carry(metadata.ifd0, "0th", ifd0_tags, dropped)
    exif = _carry(metadata.exif_ifd, "Exif", set(metadata.exif_ifd) - skip - {TAG_MAKERNOTE}, dropped)
    gps = _carry(metadata.gps_ifd, "GPS", set(metadata.gps_ifd), dropped)
    if TAG_BODY_SERIAL not in exif:  # a DNG keeps the body serial in IFD0; JPEG readers look in Exif
        serial = to_piexif(metadata.ifd0.get(TAG_DNG_SERIAL), piexif.TYPES.Ascii)
        if serial:
            exif[TAG_BODY_SERIAL] = serial
    stamp = (now or datetime.datetime.now()).strftime("%Y:%m:%d %H:%M:%S")
    zeroth[piexif.ImageIFD.Orientation] = orientation
    zeroth[piexif.ImageIFD.Software] = software_text(decoder).encode("utf-8")
    zeroth[piexif.ImageIFD.DateTime] = stamp.encode("ascii")  # when software wrote this file, honestly
    exif.setdefault(piexif.ExifIFD.ExifVersion, b"0232")
    exif[piexif.ExifIFD.PixelXDimension] = width
    exif[piexif.ExifIFD.PixelYDimension] = height
    source_space = metadata.exif_ifd.get(piexif.ExifIFD.ColorSpace)
    if color_space is None and isinstance(source_space, int):
        color_space = source_space  # pixels kept in the source's colours: its ColorSpace still holds
    if color_space is not None:
        exif[piexif.ExifIFD.ColorSpace] = color_space
    makernote, makernote_state = _makernote(metadata, table.get("makernote_self_contained", []))
    if makernote is not None:
        exif[TAG_MAKERNOTE] = makernote
    data = {"0th": zeroth, "Exif": exif, "GPS": gps, "1st": {}, "thumbnail": None}
    dumped = _dump(data, dropped)
    if len(dumped) - 6 > APP1_LIMIT and TAG_MAKERNOTE in exif:
        del exif[TAG_MAKERNOTE]
        makernote_state = MAKERNOTE_TOO_LARGE
        dumped = _dump(data, dropped)
    for tag in (piexif.ExifIFD.UserComment, piexif.ExifIFD.SubjectArea):
        if len(dumped) - 6 <= APP1_LIMIT:
            break
        exif.pop(tag, None)
        dumped = _dump(data, dropped)
    return CarriedExif(dumped, makernote_state, dropped)
