"""TIFF-based camera RAW files (CR2, NEF, ARW, DNG, ORF, RW2, PEF, ...) and RAF.

EXIF is parsed from the head of the file; the IFD chain (with SubIFDs) is walked only to find where
the image data and embedded previews lie, so that a RAW whose image data was cut away is reported
as truncated without decoding anything.

Two makers keep facts outside the usual tags. Panasonic's RW2 gives its image area as sensor borders
(tags 4-7 of IFD0, not ImageWidth/ImageLength) and keeps the body's serial only in the MakerNote of the
JPEG embedded at tag 0x2E (JpgFromRaw). Fujifilm's RAF is a header pointing at an embedded JPEG (its EXIF
holds the camera facts) and at a directory of its own whose record 0x111 is the raw image size, cropped
to the image area (0x100: with the borders). Tag numbers from ExifTool's PanasonicRaw and FujiFilm tables.
"""

from __future__ import annotations

import struct
from pathlib import Path

from core.photo import makernotes
from core.photo.metadata import ImageMetadata, parse_exif

HEAD_LIMIT = 4 * 1024 * 1024
_MAX_IFDS = 64
_TAG_WIDTH, _TAG_HEIGHT = 0x0100, 0x0101
_TAG_STRIP_OFFSETS, _TAG_STRIP_COUNTS = 0x0111, 0x0117
_TAG_TILE_OFFSETS, _TAG_TILE_COUNTS = 0x0144, 0x0145
_TAG_JPEG_OFFSET, _TAG_JPEG_LENGTH = 0x0201, 0x0202
_TAG_SUBIFDS, _TAG_EXIF_IFD = 0x014A, 0x8769
_TAG_SUBFILE_TYPE = 0x00FE
_MIN_BYTES_PER_KILOPIXEL = 1
_RW2_BORDERS = (0x0004, 0x0005, 0x0006, 0x0007)  # SensorTopBorder, LeftBorder, BottomBorder, RightBorder
_RW2_JPEG = 0x002E  # JpgFromRaw
_PREVIEW_EXIF_BYTES = 65536  # the embedded JPEG's EXIF is in its first segments
_RAF_DIRECTORY_AT = 0x5C
_RAF_SIZES = (0x111, 0x100)  # RawImageCroppedSize, RawImageFullSize: 16-bit height, then width
_RAF_MAX_RECORDS = 256


def read(path: Path, head: bytes, size: int) -> ImageMetadata:
    with path.open("rb") as handle:
        data = handle.read(HEAD_LIMIT)
    return read_tiff_bytes(data, size)


def read_raf(path: Path, head: bytes, size: int) -> ImageMetadata:
    """RAF: a Fujifilm header pointing at an embedded JPEG whose EXIF carries the camera facts."""
    with path.open("rb") as handle:
        data = handle.read(HEAD_LIMIT)
    metadata = ImageMetadata()
    try:
        jpeg_offset, jpeg_length = struct.unpack(">II", data[84:92])
    except struct.error:
        metadata.data_truncated = True
        return metadata
    if jpeg_offset + jpeg_length > size:
        metadata.data_truncated = True
    _preview_exif(data[jpeg_offset : jpeg_offset + min(jpeg_length, _PREVIEW_EXIF_BYTES)], metadata)
    metadata.width, metadata.height = _raf_size(data)
    return metadata


def _preview_exif(preview: bytes, metadata: ImageMetadata) -> None:
    marker = preview.find(b"Exif\x00\x00")
    if marker >= 0:
        parse_exif(metadata, preview[marker:], complete=False)


def _raf_size(data: bytes) -> tuple[int | None, int | None]:
    """The raw image size from the RAF directory (big-endian: a 32-bit count, then records of a 16-bit
    tag, a 16-bit length and the value)."""
    found: dict[int, tuple[int, int]] = {}
    try:
        at = struct.unpack_from(">I", data, _RAF_DIRECTORY_AT)[0]
        count = struct.unpack_from(">I", data, at)[0]
        position = at + 4
        for _ in range(min(count, _RAF_MAX_RECORDS)):
            tag, length = struct.unpack_from(">HH", data, position)
            if tag in _RAF_SIZES and length == 4:
                found[tag] = struct.unpack_from(">HH", data, position + 4)
            position += 4 + length
    except struct.error:
        pass  # a directory cut short or pointing past the bytes read: what was found stands
    for tag in _RAF_SIZES:
        height, width = found.get(tag, (0, 0))
        if width and height:
            return width, height
    return None, None


def read_tiff_bytes(data: bytes, size: int) -> ImageMetadata:
    metadata = ImageMetadata()
    tiff = data
    if data[:4] in (b"IIRO", b"IIRS", b"IIU\x00"):
        tiff = b"II*\x00" + data[4:]  # Olympus and Panasonic only change the magic number
    elif data[:4] == b"MMOR":
        tiff = b"MM\x00*" + data[4:]
    # Stubbed or partly read RAWs point past the bytes read; that is not metadata damage.
    parse_exif(metadata, tiff, complete=False)
    _walk_image_data(tiff, size, metadata)
    if data[:4] == b"IIU\x00":
        _panasonic(tiff, metadata)
    return metadata


def _panasonic(tiff: bytes, metadata: ImageMetadata) -> None:
    """RW2: the image area from the sensor borders; the serial from the embedded JPEG's MakerNote."""
    try:
        first = struct.unpack_from("<I", tiff, 4)[0]
    except struct.error:
        return
    entries, _ = _read_ifd(tiff, first, "<")
    top, left, bottom, right = ((entries.get(tag) or [0])[0] for tag in _RW2_BORDERS)
    if metadata.width is None and right > left and bottom > top:
        metadata.width, metadata.height = right - left, bottom - top
    if metadata.maker is not None and metadata.maker.serial:
        return
    where = _undefined_value(tiff, first, _RW2_JPEG)
    if where is not None:
        embedded = ImageMetadata()
        _preview_exif(tiff[where[0] : where[0] + min(where[1], _PREVIEW_EXIF_BYTES)], embedded)
        metadata.maker = makernotes.merged(metadata.maker, embedded.maker)


def _undefined_value(tiff: bytes, offset: int, wanted: int) -> tuple[int, int] | None:
    """(offset, length) of a byte-valued tag's data in the IFD at `offset` (little-endian)."""
    try:
        count = struct.unpack_from("<H", tiff, offset)[0]
        for index in range(min(count, (len(tiff) - offset - 2) // 12)):
            tag, kind, number, pointer = struct.unpack_from("<HHII", tiff, offset + 2 + 12 * index)
            if tag == wanted and kind in (1, 7) and number > 4 and pointer < len(tiff):
                return pointer, number
    except struct.error:
        return None
    return None


def _walk_image_data(tiff: bytes, size: int, metadata: ImageMetadata) -> None:
    endian = "<" if tiff[:2] == b"II" else ">"
    try:
        first = struct.unpack(endian + "I", tiff[4:8])[0]
    except struct.error:
        metadata.data_truncated = True
        return
    pending: list[int] = [first]
    seen: set[int] = set()
    largest = (0, 0)
    image_bytes = 0
    while pending and len(seen) < _MAX_IFDS:
        offset = pending.pop(0)
        if offset in seen or offset <= 0 or offset + 2 > len(tiff):
            if offset >= len(tiff) and offset >= size:
                metadata.data_truncated = True
            continue
        seen.add(offset)
        entries, next_offset = _read_ifd(tiff, offset, endian)
        if next_offset:
            pending.append(next_offset)
        pending.extend(entries.get(_TAG_SUBIFDS, []))
        if entries.get(_TAG_EXIF_IFD):
            seen.add(entries[_TAG_EXIF_IFD][0])  # metadata only, no image data there
        width = (entries.get(_TAG_WIDTH) or [0])[0]
        height = (entries.get(_TAG_HEIGHT) or [0])[0]
        for offsets_tag, counts_tag in ((_TAG_STRIP_OFFSETS, _TAG_STRIP_COUNTS), (_TAG_TILE_OFFSETS, _TAG_TILE_COUNTS)):
            offsets, counts = entries.get(offsets_tag, []), entries.get(counts_tag, [])
            if offsets and any(o + c > size for o, c in zip(offsets, counts, strict=False)):
                metadata.data_truncated = True
            image_bytes += sum(counts)
        jpeg_offset = (entries.get(_TAG_JPEG_OFFSET) or [0])[0]
        jpeg_length = (entries.get(_TAG_JPEG_LENGTH) or [0])[0]
        if jpeg_offset and jpeg_offset + jpeg_length > size:
            metadata.data_truncated = True
        is_preview = (entries.get(_TAG_SUBFILE_TYPE) or [0])[0] & 1
        if width and height:
            if is_preview:
                metadata.embedded_previews.append((width, height))
            elif width * height > largest[0] * largest[1]:
                largest = (width, height)
    if largest[0]:
        metadata.width, metadata.height = largest
    # Image data stubbed out: no real sensor data, however compressed, takes under a byte per
    # thousand pixels (an all-white Nikon HE* frame takes about 12).
    if largest[0] and image_bytes * _MIN_BYTES_PER_KILOPIXEL * 1000 < largest[0] * largest[1]:
        metadata.data_truncated = True


def _read_ifd(tiff: bytes, offset: int, endian: str) -> tuple[dict[int, list[int]], int]:
    """Integer-valued tags of one IFD (the ones that locate data), and the next IFD's offset."""
    entries: dict[int, list[int]] = {}
    try:
        count = struct.unpack(endian + "H", tiff[offset : offset + 2])[0]
    except struct.error:
        return entries, 0
    count = min(count, (len(tiff) - offset - 2) // 12)
    for index in range(count):
        start = offset + 2 + 12 * index
        tag, kind, number = struct.unpack(endian + "HHI", tiff[start : start + 8])
        if kind not in (3, 4, 13) or number == 0 or number > 100_000:
            continue
        item = 2 if kind == 3 else 4
        code = endian + ("H" if kind == 3 else "I") * number
        if item * number <= 4:
            raw = tiff[start + 8 : start + 8 + item * number]
        else:
            pointer = struct.unpack(endian + "I", tiff[start + 8 : start + 12])[0]
            raw = tiff[pointer : pointer + item * number]
        if len(raw) == item * number:
            entries[tag] = list(struct.unpack(code, raw))
    next_start = offset + 2 + 12 * count
    next_raw = tiff[next_start : next_start + 4]
    next_offset = struct.unpack(endian + "I", next_raw)[0] if len(next_raw) == 4 else 0
    return entries, next_offset
