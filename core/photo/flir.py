"""FLIR thermal cameras: serial and capture time from the "FFF" block in the JPEG's FLIR APP1 segments.

Thermal cameras often write no EXIF capture time; the camera-information record of their own block
has it (Unix seconds and the camera's zone), and the body serial. Offsets are data, in the [flir]
section of `resources/photo/makernotes.toml` (ExifTool's FLIR::CameraInfo table is the reference).
"""

from __future__ import annotations

import datetime
import struct

from core.photo import makernotes


def read_flir(fff: bytes) -> makernotes.MakerFacts | None:
    """Serial and capture time from a FLIR "FFF" block (the JPEG's FLIR APP1 segments, joined).

    The block is a record directory; its camera-information record holds the serial and the
    capture time as Unix seconds plus the camera's time-zone offset. Offsets are in the table's
    [flir] section.
    """
    spec = makernotes.table().get("flir", {})
    if not fff.startswith(b"FFF\x00") or len(fff) < 0x40:
        return None
    order = ">"
    version = struct.unpack_from(order + "I", fff, 0x14)[0]
    if not 100 <= version < 200:
        order = "<"
        if not 100 <= struct.unpack_from(order + "I", fff, 0x14)[0] < 200:
            return None
    directory_at, count = struct.unpack_from(order + "II", fff, 0x18)
    for index in range(min(count, 64)):
        entry = directory_at + 0x20 * index
        if entry + 0x20 > len(fff):
            break
        record_type = struct.unpack_from(order + "H", fff, entry)[0]
        at, length = struct.unpack_from(order + "II", fff, entry + 0x0C)
        if record_type != int(spec.get("camera_record", 0x20)) or at + length > len(fff):
            continue
        record = fff[at : at + length]
        record_order = order if struct.unpack_from(order + "H", record, 0)[0] < 0x100 else (
            "<" if order == ">" else ">")
        serial_at = int(spec.get("serial_at", 0x104))
        serial = makernotes.printable_text(record[serial_at : serial_at + 16])
        return makernotes.MakerFacts("flir", serial, _flir_time(record, int(spec.get("time_at", 0x384)), record_order))
    return None


def _flir_time(record: bytes, at: int, order: str) -> str | None:
    if at + 10 > len(record):
        return None
    seconds, _ = struct.unpack_from(order + "II", record, at)
    zone_minutes = struct.unpack_from(order + "h", record, at + 8)[0]  # minutes west of UTC
    if not seconds or abs(zone_minutes) > 16 * 60:
        return None
    zone = datetime.timezone(datetime.timedelta(minutes=-zone_minutes))
    return datetime.datetime.fromtimestamp(seconds, zone).isoformat(timespec="seconds")
