"""What a file's headers say, gathered without decoding pixels.

Every reader in `core/photo/readers/` fills one `ImageMetadata`. Structural damage is recorded in
`problems` (plain English, shown as detail) instead of raised: a damaged file still gives what could
be read.
"""

from __future__ import annotations

import struct
import warnings
from dataclasses import dataclass, field
from typing import Any

from PIL import ExifTags, Image

from core.photo import makernotes
from core.photo.makernotes import MakerFacts

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
TAG_THUMB_OFFSET = 0x0201
TAG_THUMB_LENGTH = 0x0202
TAG_MAKE, TAG_MODEL, TAG_MAKERNOTE = 0x010F, 0x0110, 0x927C


def _ascii(value: Any) -> str | None:
    """Make and Model as plain text, for choosing how to read the MakerNote."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value.replace("\x00", " ").strip() if isinstance(value, str) else None


@dataclass
class ImageMetadata:
    width: int | None = None  # pixel size as stored, before orientation
    height: int | None = None
    ifd0: dict[int, Any] = field(default_factory=dict)
    exif_ifd: dict[int, Any] = field(default_factory=dict)
    gps_ifd: dict[int, Any] = field(default_factory=dict)
    ifd1: dict[int, Any] = field(default_factory=dict)
    thumbnail: bytes | None = None  # EXIF (IFD1) JPEG thumbnail
    has_exif: bool = False
    xmp: bytes | None = None
    photoshop: bytes | None = None  # APP13 image resource blocks
    iptc: bytes | None = None  # a bare IPTC-IIM stream (TIFF's IPTC-NAA tag), when there is no APP13
    jumbf: bytes | None = None  # the C2PA manifest store (JPEG APP11, PNG caBX, WebP, HEIF uuid, TIFF tag)
    xmp_extension: bytes | None = None  # extended XMP (JPEG APP1 pieces), joined
    maker: MakerFacts | None = None  # what the MakerNote (or a maker's own segment) says
    app_segments: list[str] = field(default_factory=list)  # e.g. ["APP0:JFIF", "APP1:Exif"]
    quantization: dict[int, list[int]] = field(default_factory=dict)
    sampling: str | None = None  # JPEG chroma subsampling, e.g. "4:2:0"
    progressive: bool = False
    problems: list[str] = field(default_factory=list)  # damaged structures (metadata.malformed)
    unreadable: str | None = None  # why the image itself cannot be read, if it cannot
    data_truncated: bool = False  # image data missing or cut short
    embedded_previews: list[tuple[int, int]] = field(default_factory=list)  # RAW previews (w, h)
    extra: dict[str, Any] = field(default_factory=dict)  # reader-specific facts

    def tag(self, tag: int) -> Any:
        """A tag from IFD0, the Exif IFD or the GPS IFD, in that order."""
        for ifd in (self.ifd0, self.exif_ifd, self.gps_ifd):
            if tag in ifd:
                return ifd[tag]
        return None


def _ifd_chain_loops(tiff: bytes) -> str | None:
    """Pillow quietly stops at an IFD chain that points back on itself; the damage is still worth saying."""
    endian = "<" if tiff[:2] == b"II" else ">"
    try:
        offset = struct.unpack(endian + "I", tiff[4:8])[0]
        seen: set[int] = set()
        while offset and len(seen) < 16:
            if offset in seen:
                return "the EXIF directory chain loops back on itself"
            seen.add(offset)
            count = struct.unpack(endian + "H", tiff[offset : offset + 2])[0]
            next_at = offset + 2 + 12 * count
            offset = struct.unpack(endian + "I", tiff[next_at : next_at + 4])[0]
    except struct.error:
        return None  # pointers past the end: Pillow's own warnings report that
    return None


_MAX_ENTRIES = 1024  # real directories hold tens of entries; a damaged count made Pillow read 68,000 (3 s)
_POINTER_TAGS = (EXIF_IFD, GPS_IFD, 0xA005)  # Exif, GPS and interoperability directories


def _bounded_entry_counts(tiff: bytes) -> tuple[bytes, int]:
    """`tiff` with the entry count of IFD0, IFD1 and the directories they point to (Exif, GPS, interop) cut to
    its plausible entries when it claims over `_MAX_ENTRIES` (a copy, when one did), and the largest count
    claimed (0 when none). Only directories at offsets the structure itself gives are touched, never one
    that lies inside another's entries (a stray pointer)."""
    endian = "<" if tiff[:2] == b"II" else ">"
    data: bytearray | None = None
    worst = 0
    try:
        pending = [struct.unpack(endian + "I", tiff[4:8])[0]]
    except struct.error:
        return tiff, 0
    spans: list[tuple[int, int]] = []
    while pending and len(spans) < 8:
        offset = pending.pop()
        if offset < 8 or offset + 2 > len(tiff) or any(start <= offset < end for start, end in spans):
            continue
        count = struct.unpack(endian + "H", tiff[offset : offset + 2])[0]
        if count > _MAX_ENTRIES:  # keep the leading entries that look real
            worst = max(worst, count)
            count = _plausible_entries(tiff, offset, endian)
            data = data if data is not None else bytearray(tiff)
            data[offset : offset + 2] = struct.pack(endian + "H", count)
        spans.append((offset, offset + 6 + 12 * count))
        if len(spans) == 1 and offset + 6 + 12 * count <= len(tiff):  # IFD0's next: IFD1 (the thumbnail's)
            pending.append(struct.unpack(endian + "I", tiff[offset + 2 + 12 * count : offset + 6 + 12 * count])[0])
        for index in range(min(count, (len(tiff) - offset - 2) // 12)):
            entry = offset + 2 + 12 * index
            if struct.unpack(endian + "H", tiff[entry : entry + 2])[0] in _POINTER_TAGS:
                pending.append(struct.unpack(endian + "I", tiff[entry + 8 : entry + 12])[0])
    return (bytes(data) if data is not None else tiff), worst


def _plausible_entries(tiff: bytes, offset: int, endian: str) -> int:
    """How many leading entries of a directory look real: a known field type, tags in ascending order."""
    previous = -1
    for index in range(_MAX_ENTRIES):
        entry = offset + 2 + 12 * index
        if entry + 12 > len(tiff):
            return index
        tag, kind = struct.unpack(endian + "HH", tiff[entry : entry + 4])
        if not 1 <= kind <= 13 or tag <= previous:
            return index
        previous = tag
    return _MAX_ENTRIES


def parse_exif(metadata: ImageMetadata, tiff: bytes, *, complete: bool = True) -> None:
    """Fill the EXIF parts of `metadata` from a TIFF structure (APP1 payload or a TIFF-based RAW).

    `complete` says whether `tiff` is the whole structure; a RAW read only in part has tags that
    point past the read bytes, which is not damage.
    """
    if tiff.startswith(b"Exif\x00\x00"):
        tiff = tiff[6:]
    if tiff[:4] not in (b"II*\x00", b"MM\x00*"):
        # The byte order is still told by the magic number beside it; recover when it does.
        recovered = {b"*\x00": b"II", b"\x00*": b"MM"}.get(tiff[2:4])
        metadata.problems.append("EXIF header is not a TIFF header (bad byte-order mark)")
        if recovered is None:
            return
        tiff = recovered + tiff[2:]
    loop = _ifd_chain_loops(tiff)
    if loop:
        metadata.problems.append(loop)
    tiff, claimed = _bounded_entry_counts(tiff)
    if claimed:
        metadata.problems.append(f"an EXIF directory claims {claimed} entries (damaged count)")
    exif = Image.Exif()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exif.load(tiff)
            metadata.ifd0 = {int(k): v for k, v in exif.items()}
            metadata.exif_ifd = dict(exif.get_ifd(EXIF_IFD))
            metadata.gps_ifd = dict(exif.get_ifd(GPS_IFD))
            metadata.ifd1 = dict(exif.get_ifd(ExifTags.IFD.IFD1))
        except Exception as error:  # Pillow raises many kinds on hostile EXIF; keep what was read
            metadata.problems.append(f"EXIF could not be parsed completely ({type(error).__name__})")
    metadata.has_exif = bool(metadata.ifd0 or metadata.exif_ifd)
    for warning in caught:
        text = str(warning.message)
        if (not complete and "larger than file" in text) or text.startswith("Metadata Warning"):
            continue  # not damage: a partial read, or Pillow's note on an odd but legal count
        if text not in metadata.problems:
            metadata.problems.append(text.strip())
    if metadata.exif_ifd.get(TAG_MAKERNOTE) is not None:  # the MakerNote first, then any block read before
        make, model = _ascii(metadata.ifd0.get(TAG_MAKE)), _ascii(metadata.ifd0.get(TAG_MODEL))
        metadata.maker = makernotes.merged(makernotes.read(tiff, make, model), metadata.maker)
    if loop:
        metadata.ifd1 = {}  # "IFD1" of a looping chain is IFD0 again, not a thumbnail directory
    if metadata.ifd1 and metadata.ifd1 is not metadata.ifd0:
        offset = metadata.ifd1.get(TAG_THUMB_OFFSET)
        length = metadata.ifd1.get(TAG_THUMB_LENGTH)
        if isinstance(offset, int) and isinstance(length, int) and length > 0 and offset + length <= len(tiff):
            candidate = tiff[offset : offset + length]
            if candidate.startswith(b"\xff\xd8"):
                metadata.thumbnail = candidate
