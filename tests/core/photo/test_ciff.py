"""Canon CIFF heaps: the PowerShot JPEGs of 1998-2001 (a "HEAPJPGM" APP0 instead of EXIF) and .CRW files.

Each heap is built here as Canon's CIFF 1.0r4 lays it out (values, then the record table, then the
table's offset in the heap's last 4 bytes; sub-heaps nested the same way) and read back through
`inspect_path`, as a merchant's file would be. Hostile heaps (loops, huge counts, pointers past the end,
deep nesting, a cut file) must give a clear answer, never a traceback or a hang.
"""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from core.inspection.inspect import inspect_path

MAKE_MODEL, TIME, IMAGE_INFO, SERIAL, RAW_DATA = 0x080A, 0x180E, 0x1810, 0x180B, 0x2005
IMAGE_PROPS, CAMERA_SPEC = 0x300A, 0x3004  # sub-heaps
Record = tuple[int, "bytes | list[Record]"]


def heap(records: list[Record], order: str = "<") -> bytes:
    """A heap: the values (sub-heaps built the same way), then the table, then the table's offset."""
    body, table = b"", b""
    for kind, value in records:
        data = heap(value, order) if isinstance(value, list) else value
        table += struct.pack(order + "HII", kind, len(data), len(body))
        body += data
    return body + struct.pack(order + "H", len(records)) + table + struct.pack(order + "I", len(body))


def ciff(signature: bytes, body: bytes, order: str = "<") -> bytes:
    mark = b"II" if order == "<" else b"MM"
    header = mark + struct.pack(order + "I", 26) + signature + b"\x01\x00\x01\x00" + b"\x00" * 8
    return header + body


def camera_records(model: str, seconds: int, size: tuple[int, int], serial: int | None = None,
                   order: str = "<") -> list[Record]:
    spec: list[Record] = [(MAKE_MODEL, b"Canon\x00" + model.encode() + b"\x00")]
    if serial is not None:
        spec.append((SERIAL, struct.pack(order + "I", serial)))
    return [(IMAGE_PROPS, [
        (TIME, struct.pack(order + "III", seconds, 0, 0)),
        (IMAGE_INFO, struct.pack(order + "IIfiIII", size[0], size[1], 1.0, 0, 8, 24, 1)),
        (CAMERA_SPEC, spec),
    ])]


def powershot_jpeg(tmp_path: Path, segment: bytes, name: str = "AUT_7808.JPG") -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 100, 80)).save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    path = tmp_path / name
    path.write_bytes(data[:2] + b"\xff\xe0" + struct.pack(">H", len(segment) + 2) + segment + data[2:])
    return path


def facts(path: Path, fast: bool = True) -> dict[str, Any]:
    """What `inspect --json` shows for the file."""
    shown: dict[str, Any] = json.loads(json.dumps(inspect_path(path, fast=fast).to_json()))
    return shown


# 2000-10-27 22:56:26 on the camera's clock (CIFF keeps it as Unix seconds, no zone)
A5_SECONDS = 972687386


@pytest.mark.parametrize("order", ["<", ">"])
def test_powershot_jpeg_camera_and_time_from_its_ciff_block(tmp_path: Path, order: str) -> None:
    body = heap(camera_records("Canon PowerShot A5", A5_SECONDS, (64, 48), serial=1234567, order=order), order)
    report = facts(powershot_jpeg(tmp_path, ciff(b"HEAPJPGM", body, order)))
    assert report["camera"] == {"make": "Canon", "model": "Canon PowerShot A5", "serial": None}  # no PowerShot serial
    assert report["taken_at"] == "2000-10-27T22:56:26"
    assert (report["width"], report["height"]) == (64, 48)


def test_powershot_jpeg_is_not_reported_as_missing_camera_metadata(tmp_path: Path) -> None:
    body = heap(camera_records("Canon PowerShot A5", A5_SECONDS, (64, 48)))
    codes = inspect_path(powershot_jpeg(tmp_path, ciff(b"HEAPJPGM", body)), fast=True).codes()
    assert not {"original.no_metadata", "original.no_camera", "original.no_capture_time"} & set(codes)


def test_ciff_size_differing_from_the_pixels_says_the_picture_was_resized(tmp_path: Path) -> None:
    body = heap(camera_records("Canon PowerShot A5", A5_SECONDS, (1024, 768)))
    assert "original.size_mismatch" in inspect_path(powershot_jpeg(tmp_path, ciff(b"HEAPJPGM", body))).codes()


def crw(tmp_path: Path, raw_bytes: int, serial: int = 560018150, cut: int | None = None) -> Path:
    records = camera_records("Canon EOS DIGITAL REBEL", 1068485966, (3072, 2048), serial=serial)
    if raw_bytes:
        records.insert(0, (RAW_DATA, b"\x5a" * raw_bytes))
    data = ciff(b"HEAPCCDR", heap(records))
    path = tmp_path / "CRW_0001.CRW"
    path.write_bytes(data[:cut] if cut else data)
    return path


def test_crw_file_facts(tmp_path: Path) -> None:
    report = facts(crw(tmp_path, raw_bytes=3072 * 2048 // 100))
    assert report["type"] == "crw"
    assert report["camera"] == {"make": "Canon", "model": "Canon EOS DIGITAL REBEL", "serial": "0560018150"}
    assert report["taken_at"] == "2003-11-10T17:39:26"
    assert (report["width"], report["height"]) == (3072, 2048)
    assert "raw.truncated" not in [f["code"] for f in report["findings"]]


def test_crw_without_its_raw_data_is_truncated(tmp_path: Path) -> None:
    """A CRW whose sensor data was taken out (a metadata stub) cannot be converted: say so, as for CR2."""
    report = facts(crw(tmp_path, raw_bytes=0))
    assert report["camera"]["serial"] == "0560018150"
    assert "raw.truncated" in [f["code"] for f in report["findings"]]


def test_crw_cut_short_is_truncated_with_a_reason(tmp_path: Path) -> None:
    report = facts(crw(tmp_path, raw_bytes=70000, cut=40000))
    finding = next(f for f in report["findings"] if f["code"] == "raw.truncated")
    assert finding["severity"] == "block"
    assert report["camera"]["make"] is None  # the tables at the end are gone: nothing is made up


def _looping_heap() -> bytes:
    """A sub-heap record that covers its own parent heap: the same table again, and again."""
    value = b"Canon\x00Canon PowerShot A5\x00"
    whole = len(value) + 2 + 2 * 10 + 4
    table = struct.pack("<H", 2) + struct.pack("<HII", MAKE_MODEL, len(value), 0)
    table += struct.pack("<HII", IMAGE_PROPS, whole, 0)
    return value + table + struct.pack("<I", len(value))


def _deep_heap(depth: int) -> bytes:
    records: list[Record] = [(MAKE_MODEL, b"Canon\x00Deep\x00")]
    for _ in range(depth):
        records = [(IMAGE_PROPS, records)]
    return heap(records)


@pytest.mark.parametrize("body", [
    b"\x00" * 40 + struct.pack("<I", 0xFFFFFFF0),  # table pointer past the end
    b"\x00" * 8 + struct.pack("<H", 0xFFFF) + b"\x00" * 30 + struct.pack("<I", 8),  # 65535 records claimed
    struct.pack("<H", 1) + struct.pack("<HII", IMAGE_PROPS, 0xFFFFFF00, 0) + struct.pack("<I", 0),  # huge size
    struct.pack("<H", 1) + struct.pack("<HII", 0x8000 | MAKE_MODEL, 4, 0) + struct.pack("<I", 0),  # bad type
    _looping_heap(),
    _deep_heap(400),
    b"\x01",  # cut to one byte
])
def test_hostile_ciff_blocks_give_an_answer_not_a_traceback(tmp_path: Path, body: bytes) -> None:
    report = facts(powershot_jpeg(tmp_path, ciff(b"HEAPJPGM", body)))
    assert report["type"] == "jpeg"
    assert report["camera"]["serial"] is None
    assert report["taken_at"] is None
    assert not any("reader failed" in json.dumps(f) for f in report["findings"])


def test_a_looping_heap_still_gives_what_it_holds(tmp_path: Path) -> None:
    report = facts(powershot_jpeg(tmp_path, ciff(b"HEAPJPGM", _looping_heap())))
    assert report["camera"]["model"] == "Canon PowerShot A5"


@pytest.mark.parametrize("cut", [30, 200, 1000])
def test_hostile_crw_files_are_a_clear_blocker(tmp_path: Path, cut: int) -> None:
    report = facts(crw(tmp_path, raw_bytes=5000, cut=cut))
    assert report["type"] == "crw"
    assert "raw.truncated" in [f["code"] for f in report["findings"]]
