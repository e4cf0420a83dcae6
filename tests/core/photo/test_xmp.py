"""XMP read by namespace: any prefix bound to a namespace is that namespace; hostile packets are refused.

The Lightroom phone photo of the issue bound the XMP namespace to `xap:`; prefixes are local aliases.
"""

from __future__ import annotations

import io
import struct
import time
from pathlib import Path

import pytest
from PIL import Image

from core.inspection.inspect import inspect_path
from core.photo import xmp
from tests.conftest import exif_bytes

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'


def packet(description: str, body: str = "") -> bytes:
    return (f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            f'<rdf:RDF {RDF}><rdf:Description rdf:about="" {description}>{body}</rdf:Description>'
            '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()


def app1(payload: bytes) -> bytes:
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def photo(path: Path, *segments: bytes) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (100, 110, 120)).save(buffer, "JPEG", quality=90,
                                                        exif=exif_bytes(size=(640, 480)))
    data = buffer.getvalue()
    path.write_bytes(data[:2] + b"".join(segments) + data[2:])
    return path


def with_xmp(path: Path, data: bytes) -> Path:
    return photo(path, app1(b"http://ns.adobe.com/xap/1.0/\x00" + data))


@pytest.mark.parametrize("prefix", ["xmp", "xap", "x1"])
def test_creator_tool_under_any_prefix_names_the_editor(tmp_path: Path, prefix: str) -> None:
    data = packet(f'xmlns:{prefix}="http://ns.adobe.com/xap/1.0/" {prefix}:CreatorTool="Adobe Photoshop Lightroom"')
    report = inspect_path(with_xmp(tmp_path / "lr.jpg", data), fast=True)
    hits = [f for f in report.findings if f.code == "original.editor_software"]
    assert hits and hits[0].params["editor"] == "Lightroom"


def test_element_form_and_lists() -> None:
    data = packet('xmlns:xap="http://ns.adobe.com/xap/1.0/" xmlns:d="http://purl.org/dc/elements/1.1/"',
                  '<xap:CreatorTool>GIMP 2.10</xap:CreatorTool>'
                  '<d:subject><rdf:Bag><rdf:li>one</rdf:li><rdf:li>two</rdf:li></rdf:Bag></d:subject>')
    parsed = xmp.parse(data)
    assert parsed.value(xmp.XMP, "CreatorTool") == "GIMP 2.10"
    assert parsed.values(xmp.DC, "subject") == ["one", "two"]
    assert parsed.parsed


def test_history_events_are_structures_under_any_prefix() -> None:
    data = packet('xmlns:mm="http://ns.adobe.com/xap/1.0/mm/" xmlns:ev="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"',
                  '<mm:History><rdf:Seq><rdf:li ev:action="saved" ev:changed="/" ev:softwareAgent="Editor 1"/>'
                  '<rdf:li rdf:parseType="Resource"><ev:action>converted</ev:action></rdf:li></rdf:Seq></mm:History>')
    events = xmp.parse(data).structs(xmp.XMP_MM, "History")
    assert [event.text(xmp.ST_EVT, "action") for event in events] == ["saved", "converted"]
    assert events[0].text(xmp.ST_EVT, "softwareAgent") == "Editor 1"


def test_capture_time_from_xap_create_date(tmp_path: Path) -> None:
    """Photoshop CS2 wrote `xap:CreateDate`: still a capture-time source when EXIF has none."""
    data = packet('xmlns:xap="http://ns.adobe.com/xap/1.0/" xap:CreateDate="2005-09-07T15:07:40-07:00"')
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48)).save(buffer, "JPEG")
    raw = buffer.getvalue()
    path = tmp_path / "x.jpg"
    path.write_bytes(raw[:2] + app1(b"http://ns.adobe.com/xap/1.0/\x00" + data) + raw[2:])
    assert inspect_path(path, fast=True).taken_at == "2005-09-07T15:07:40-07:00"


def test_entity_expansion_is_refused_quickly() -> None:
    """A 'billion laughs' packet is not expanded: it is not parsed as XML at all."""
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
            + f']><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF {RDF}><rdf:Description '
            'xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreatorTool>&i;</xmp:CreatorTool>'
            '</rdf:Description></rdf:RDF></x:xmpmeta>')
    started = time.perf_counter()
    parsed = xmp.parse(bomb.encode())
    value = parsed.value(xmp.XMP, "CreatorTool")
    assert time.perf_counter() - started < 1.0
    assert not parsed.parsed
    assert value is None or len(value) < 100


def test_a_packet_that_does_not_parse_is_still_read(tmp_path: Path) -> None:
    broken = packet('xmlns:xap="http://ns.adobe.com/xap/1.0/" xap:CreatorTool="Adobe Photoshop CS6"')[:-40]
    parsed = xmp.parse(broken)
    assert parsed.value(xmp.XMP, "CreatorTool") == "Adobe Photoshop CS6"
    assert not parsed.parsed
    report = inspect_path(with_xmp(tmp_path / "cut.jpg", broken), fast=True)
    assert "original.editor_software" in report.codes()


def test_utf16_packet() -> None:
    data = packet('xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Picasa"').decode().encode("utf-16-be")
    assert xmp.parse(data).value(xmp.XMP, "CreatorTool") == "Picasa"


def _extension_segments(extension: bytes, guid: bytes, size: int) -> list[bytes]:
    head = b"http://ns.adobe.com/xmp/extension/\x00" + guid + struct.pack(">I", len(extension))
    return [app1(head + struct.pack(">I", offset) + extension[offset : offset + size])
            for offset in range(0, len(extension), size)]


def test_extended_xmp_is_joined_and_read(tmp_path: Path) -> None:
    guid = b"0123456789ABCDEF0123456789ABCDEF"
    main = packet(f'xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="{guid.decode()}"')
    extension = packet('xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Adobe Photoshop 2024"',
                       "<xmp:Label>" + "x" * 3000 + "</xmp:Label>")
    segments = _extension_segments(extension, guid, 1000)
    path = photo(tmp_path / "ext.jpg", app1(b"http://ns.adobe.com/xap/1.0/\x00" + main), *reversed(segments))
    report = inspect_path(path, fast=True)
    assert report.metadata is not None and report.metadata.xmp_extension == extension
    assert "original.editor_software" in report.codes()


def test_extended_xmp_with_a_missing_piece_is_left_out(tmp_path: Path) -> None:
    guid = b"0123456789ABCDEF0123456789ABCDEF"
    extension = packet('xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Adobe Photoshop 2024"',
                       "<xmp:Label>" + "x" * 3000 + "</xmp:Label>")
    segments = _extension_segments(extension, guid, 1000)
    path = photo(tmp_path / "gap.jpg", segments[0], segments[2])
    report = inspect_path(path, fast=True)
    assert report.metadata is not None and report.metadata.xmp_extension is None
