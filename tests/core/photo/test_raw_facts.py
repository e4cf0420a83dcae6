"""RAW facts kept outside the usual tags: Panasonic RW2 (image area as sensor borders, the serial only in
the embedded JPEG's MakerNote) and Fujifilm RAF (the raw size in the RAF directory).

Files are laid out here as the cameras write them (tag numbers from ExifTool's PanasonicRaw and FujiFilm
tables) and read back through `inspect_path`; damaged variants must give an answer, not a traceback.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from PIL import Image

from core.inspection.inspect import inspect_path
from tests.conftest import exif_bytes
from tests.core.photo.test_makernotes import panasonic
from tests.core.photo.tiff_kit import Entry, ascii_entry, exif_with_makernote, ifd, jpeg_with_app1, undefined_entry


def short_entry(tag: int, value: int) -> Entry:
    return tag, 3, 1, struct.pack("<H", value)


def plain_jpeg(exif: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 150)).save(buffer, "JPEG", quality=90, **({"exif": exif} if exif else {}))
    return buffer.getvalue()


def rw2(tmp_path: Path, embedded: bytes | None) -> Path:
    """An RW2 head: IFD0 with the sensor size and borders, Make, Model and the JpgFromRaw."""
    entries = [short_entry(0x0002, 3724), short_entry(0x0003, 2754), short_entry(0x0004, 6), short_entry(0x0005, 8),
               short_entry(0x0006, 2742), short_entry(0x0007, 3656), ascii_entry(0x010F, "Panasonic"),
               ascii_entry(0x0110, "DMC-LX3")]
    if embedded is not None:
        entries.append(undefined_entry(0x002E, embedded))
    path = tmp_path / "P1000058.RW2"
    path.write_bytes(b"IIU\x00" + struct.pack("<I", 8) + ifd(entries, 8, 0))
    return path


def test_rw2_size_is_the_image_area_inside_the_sensor_borders(tmp_path: Path) -> None:
    report = inspect_path(rw2(tmp_path, None), fast=True)
    assert (report.type, report.width, report.height) == ("rw2", 3648, 2736)  # as ExifTool's ImageWidth/Height


def test_rw2_serial_from_the_embedded_jpeg_makernote(tmp_path: Path) -> None:
    embedded = jpeg_with_app1(plain_jpeg(), exif_with_makernote("Panasonic", "DMC-LX3", panasonic))
    report = inspect_path(rw2(tmp_path, embedded), fast=True)
    assert report.camera.serial == "S012104030293"
    assert report.camera.model == "DMC-LX3"


@pytest.mark.parametrize("embedded", [b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00II*\x00\xff\xff\xff\xff", b"\x00" * 64,
                                      plain_jpeg(exif_bytes(serial=None))])
def test_rw2_with_a_damaged_or_plain_embedded_jpeg_has_no_serial(tmp_path: Path, embedded: bytes) -> None:
    report = inspect_path(rw2(tmp_path, embedded), fast=True)
    assert report.camera.serial is None
    assert report.camera.make == "Panasonic"


def raf(tmp_path: Path, records: list[tuple[int, bytes]], directory_at: int | None = None,
        count: int | None = None) -> Path:
    """A RAF: the 0x94-byte header (JPEG and directory offsets), the embedded JPEG, the RAF directory."""
    jpeg = plain_jpeg(exif_bytes(make="FUJIFILM", model="FinePix S5Pro", serial=None))
    jpeg_at = 0x100
    directory = struct.pack(">I", len(records) if count is None else count)
    directory += b"".join(struct.pack(">HH", tag, len(value)) + value for tag, value in records)
    at = jpeg_at + len(jpeg) if directory_at is None else directory_at
    header = bytearray(b"FUJIFILMCCD-RAW 0201FF383501".ljust(jpeg_at, b"\x00"))
    struct.pack_into(">II", header, 0x54, jpeg_at, len(jpeg))
    struct.pack_into(">II", header, 0x5C, at, len(directory))
    path = tmp_path / "DSCF0001.RAF"
    path.write_bytes(bytes(header) + jpeg + directory)
    return path


FULL, CROPPED = (0x100, struct.pack(">HH", 1444, 4352)), (0x111, struct.pack(">HH", 1424, 4256))


def test_raf_size_is_the_raw_image_not_the_embedded_preview(tmp_path: Path) -> None:
    report = inspect_path(raf(tmp_path, [FULL, (0x110, struct.pack(">HH", 10, 48)), CROPPED]), fast=True)
    assert (report.type, report.width, report.height) == ("raf", 4256, 1424)  # ExifTool's ImageSize
    assert report.camera.model == "FinePix S5Pro"


def test_raf_without_a_cropped_size_gives_the_full_one(tmp_path: Path) -> None:
    report = inspect_path(raf(tmp_path, [FULL]), fast=True)
    assert (report.width, report.height) == (4352, 1444)


@pytest.mark.parametrize(("records", "directory_at", "count"), [
    ([FULL], 0x7FFFFFF0, None),  # directory past the end
    ([FULL], None, 0xFFFFFFFF),  # 4 billion records claimed
    ([(0x111, b"\x00\x00\x00\x00")], None, None),  # a zero size
    ([(0x111, b"\x05\xa0")], None, None),  # a record cut short
])
def test_hostile_raf_directories_give_no_size_and_no_error(tmp_path: Path, records: list[tuple[int, bytes]],
                                                          directory_at: int | None, count: int | None) -> None:
    report = inspect_path(raf(tmp_path, records, directory_at, count), fast=True)
    assert (report.width, report.height) in ((None, None), (4352, 1444))
    assert report.camera.make == "FUJIFILM"
