"""JPEG APP segments that carry evidence in pieces or in a maker's own format.

- Extended XMP: a packet over 64 KB is split over APP1 segments named by a GUID (the main packet
  names it in `xmpNote:HasExtendedXMP`) and an offset; the pieces are joined in order, and only when
  none is missing.
- FLIR thermal cameras: the serial and capture time are in an "FFF" block split over APP1 segments.
- Maker segments: Casio's QVCI, the "[picture info]" text of 1990s compacts (see
  `resources/photo/makernotes.toml`).
- AI-content labels written as bare `AIGC{...}` JSON into an APP segment are kept as text for
  `core/photo/aigc.py`.
"""

from __future__ import annotations

import re
import struct

from core.photo import flir, makernotes
from core.photo.metadata import ImageMetadata

XMP_EXTENSION_ID = b"http://ns.adobe.com/xmp/extension/\x00"
FLIR_ID = b"FLIR\x00"
_TEXT_LIMIT = 8192  # label JSON is a few hundred bytes; more is not a label
_EXTENDED_GUID = re.compile(rb"HasExtendedXMP\s*(?:=\s*[\"']|>)\s*([0-9A-Fa-f]{32})")


def extension_piece(payload: bytes, metadata: ImageMetadata) -> None:
    """Keep one piece of extended XMP: GUID (32 bytes), full length, offset, data."""
    body = payload[len(XMP_EXTENSION_ID) :]
    if len(body) > 40:
        guid, offset = body[:32], struct.unpack(">I", body[36:40])[0]
        pieces: dict[bytes, dict[int, bytes]] = metadata.extra.setdefault("_xmp_pieces", {})
        pieces.setdefault(guid, {})[offset] = body[40:]


def flir_piece(payload: bytes, metadata: ImageMetadata) -> None:
    """Keep one FLIR APP1 segment: "FLIR\\0", a version byte, its index, the last index, data."""
    if len(payload) > 8:
        metadata.extra.setdefault("_flir_pieces", []).append((payload[6], payload[8:]))


def other_segment(marker: int, payload: bytes, metadata: ImageMetadata) -> None:
    """Any other APP segment: a maker's own facts, or a label's text."""
    if metadata.maker is None or not (metadata.maker.serial and metadata.maker.taken_at):
        metadata.maker = makernotes.merged(metadata.maker, makernotes.read_segment(marker - 0xE0, payload))


def label_text(name: str, payload: bytes, metadata: ImageMetadata) -> None:
    if b"AIGC" in payload:
        metadata.extra.setdefault("app_texts", []).append((name, payload[:_TEXT_LIMIT].decode("utf-8", "replace")))


def finish(metadata: ImageMetadata) -> None:
    """Join what came in pieces, once every segment before the image data is read."""
    pieces = metadata.extra.pop("_xmp_pieces", None)
    if pieces:
        metadata.xmp_extension = _extended_xmp(metadata.xmp, pieces)
    thermal = metadata.extra.pop("_flir_pieces", None)
    if thermal and (metadata.maker is None or not (metadata.maker.serial and metadata.maker.taken_at)):
        found = flir.read_flir(b"".join(part for _, part in sorted(thermal, key=lambda item: item[0])))
        metadata.maker = makernotes.merged(metadata.maker, found)


def _extended_xmp(main: bytes | None, pieces: dict[bytes, dict[int, bytes]]) -> bytes | None:
    match = _EXTENDED_GUID.search(main or b"")
    wanted = match.group(1).upper() if match else None
    guid = next((key for key in pieces if key.upper() == wanted), None)
    if guid is None and len(pieces) == 1:
        guid = next(iter(pieces))  # the main packet does not name it, but there is only one
    if guid is None:
        return None
    joined = bytearray()
    for offset in sorted(pieces[guid]):
        if offset != len(joined):
            return None  # a piece is missing: do not guess at the rest
        joined += pieces[guid][offset]
    return bytes(joined)
