"""Plain facts about a photo (camera, capture time, software, recorded size) from its metadata.

Each fact is taken from the first source that has it, in a fixed order: EXIF, then XMP (by namespace,
`core/photo/xmp.py`), IPTC, and last what only the maker's own block says (`core/photo/makernotes.py`:
MakerNote serials, trail and thermal cameras' capture times).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from core.photo import iptc, xmp
from core.photo.metadata import ImageMetadata

TAG_MAKE, TAG_MODEL, TAG_SOFTWARE, TAG_ORIENTATION = 0x010F, 0x0110, 0x0131, 0x0112
TAG_DATETIME_ORIGINAL, TAG_DATETIME_DIGITIZED = 0x9003, 0x9004
TAG_SUBSEC_ORIGINAL, TAG_SUBSEC_DIGITIZED = 0x9291, 0x9292
TAG_OFFSET_ORIGINAL, TAG_OFFSET_DIGITIZED = 0x9011, 0x9012
TAG_EXIF_WIDTH, TAG_EXIF_HEIGHT = 0xA002, 0xA003
TAG_BODY_SERIAL, TAG_DNG_SERIAL = 0xA431, 0xC62F
TAG_LENS_MODEL = 0xA434
TAG_MAKERNOTE = 0x927C


@dataclass(frozen=True)
class Camera:
    make: str | None = None
    model: str | None = None
    serial: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"make": self.make, "model": self.model, "serial": self.serial}

    @property
    def known(self) -> bool:
        return bool(self.make or self.model)

    @property
    def identity(self) -> tuple[str, str, str]:
        """What tells two bodies apart: make and model folded to lower case, and the serial."""
        return ((self.make or "").lower(), (self.model or "").lower(), self.serial or "")

    def describe(self) -> str:
        name = " ".join(part for part in (self.make, self.model) if part)
        if self.make and self.model and self.model.lower().startswith(self.make.split()[0].lower()):
            name = self.model
        return name or "?"


def clean_text(value: Any) -> str | None:
    """A tag value as tidy text: bytes decoded, NULs and padding stripped, empty -> None."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.split(b"\x00", 1)[0].decode("utf-8", "replace")
    if isinstance(value, tuple):
        return None
    # EXIF text ends at its first NUL; what follows is padding or leftovers ("ION230\x00F"), as ExifTool reads it
    text = str(value).lstrip("\x00").split("\x00", 1)[0].strip()
    if isinstance(value, str) and not text.isascii():
        text = utf8_read_as_latin1(text)
    return re.sub(r"\s{2,}", " ", text) or None


def utf8_read_as_latin1(text: str) -> str:
    """The one Latin-1 repair: Pillow decodes EXIF ASCII as Latin-1, so UTF-8 text (Chinese names) is
    given back readable; text that is not such a misreading comes back as it was."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def serial(metadata: ImageMetadata) -> str | None:
    """The body serial: EXIF BodySerialNumber, DNG CameraSerialNumber (IFD0), XMP, then the MakerNote's."""
    packet = xmp.packet_of(metadata)
    return (clean_text(metadata.exif_ifd.get(TAG_BODY_SERIAL)) or clean_text(metadata.ifd0.get(TAG_DNG_SERIAL))
            or clean_text(metadata.ifd0.get(TAG_BODY_SERIAL))  # some Canon firmware (EOS 600D) puts it in IFD0
            or clean_text(packet.value(xmp.EXIF_EX, "BodySerialNumber"))
            or clean_text(packet.value(xmp.AUX, "SerialNumber"))
            or (metadata.maker.serial if metadata.maker else None))


def camera(metadata: ImageMetadata) -> Camera:
    """Make and model from EXIF, else XMP, else a maker block that stands in for EXIF (Canon CIFF)."""
    packet = xmp.packet_of(metadata)
    maker = metadata.maker
    return Camera(
        make=clean_text(metadata.ifd0.get(TAG_MAKE)) or clean_text(packet.value(xmp.TIFF, "Make"))
        or (maker.make if maker else None),
        model=clean_text(metadata.ifd0.get(TAG_MODEL)) or clean_text(packet.value(xmp.TIFF, "Model"))
        or (maker.model if maker else None),
        serial=serial(metadata),
    )


def lens(metadata: ImageMetadata) -> str | None:
    lens_model = clean_text(metadata.exif_ifd.get(TAG_LENS_MODEL))
    return lens_model or clean_text(xmp.packet_of(metadata).value(xmp.AUX, "Lens"))


def software(metadata: ImageMetadata) -> str | None:
    return clean_text(metadata.ifd0.get(TAG_SOFTWARE))


def orientation(metadata: ImageMetadata) -> int | None:
    value = metadata.ifd0.get(TAG_ORIENTATION)
    return value if isinstance(value, int) and 1 <= value <= 8 else None


def exif_size(metadata: ImageMetadata) -> tuple[int | None, int | None]:
    """The pixel size the camera recorded: EXIF's, else a CIFF heap's (a PowerShot JPEG without EXIF)."""
    width, height = metadata.exif_ifd.get(TAG_EXIF_WIDTH), metadata.exif_ifd.get(TAG_EXIF_HEIGHT)
    if width is None and height is None and metadata.maker and metadata.maker.width:
        width, height = metadata.maker.width, metadata.maker.height
    return (width if isinstance(width, int) and width > 0 else None,
            height if isinstance(height, int) and height > 0 else None)


def has_gps(metadata: ImageMetadata) -> bool:
    return bool(metadata.gps_ifd.get(2) and metadata.gps_ifd.get(4))


_EXIF_DATE = re.compile(r"^\s*(\d{4})[:\-](\d{2})[:\-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^[+-]\d{2}:\d{2}$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?")


def _real_time(year: str, month: str, day: str, hour: str, minute: str, second: str) -> bool:
    try:
        datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError:
        return False
    return True


def _exif_time(value: Any, subsec: Any, offset: Any) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    match = _EXIF_DATE.match(text)
    if not match or match.group(1) == "0000":
        return None
    year, month, day, hour, minute, second = match.groups()
    if not _real_time(year, month, day, hour, minute, second):
        return None  # an impossible date (month 13, 25 o'clock): let the next source speak
    result = f"{year}-{month}-{day}T{hour}:{minute}:{second}"
    fraction = clean_text(subsec)
    if fraction and fraction.isdigit():
        result += "." + fraction
    zone = clean_text(offset)
    if zone and _OFFSET.match(zone):
        result += zone
    return result


def _iso_time(text: str | None) -> str | None:
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if not match or match.group(4) is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    result = f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}{fraction or ''}"
    if zone:
        result += "+00:00" if zone == "Z" else (zone if ":" in zone else zone[:3] + ":" + zone[3:])
    return result


def _day(year: str, month: str, day: str) -> str | None:
    """A calendar day as ISO 8601 ("2004-01-02"), when it is a real one."""
    return f"{year}-{month}-{day}" if _real_time(year, month, day, "0", "0", "0") else None


def _iso_day(text: str | None) -> str | None:
    match = _ISO_DATE.match(text or "")
    return _day(*match.groups()[:3]) if match and match.group(1) != "0000" else None


def _iptc_fields(metadata: ImageMetadata) -> tuple[str, str]:
    records = iptc.datasets(metadata.photoshop, metadata.iptc)
    date = records.get((2, 55), [b""])[0].decode("ascii", "replace")
    clock = records.get((2, 60), [b""])[0].decode("ascii", "replace")
    return date, clock


def _iptc_time(date: str, clock: str) -> str | None:
    if len(date) != 8 or not date.isdigit() or len(clock) < 6 or not clock[:6].isdigit():
        return None
    result = f"{date[:4]}-{date[4:6]}-{date[6:]}T{clock[:2]}:{clock[2:4]}:{clock[4:6]}"
    zone = clock[6:]
    if len(zone) == 5 and zone[0] in "+-":
        result += zone[:3] + ":" + zone[3:]
    return result


def _iptc_day(date: str) -> str | None:
    return _day(date[:4], date[4:6], date[6:]) if len(date) == 8 and date.isdigit() and date[:4] != "0000" else None


def has_time_of_day(taken: str | None) -> bool:
    """Whether a capture time (as `taken_at` gives it) has its time of day, not only the day."""
    return bool(taken and "T" in taken)


def taken_at(metadata: ImageMetadata) -> str | None:
    """Capture time (ISO 8601), in the order DECISIONS.md sets, then a maker block's (a trail or thermal
    camera's, when EXIF and XMP have none); never a modify or file date.

    When no source has a time of day, the first that names the day (IPTC DateCreated without TimeCreated,
    XMP photoshop:DateCreated "2004-01-02") gives the day alone, "2004-01-02": the shoot's date is still
    evidence, but it is never made up into midnight, so sessions (which need a time) do not group on it."""
    exif = metadata.exif_ifd
    found = (_exif_time(exif.get(TAG_DATETIME_ORIGINAL), exif.get(TAG_SUBSEC_ORIGINAL), exif.get(TAG_OFFSET_ORIGINAL))
             or _exif_time(exif.get(TAG_DATETIME_DIGITIZED), exif.get(TAG_SUBSEC_DIGITIZED),
                           exif.get(TAG_OFFSET_DIGITIZED)))
    if found:
        return found
    packet = xmp.packet_of(metadata)
    dates = [packet.value(xmp.EXIF, "DateTimeOriginal"), packet.value(xmp.PHOTOSHOP, "DateCreated"),
             packet.value(xmp.XMP, "CreateDate")]
    iptc_date, iptc_clock = _iptc_fields(metadata)
    return (next((time for text in dates if (time := _iso_time(text))), None)
            or _iptc_time(iptc_date, iptc_clock)
            or (metadata.maker.taken_at if metadata.maker else None)
            or next((day for text in dates if (day := _iso_day(text))), None)
            or _iptc_day(iptc_date))
