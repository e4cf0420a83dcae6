"""IPTC-IIM records: inside Photoshop image resources (a JPEG's APP13, resource 0x0404), or bare (a TIFF's
IPTC-NAA tag)."""

from __future__ import annotations

import struct


def photoshop_resources(irb: bytes | None) -> dict[int, bytes]:
    """Photoshop image resource blocks ('8BIM' id name data), keyed by resource id."""
    resources: dict[int, bytes] = {}
    if not irb:
        return resources
    position = 0
    while position + 12 <= len(irb) and irb[position : position + 4] == b"8BIM":
        resource_id = struct.unpack(">H", irb[position + 4 : position + 6])[0]
        name_length = irb[position + 6]
        name_total = name_length + 1 + ((name_length + 1) % 2)
        size_at = position + 6 + name_total
        if size_at + 4 > len(irb):
            break
        size = struct.unpack(">I", irb[size_at : size_at + 4])[0]
        data_at = size_at + 4
        resources[resource_id] = irb[data_at : data_at + size]
        position = data_at + size + (size % 2)
    return resources


def iptc_records(irb: bytes | None) -> dict[tuple[int, int], list[bytes]]:
    """IPTC datasets keyed by (record, dataset), e.g. (2, 55) DateCreated."""
    return iim_records(photoshop_resources(irb).get(0x0404, b""))


def iim_records(data: bytes) -> dict[tuple[int, int], list[bytes]]:
    """IPTC datasets of a bare IIM stream (0x1C, record, dataset, 16-bit length, value ...)."""
    records: dict[tuple[int, int], list[bytes]] = {}
    position = 0
    while position + 5 <= len(data) and data[position] == 0x1C:
        record, dataset = data[position + 1], data[position + 2]
        length = struct.unpack(">H", data[position + 3 : position + 5])[0]
        if length & 0x8000:  # extended length: not used for the short fields read here
            break
        records.setdefault((record, dataset), []).append(data[position + 5 : position + 5 + length])
        position += 5 + length
    return records


def datasets(irb: bytes | None, bare: bytes | None) -> dict[tuple[int, int], list[bytes]]:
    """A file's IPTC: the Photoshop resources' (APP13, a TIFF's Photoshop tag), else the bare stream's (a TIFF's
    IPTC-NAA tag, an AFCP trailer); `ImageMetadata.photoshop` and `.iptc`."""
    records = iptc_records(irb) if irb else {}
    return records or (iim_records(bare) if bare else {})
