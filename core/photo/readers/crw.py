"""Canon CRW files (1999-2004 EOS and PowerShot RAWs): a CIFF heap read by `core/photo/ciff.py`.

The facts sit in small records whose tables are at the end of the file, after the raw sensor data, so
only the first and last bytes are read. A file whose last 4 bytes do not lead to its record table was cut
short (or is damaged); one whose raw data record is missing or far too small for its pixels had its image
data taken out: both are a truncated RAW, as the TIFF-based RAW reader says of its own.
"""

from __future__ import annotations

from pathlib import Path

from core.base.fileaccess import open_regular
from core.photo import ciff
from core.photo.metadata import ImageMetadata

TAIL_BYTES = 256 * 1024  # the record tables and small records of a real .CRW fit in its last few KB
_MIN_BYTES_PER_KILOPIXEL = 1  # as the TIFF-based RAW reader: no real sensor data takes under this


def read(path: Path, head: bytes, size: int) -> ImageMetadata:
    metadata = ImageMetadata()
    with open_regular(path) as handle:
        handle.seek(max(0, size - TAIL_BYTES))
        tail = handle.read(TAIL_BYTES)
    crw = ciff.read_crw(head, tail, size)
    metadata.maker = crw.facts
    if crw.facts is not None:
        metadata.width, metadata.height = crw.facts.width, crw.facts.height
    if not crw.intact:
        metadata.problems.append("the CRW record table is not where the file's end says (cut short or damaged)")
        metadata.data_truncated = True
    pixels = (metadata.width or 0) * (metadata.height or 0)
    if crw.intact and crw.raw_bytes * _MIN_BYTES_PER_KILOPIXEL * 1000 < max(pixels, 1):
        metadata.data_truncated = True  # no raw sensor data, or far too little for the picture
    return metadata
