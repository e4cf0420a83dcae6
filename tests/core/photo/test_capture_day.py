"""A capture date without a time of day (IPTC DateCreated without TimeCreated, XMP "2004-01-02"), and IPTC
kept where JPEG readers do not look (a TIFF's IPTC-NAA tag, an AFCP trailer after the JPEG data).

A day is still evidence of the shoot: `inspect` reports it as the day ("2004-02-26"), never as midnight,
sessions never group on it, and a source with the time of day wins over a day alone.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from PIL import Image

from core.inspection.inspect import inspect_path
from core.library.sessions import SessionItem, group_sessions
from core.photo.facts import Camera
from tests.conftest import exif_bytes


def iim(*datasets: tuple[int, bytes]) -> bytes:
    return b"".join(b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(value)) + value for number, value in datasets)


def app13(stream: bytes) -> bytes:
    block = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(stream)) + stream
    block += b"\x00" * (len(stream) % 2)
    payload = b"Photoshop 3.0\x00" + block
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def xmp_segment(attributes: str) -> bytes:
    packet = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              f'<rdf:Description rdf:about="" {attributes}/></rdf:RDF></x:xmpmeta>').encode()
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def jpeg(path: Path, *segments: bytes, trailer: bytes = b"", taken: str | None = None) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (100, 110, 120)).save(buffer, "JPEG", quality=90,
                                                     exif=exif_bytes(taken=taken, serial=None))
    data = buffer.getvalue()
    path.write_bytes(data[:2] + b"".join(segments) + data[2:] + trailer)
    return path


PHOTOSHOP_DAY = 'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:DateCreated="2004-01-02"'


@pytest.mark.parametrize(("segments", "day"), [
    ((app13(iim((55, b"20040226"))),), "2004-02-26"),  # IPTC DateCreated, no TimeCreated
    ((xmp_segment(PHOTOSHOP_DAY),), "2004-01-02"),
    ((xmp_segment('xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreateDate="2011-07-30"'),), "2011-07-30"),
])
def test_a_capture_day_alone_is_reported_as_the_day(tmp_path: Path, segments: tuple[bytes, ...], day: str) -> None:
    report = inspect_path(jpeg(tmp_path / "day.jpg", *segments), fast=True)
    assert report.taken_at == day
    assert "original.no_capture_time" not in inspect_path(tmp_path / "day.jpg").codes()


def test_a_time_of_day_from_a_later_source_wins_over_a_day_alone(tmp_path: Path) -> None:
    path = jpeg(tmp_path / "both.jpg", xmp_segment(PHOTOSHOP_DAY), app13(iim((55, b"20040102"), (60, b"101500+0800"))))
    assert inspect_path(path, fast=True).taken_at == "2004-01-02T10:15:00+08:00"


def test_exif_time_still_comes_first(tmp_path: Path) -> None:
    path = jpeg(tmp_path / "exif.jpg", app13(iim((55, b"20040226"))), taken="2026:05:01 10:00:00")
    assert inspect_path(path, fast=True).taken_at == "2026-05-01T10:00:00"


@pytest.mark.parametrize("date", [b"20041340", b"0000000", b"2004-02-", b""])
def test_an_impossible_day_is_no_capture_time(tmp_path: Path, date: bytes) -> None:
    assert inspect_path(jpeg(tmp_path / "bad.jpg", app13(iim((55, date)))), fast=True).taken_at is None


def test_photos_with_only_a_day_never_form_a_session() -> None:
    """Two frames of one body on the same day: without times nothing says they are one shoot."""
    body = Camera("Canon", "Canon EOS 5D Mark IV", "012345678901")
    sessions = group_sessions([SessionItem("a.jpg", body, "2004-02-26"), SessionItem("b.jpg", body, "2004-02-26")])
    assert [(s.files, s.start) for s in sessions] == [(["a.jpg"], None), (["b.jpg"], None)]


def test_iptc_in_a_tiff_tag_gives_the_day(tmp_path: Path) -> None:
    path = tmp_path / "scan.tif"
    stream = iim((0, b"\x00\x02"), (55, b"20040220"))
    Image.new("RGB", (32, 24), (10, 20, 30)).save(path, "TIFF", tiffinfo={33723: stream})
    assert inspect_path(path, fast=True).taken_at == "2004-02-20"


def afcp(stream: bytes, at: int, order: str = ">") -> bytes:
    """An AFCP trailer starting at file offset `at`: header, one IPTC entry, the data, the end mark."""
    mark = b"AXS!" if order == ">" else b"AXS*"
    data_at = at + 12 + 12
    header = mark + struct.pack(order + "HH", 1, 1) + b"\x00" * 4
    entry = b"IPTC" + struct.pack(order + "II", len(stream), data_at)
    return header + entry + stream + mark + struct.pack(order + "I", at) + b"\x00" * 4


@pytest.mark.parametrize("order", [">", "<"])
def test_iptc_in_an_afcp_trailer_gives_the_day(tmp_path: Path, order: str) -> None:
    plain = jpeg(tmp_path / "plain.jpg")
    size = plain.stat().st_size
    path = jpeg(tmp_path / "afcp.jpg", trailer=afcp(iim((55, b"20051223")), size, order))
    assert inspect_path(path, fast=True).taken_at == "2005-12-23"


@pytest.mark.parametrize("trailer", [
    b"AXS!" + struct.pack(">I", 0xFFFFFF00) + b"\x00" * 4,  # start past the end
    b"AXS!" + struct.pack(">I", 0) + b"\x00" * 4,  # start at the JPEG's own first bytes
    b"AXS!\x00\x01\xff\xff" + b"\x00" * 4 + b"AXS!" + struct.pack(">I", 1) + b"\x00" * 4,  # 65535 entries
])
def test_hostile_afcp_trailers_give_no_time_and_no_error(tmp_path: Path, trailer: bytes) -> None:
    report = inspect_path(jpeg(tmp_path / "hostile.jpg", trailer=trailer), fast=True)
    assert report.taken_at is None
    assert report.camera.make == "Canon"


def test_an_afcp_trailer_claiming_65535_entries_reads_a_bounded_few(tmp_path: Path) -> None:
    size = jpeg(tmp_path / "plain.jpg").stat().st_size
    trailer = bytearray(afcp(iim((55, b"20051223")), size))
    trailer[6:8] = b"\xff\xff"
    report = inspect_path(jpeg(tmp_path / "many.jpg", trailer=bytes(trailer)), fast=True)
    assert report.taken_at == "2005-12-23"


def test_imagemagick_raw_profiles_in_png_text_are_read(tmp_path: Path) -> None:
    """ImageMagick keeps a PNG's XMP and EXIF as hex in "Raw profile type ..." text: read them there."""
    from PIL import PngImagePlugin

    def profile(name: str, data: bytes) -> str:
        digits = data.hex()
        return f"\n{name}\n{len(data):8d}\n" + "\n".join(digits[i : i + 72] for i in range(0, len(digits), 72)) + "\n"

    packet = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              b'<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreateDate="2019-09-02"/>'
              b"</rdf:RDF></x:xmpmeta>")
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type xmp", profile("xmp", packet))
    exif = exif_bytes(taken=None, serial="KB1234")  # piexif's bytes start "Exif\\0\\0", as ImageMagick's profile
    info.add_text("Raw profile type exif", profile("exif", exif))
    path = tmp_path / "magick.png"
    Image.new("RGB", (32, 24)).save(path, "PNG", pnginfo=info)
    report = inspect_path(path, fast=True)
    assert report.taken_at == "2019-09-02"
    assert (report.camera.make, report.camera.serial) == ("Canon", "KB1234")


def test_a_raw_profile_that_is_not_hex_is_said_not_raised(tmp_path: Path) -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type xmp", "\nxmp\n      12\nnot hex at all\n")
    path = tmp_path / "bad.png"
    Image.new("RGB", (32, 24)).save(path, "PNG", pnginfo=info)
    report = inspect_path(path, fast=True)
    assert report.taken_at is None and report.type == "png"
