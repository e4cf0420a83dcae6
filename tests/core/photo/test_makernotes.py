"""Body serials and capture times kept only in a maker's own block (MakerNote, APP segments, FLIR).

Each maker's note is built here byte by byte, laid out as that maker's firmware does (header, where
the directory starts, what offsets count from), and read back through `inspect_path`, as a merchant's
file would be. The corpus files with MakerNote serials are checked against ExifTool's reading.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from core.inspection.inspect import inspect_path
from core.photo import makernotes
from tests.conftest import CORPUS
from tests.core.photo.tiff_kit import (
    ascii_entry,
    exif_with_makernote,
    ifd,
    jpeg_with_app1,
    long_entry,
    undefined_entry,
)


def _plain_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 150)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _photo(tmp_path: Path, make: str, model: str, note: Callable[[int], bytes], order: str = "<",
           taken: str | None = "2026:05:01 10:00:00") -> Path:
    path = tmp_path / "photo.jpg"
    path.write_bytes(jpeg_with_app1(_plain_jpeg(), exif_with_makernote(make, model, note, order, taken)))
    return path


def canon(serial: int) -> Callable[[int], bytes]:
    return lambda at: ifd([long_entry(0x000C, serial)], at, 0)  # a plain directory, TIFF offsets


def nikon(at: int) -> bytes:
    inner = b"MM\x00*" + struct.pack(">I", 8) + ifd([ascii_entry(0x001D, "6012345")], 8, 0, ">")
    return b"Nikon\x00\x02\x10\x00\x00" + inner


def olympus(at: int) -> bytes:
    equipment_at = 12 + 2 + 12 + 4  # the main directory (one entry) is followed by the Equipment one
    main = ifd([long_entry(0x2010, equipment_at)], 12, 0)
    return b"OLYMPUS\x00II\x03\x00" + main + ifd([ascii_entry(0x0101, "BHP212345")], equipment_at, 0)


def om_system(at: int) -> bytes:
    equipment_at = 16 + 2 + 12 + 4
    main = ifd([long_entry(0x2010, equipment_at)], 16, 0)
    return b"OM SYSTEM\x00\x00\x00II\x04\x00" + main + ifd([ascii_entry(0x0101, "BJ7A01234")], equipment_at, 0)


def panasonic(at: int) -> bytes:
    return b"Panasonic\x00\x00\x00" + ifd([undefined_entry(0x0025, b"S012104030293\x00\x00\x00")], at + 12, 0)


def pentax(at: int) -> bytes:
    return b"AOC\x00II" + ifd([ascii_entry(0x0229, "4021234")], 6, 0)


def fujifilm(at: int) -> bytes:
    return b"FUJIFILM" + struct.pack("<I", 12) + ifd([ascii_entry(0x0010, "FC  2345678 592D3131")], 12, 0)


def sony(at: int) -> bytes:
    return b"SONY DSC \x00\x00\x00" + ifd([ascii_entry(0x2031, "05012345")], at + 12, 0)


def kodak(at: int) -> bytes:
    """EasyShare Z1012-style: a TIFF header of its own, offsets from it, the serial in SubIFD0."""
    sub_at = 8 + 2 + 12 + 4
    main = ifd([long_entry(0xFC00, sub_at, ">")], 8, 0, ">")
    return b"MM\x00*\x00\x00\x00\x08" + main + ifd([ascii_entry(0xFA19, "KCXHZ81300092")], sub_at, 0, ">")


def sigma(at: int) -> bytes:
    return b"SIGMA\x00\x00\x00\x01\x00" + ifd([ascii_entry(0x0002, "93012345")], at + 10, 0)


def samsung(at: int) -> bytes:
    return ifd([ascii_entry(0xA002, "R1AW123456X")], at, 0)


def leica(at: int) -> bytes:
    return b"LEICA\x00\x05\x00" + ifd([long_entry(0x0305, 4712345)], 8, 0)


def motorola(at: int) -> bytes:
    return b"MOT\x00\x00\x00\x00\x00" + ifd([ascii_entry(0x5501, "ZY2238TJ4V")], 8, 0)


@pytest.mark.parametrize(("make", "model", "note", "serial"), [
    ("Canon", "Canon EOS 5D Mark IV", canon(12345678), "0012345678"),
    ("Canon", "Canon EOS-1D X Mark II", canon(123456), "123456"),
    ("Canon", "Canon EOS D30", canon((0x2F << 16) + 12345), "002f12345"),
    ("NIKON CORPORATION", "NIKON Z 6", nikon, "6012345"),
    ("OLYMPUS IMAGING CORP.", "E-M5", olympus, "BHP212345"),
    ("OM Digital Solutions", "OM-1", om_system, "BJ7A01234"),
    ("Panasonic", "DC-G9", panasonic, "S012104030293"),
    ("PENTAX", "PENTAX K-3", pentax, "4021234"),
    ("FUJIFILM", "X-T4", fujifilm, "FC 2345678 592D3131"),
    ("SONY", "ILCE-9", sony, "05012345"),
    ("SIGMA", "SIGMA fp", sigma, "93012345"),
    ("SAMSUNG", "NX1", samsung, "R1AW123456X"),
    ("Leica Camera AG", "LEICA Q (Typ 116)", leica, "4712345"),
    ("Motorola", "moto g(7)", motorola, "ZY2238TJ4V"),
    ("EASTMAN KODAK COMPANY", "KODAK EASYSHARE Z1012 IS Digital Camera", kodak, "KCXHZ81300092"),
])
def test_makernote_serial_is_the_camera_serial(tmp_path: Path, make: str, model: str,
                                               note: Callable[[int], bytes], serial: str) -> None:
    report = inspect_path(_photo(tmp_path, make, model, note), fast=True)
    assert report.camera.serial == serial
    assert report.camera.make == make


def test_big_endian_notes_read_too(tmp_path: Path) -> None:
    path = _photo(tmp_path, "Canon", "Canon EOS 40D", lambda at: ifd([long_entry(0x000C, 1230456, ">")], at, 0, ">"),
                  order=">")
    assert inspect_path(path, fast=True).camera.serial == "0001230456"


def test_exif_body_serial_comes_first(tmp_path: Path) -> None:
    """EXIF BodySerialNumber is what the camera declares; the MakerNote is the fallback."""
    from tests.conftest import exif_bytes

    path = tmp_path / "both.jpg"
    exif = exif_bytes(serial="EXIF-SERIAL-1", extra_exif={0x927C: ifd([long_entry(0x000C, 42)], 0, 0)})
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48)).save(buffer, "JPEG", exif=exif)
    path.write_bytes(buffer.getvalue())
    assert inspect_path(path, fast=True).camera.serial == "EXIF-SERIAL-1"


def test_body_serial_in_ifd0_is_read(tmp_path: Path) -> None:
    """Some Canon firmware (EOS 600D) writes BodySerialNumber into IFD0 instead of the Exif IFD."""
    entries = [ascii_entry(0x010F, "Canon"), ascii_entry(0x0110, "Canon EOS REBEL T3i"),
               ascii_entry(0xA431, "142066080698")]
    path = tmp_path / "ifd0.jpg"
    path.write_bytes(jpeg_with_app1(_plain_jpeg(), b"Exif\x00\x00II*\x00" + struct.pack("<I", 8) + ifd(entries, 8, 0)))
    assert inspect_path(path, fast=True).camera.serial == "142066080698"


def reconyx(at: int) -> bytes:
    """A HyperFire trail camera's binary note: the time as six 16-bit numbers, the serial as UTF-16."""
    note = bytearray(0x60)
    note[0:2] = b"\x01\xf1"
    struct.pack_into("<6H", note, 0x16, 7, 30, 22, 3, 16, 2020)  # second, minute, hour, month, day, year
    serial = "H500EE06130468".encode("utf-16-le")
    note[0x2A : 0x2A + len(serial)] = serial
    return bytes(note)


def test_trail_camera_time_and_serial_from_the_maker_block(tmp_path: Path) -> None:
    report = inspect_path(_photo(tmp_path, "RECONYX", "HC500 HYPERFIRE", reconyx, taken=None), fast=True)
    assert report.taken_at == "2020-03-16T22:30:07"
    assert report.camera.serial == "H500EE06130468"
    assert "original.no_capture_time" not in report.codes()


def test_exif_time_comes_before_the_maker_block(tmp_path: Path) -> None:
    report = inspect_path(_photo(tmp_path, "RECONYX", "HC500 HYPERFIRE", reconyx), fast=True)
    assert report.taken_at == "2026-05-01T10:00:00"


def _flir_segments(serial: str, unix_seconds: int, zone_minutes_west: int) -> list[bytes]:
    record = bytearray(0x3A0)
    struct.pack_into(">H", record, 0, 2)  # byte-order check value
    record[0x104 : 0x104 + len(serial)] = serial.encode()
    struct.pack_into(">IIh", record, 0x384, unix_seconds, 253, zone_minutes_west)
    header = bytearray(0x40)
    header[0:4] = b"FFF\x00"
    struct.pack_into(">III", header, 0x14, 100, 0x40, 1)  # version, directory offset, entries
    entry = struct.pack(">HHIIII", 0x20, 1, 0x64, 1, 0x60, len(record)) + b"\x00" * 12
    fff = bytes(header) + entry + bytes(record)
    half = len(fff) // 2
    return [b"FLIR\x00\x01" + bytes([index, 1]) + part for index, part in enumerate((fff[:half], fff[half:]))]


def test_thermal_camera_serial_and_time_from_its_flir_segments(tmp_path: Path) -> None:
    data = _plain_jpeg()
    for segment in reversed(_flir_segments("470023842", 1328966228, -60)):
        data = jpeg_with_app1(data, segment)
    path = tmp_path / "flir.jpg"
    path.write_bytes(data)
    report = inspect_path(path, fast=True)
    assert report.camera.serial == "470023842"
    assert report.taken_at == "2012-02-11T14:17:08+01:00"


def test_picture_info_segment_of_old_compacts(tmp_path: Path) -> None:
    text = (b"OLYMPUS OPTICAL CO.,LTD.\x00 713\r\n[picture info]\r\nTimeDate=909698819\r\n"
            b"[camera info]\r\nSerial#=A1234567\r\n")
    data = _plain_jpeg()
    data = data[:2] + b"\xff\xec" + struct.pack(">H", len(text) + 2) + text + data[2:]
    path = tmp_path / "old.jpg"
    path.write_bytes(data)
    report = inspect_path(path, fast=True)
    assert (report.camera.serial, report.taken_at) == ("A1234567", "1998-10-29T22:06:59")


@pytest.mark.parametrize("note", [
    b"Nikon\x00\x02\x10\x00\x00MM\x00*\xff\xff\xff\xf0",  # inner TIFF pointing far away
    b"OLYMPUS\x00II\x03\x00\xff\xff" + b"\x00" * 40,  # 65535 entries claimed
    b"FUJIFILM" + struct.pack("<I", 0x7FFFFFF0),
    b"AOC\x00II\x01\x00" + struct.pack("<HHII", 0x0229, 2, 4000, 0x7FFFFFF0),  # value past the end
    b"\x01\xf1" + b"\xff" * 6,  # a Reconyx note cut short
])
def test_hostile_notes_give_no_serial_and_no_error(tmp_path: Path, note: bytes) -> None:
    make = {b"N": "NIKON", b"O": "OLYMPUS", b"F": "FUJIFILM", b"A": "PENTAX", b"\x01": "RECONYX"}[note[:1]]
    report = inspect_path(_photo(tmp_path, make, "X", lambda at: note), fast=True)
    assert report.camera.serial is None
    assert report.camera.make == make


def test_every_layout_in_the_table_is_complete() -> None:
    for layout in makernotes.table()["layout"]:
        assert layout["kind"] in ("ifd", "binary"), layout["name"]
        assert layout.get("serial") or layout.get("time"), layout["name"]


@pytest.mark.parametrize(("name", "serial"), [
    ("originals/olympus_e_p3.jpg", "B9V508278"),  # Olympus Equipment directory
    ("raw/canon_stripped.cr2", "0123456789"),  # Canon 0x000C
    ("raw/nikon_stripped.nef", "12345678"),  # Nikon 0x001D
    ("broken/truncated.jpg", "F70501740"),
])
def test_corpus_makernote_serials_agree_with_exiftool(name: str, serial: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    assert inspect_path(path, fast=True).camera.serial == serial
