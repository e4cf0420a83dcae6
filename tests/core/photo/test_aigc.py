"""AI-content labels in every published form, in JPEG, PNG, WebP, HEIF and TIFF, and none on camera originals.

Each form is written as the services write it: the TC260 JSON under several XMP prefixes, as an
attribute, an element or a structure; a PNG text chunk (also after the image data); EXIF UserComment
and ImageDescription; a bare `AIGC{...}` in a JPEG comment or APP segment; the ServiceProvider
variant; the IPTC digital source type in XMP and in IIM.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import piexif
import pytest
from PIL import Image, PngImagePlugin

from core.base.findings import Finding
from core.inspection.inspect import InspectionReport, inspect_path
from core.photo import aigc
from tests.conftest import corpus_params, exif_bytes

CODE = "91350100M000100Y43"  # a unified social credit code with a valid check character (GB 32100 example)
LABEL = {"Label": "1", "ContentProducer": f"001{CODE}00000", "ProduceID": "gen-2026-0001", "ReservedCode1": "",
         "ContentPropagator": "", "PropagateID": "", "ReservedCode2": ""}
LABEL_JSON = json.dumps({"AIGC": LABEL})
TC260 = "http://www.tc260.org.cn/ns/AIGC/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
AI_CODES = ("original.aigc_label", "original.ai_source")
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def xmp_packet(description: str, body: str = "") -> bytes:
    return (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="" '
            f'{description}>{body}</rdf:Description></rdf:RDF></x:xmpmeta>').encode()


def image() -> Image.Image:
    return Image.new("RGB", (640, 480), (30, 60, 90))


def jpeg(path: Path, *segments: bytes, exif: bytes | None = None) -> Path:
    buffer = io.BytesIO()
    image().save(buffer, "JPEG", quality=90, exif=exif or b"")
    data = buffer.getvalue()
    path.write_bytes(data[:2] + b"".join(segments) + data[2:])
    return path


def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def xmp_segment(data: bytes) -> bytes:
    return segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + data)


def labels_of(report: InspectionReport) -> list[Finding]:
    return [f for f in report.findings if f.code in AI_CODES]


def the_label(report: InspectionReport) -> Finding:
    found = labels_of(report)
    assert found, f"no AI label in {report.codes()}"
    assert found[0].severity == "block"
    return found[0]


def escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


@pytest.mark.parametrize("prefix", ["TC260", "aigc", "ns1"])
def test_xmp_attribute_under_any_prefix(tmp_path: Path, prefix: str) -> None:
    data = xmp_packet(f'xmlns:{prefix}="{TC260}" {prefix}:AIGC="{escaped(json.dumps(LABEL))}"')
    hit = the_label(inspect_path(jpeg(tmp_path / "a.jpg", xmp_segment(data)), fast=True))
    assert hit.params["kind"] == "generated" and hit.params["producer_code"] == CODE
    assert hit.params["content_id"] == "gen-2026-0001"
    assert "属于 AI 生成合成内容" in hit.message and CODE in hit.message


@pytest.mark.parametrize("prefix", ["TC260", "AIGC"])
def test_xmp_element_with_json(tmp_path: Path, prefix: str) -> None:
    data = xmp_packet(f'xmlns:{prefix}="{TC260}"', f"<{prefix}:AIGC>{escaped(LABEL_JSON)}</{prefix}:AIGC>")
    assert the_label(inspect_path(jpeg(tmp_path / "e.jpg", xmp_segment(data)), fast=True)).params["label"] == "1"


def test_xmp_structure_form(tmp_path: Path) -> None:
    data = xmp_packet(f'xmlns:t="{TC260}"', '<t:AIGC rdf:parseType="Resource"><t:Label>2</t:Label>'
                      '<t:ContentProducer>Example Cloud</t:ContentProducer></t:AIGC>')
    hit = the_label(inspect_path(jpeg(tmp_path / "s.jpg", xmp_segment(data)), fast=True))
    assert hit.params["kind"] == "possibly" and hit.params["producer"] == "Example Cloud"
    assert "可能为 AI 生成合成内容" in hit.message


@pytest.mark.parametrize("tag", [piexif.ExifIFD.UserComment, piexif.ImageIFD.ImageDescription])
def test_exif_text_tags(tmp_path: Path, tag: int) -> None:
    if tag == piexif.ExifIFD.UserComment:
        exif = exif_bytes(size=(640, 480), extra_exif={tag: b"ASCII\x00\x00\x00" + LABEL_JSON.encode()})
    else:
        exif = exif_bytes(size=(640, 480), extra_0th={tag: LABEL_JSON})
    assert the_label(inspect_path(jpeg(tmp_path / "x.jpg", exif=exif), fast=True)).params["producer_code"] == CODE


def test_bare_label_in_a_jpeg_comment(tmp_path: Path) -> None:
    comment = segment(0xFE, ("AIGC" + json.dumps(LABEL, ensure_ascii=False)).encode())
    assert the_label(inspect_path(jpeg(tmp_path / "c.jpg", comment), fast=True)).params["where"] == "JPEG COM"


def test_bare_label_in_an_app_segment(tmp_path: Path) -> None:
    app = segment(0xEA, b"AIGC" + json.dumps(LABEL).encode())
    assert the_label(inspect_path(jpeg(tmp_path / "p.jpg", app), fast=True)).params["where"] == "JPEG APP10"


def test_service_provider_variant(tmp_path: Path) -> None:
    text = json.dumps({"AIGC": {"Label": "1", "ServiceProvider": "Example Cloud Ltd", "ServiceUser": "u-42"}})
    hit = the_label(inspect_path(jpeg(tmp_path / "v.jpg", segment(0xFE, text.encode())), fast=True))
    assert hit.params["producer"] == "Example Cloud Ltd"


def test_png_text_chunk(tmp_path: Path) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("AIGC", json.dumps(LABEL))
    path = tmp_path / "gen.png"
    image().save(path, "PNG", pnginfo=info)
    hit = the_label(inspect_path(path, fast=True))
    assert hit.params["where"] == "PNG text AIGC" and hit.params["producer_code"] == CODE


def test_png_compressed_text_after_the_image_data(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    image().save(buffer, "PNG")
    data = buffer.getvalue()
    text = LABEL_JSON.encode()
    body = b"AIGC\x00\x01\x00\x00\x00" + zlib.compress(text)  # iTXt, compressed
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    end = data.rfind(b"IEND") - 4
    path = tmp_path / "late.png"
    path.write_bytes(data[:end] + chunk + data[end:])
    assert the_label(inspect_path(path, fast=True)).params["label"] == "1"


def test_png_xmp_after_the_image_data_with_an_iptc_source_type(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    image().save(buffer, "PNG")
    data = buffer.getvalue()
    packet = xmp_packet('xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
                        f'Iptc4xmpExt:DigitalSourceType="{IPTC}trainedAlgorithmicMedia"')
    body = b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + packet
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    end = data.rfind(b"IEND") - 4
    path = tmp_path / "mj.png"
    path.write_bytes(data[:end] + chunk + data[end:])
    assert the_label(inspect_path(path, fast=True)).params["source_type"] == "trainedAlgorithmicMedia"


def test_webp_xmp(tmp_path: Path) -> None:
    path = tmp_path / "gen.webp"
    image().save(path, "WEBP", xmp=xmp_packet(f'xmlns:TC260="{TC260}" TC260:AIGC="{escaped(LABEL_JSON)}"'))
    assert the_label(inspect_path(path, fast=True)).params["kind"] == "generated"


def test_tiff_xmp(tmp_path: Path) -> None:
    path = tmp_path / "gen.tif"
    packet = xmp_packet(f'xmlns:TC260="{TC260}" TC260:AIGC="{escaped(LABEL_JSON)}"')
    image().save(path, "TIFF", tiffinfo={700: packet})
    assert the_label(inspect_path(path, fast=True)).params["kind"] == "generated"


def test_heif_xmp(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    path = tmp_path / "gen.heic"
    heif = pillow_heif.from_pillow(image())
    heif.info["xmp"] = xmp_packet(f'xmlns:TC260="{TC260}" TC260:AIGC="{escaped(LABEL_JSON)}"')
    heif.save(path, quality=70)
    assert the_label(inspect_path(path, fast=True)).params["kind"] == "generated"


@pytest.mark.parametrize(("source", "code", "severity"), [
    ("trainedAlgorithmicMedia", "original.ai_source", "block"),
    ("algorithmicMedia", "original.ai_source", "block"),
    ("compositeWithTrainedAlgorithmicMedia", "original.ai_source", "block"),
    ("digitalCreation", "original.source_not_captured", "block"),
    ("humanEdits", "original.source_edited", "block"),
    ("algorithmicallyEnhanced", "original.source_enhanced", "warn"),
])
@pytest.mark.parametrize("prefix", ["Iptc4xmpExt", "iptcExt"])
def test_iptc_digital_source_type(tmp_path: Path, prefix: str, source: str, code: str, severity: str) -> None:
    data = xmp_packet(f'xmlns:{prefix}="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
                      f'{prefix}:DigitalSourceType="{IPTC}{source}"')
    report = inspect_path(jpeg(tmp_path / "i.jpg", xmp_segment(data), exif=exif_bytes(size=(640, 480))), fast=True)
    hits = [f for f in report.findings if f.code == code]
    assert hits and hits[0].severity == severity and hits[0].params["source_type"] == source


def test_ai_edited_source_says_edited_with_ai(tmp_path: Path) -> None:
    data = xmp_packet('xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
                      f'Iptc4xmpExt:DigitalSourceType="{IPTC}compositeWithTrainedAlgorithmicMedia"')
    hit = the_label(inspect_path(jpeg(tmp_path / "i.jpg", xmp_segment(data)), fast=True))
    assert "用 AI 修改或合成过" in hit.message


@pytest.mark.parametrize("source", ["digitalCapture", "computationalCapture"])
def test_captured_source_types_are_no_ai_report(tmp_path: Path, source: str) -> None:
    data = xmp_packet('xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
                      f'Iptc4xmpExt:DigitalSourceType="{IPTC}{source}"')
    report = inspect_path(jpeg(tmp_path / "cam.jpg", xmp_segment(data), exif=exif_bytes(size=(640, 480))), fast=True)
    assert not [f for f in report.findings if f.severity != "ok" and f.code.startswith("original.")
                and "source" in f.code]
    assert not labels_of(report)


def test_iptc_iim_record_naming_a_source_type(tmp_path: Path) -> None:
    value = f"{IPTC}trainedAlgorithmicMedia".encode()
    iim = b"\x1c\x02\x78" + struct.pack(">H", len(value)) + value  # 2:120 caption
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iim)) + iim
    app13 = segment(0xED, b"Photoshop 3.0\x00" + resource)
    hit = the_label(inspect_path(jpeg(tmp_path / "iim.jpg", app13), fast=True))
    assert hit.params["where"] == "IPTC"


def test_credit_code_is_found_by_its_check_character() -> None:
    assert aigc.credit_code(f"001{CODE}00000") == CODE
    assert aigc.credit_code("001" + CODE[:-1] + "0" + "00000") is None  # wrong check character
    assert aigc.credit_code("Example Cloud") is None


def test_a_caption_mentioning_aigc_is_not_a_label(tmp_path: Path) -> None:
    exif = exif_bytes(size=(640, 480), extra_0th={piexif.ImageIFD.ImageDescription: "AIGC{expo} poster"})
    comment = segment(0xFE, b"Shot for the AIGC conference")
    assert not labels_of(inspect_path(jpeg(tmp_path / "cap.jpg", comment, exif=exif), fast=True))


@pytest.mark.parametrize("entry", corpus_params(lambda e: e.truth in ("original", "original_too_small",
                                                                      "heic_original", "raw_decodes")))
def test_no_ai_report_on_camera_originals(entry) -> None:  # type: ignore[no-untyped-def]
    report = inspect_path(entry.path)
    assert not labels_of(report)
    assert not [code for code in report.codes() if code.startswith(("original.c2pa", "original.source"))]
