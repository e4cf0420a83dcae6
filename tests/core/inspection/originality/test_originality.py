"""原图 pre-check on files the tests build: each signal gives its exact code and tier.

Images are built with Pillow + piexif; XMP, Photoshop APP13 and C2PA APP11 segments are spliced in
after SOI, as writers put them. Thumbnail tests use a drawn scene (shapes at several scales), since
pure noise looks alike at thumbnail scale whatever is cropped.
"""

from __future__ import annotations

import hashlib
import io
import struct
from pathlib import Path
from typing import Any

import numpy as np
import piexif
import pytest
from PIL import Image, ImageDraw

from core.base.findings import Finding
from core.inspection.inspect import InspectionReport, inspect_path
from core.photo.quantization import ijg_quality
from tests.conftest import exif_bytes, make_jpeg

XMP_ID = b"http://ns.adobe.com/xap/1.0/\x00"


# ---- builders -------------------------------------------------------------------------------

def scene(width: int, height: int, seed: int = 1) -> Image.Image:
    """A photo-like picture: overlapping shapes of many sizes and colours over a sky gradient."""
    rng = np.random.default_rng(seed)
    sky = np.linspace(60, 200, height, dtype=np.float32)[:, None, None] * np.ones((1, width, 3), np.float32)
    image = Image.fromarray(sky.astype("uint8"), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        size = int(rng.integers(width // 40, width // 5))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        box = (x, y, x + size, y + int(size * rng.uniform(0.5, 1.5)))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    noise = rng.normal(0, 6, (height, width, 3))
    return Image.fromarray(np.clip(np.asarray(image, np.float32) + noise, 0, 255).astype("uint8"), "RGB")


def jpeg_bytes(image: Image.Image, quality: int = 90, exif: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    if exif:
        image.save(buffer, "JPEG", quality=quality, exif=exif)
    else:
        image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def thumbnail_of(image: Image.Image, size: tuple[int, int] = (160, 120)) -> bytes:
    return jpeg_bytes(image.resize(size, Image.Resampling.BILINEAR), quality=80)


def with_segment(data: bytes, marker: int, payload: bytes) -> bytes:
    """Insert one APPn segment right after SOI (pixels untouched)."""
    return data[:2] + bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload + data[2:]


def xmp_packet(body: str, namespaces: str = "") -> bytes:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" {namespaces}>{body}'
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def photoshop_app13(writer: str = "Adobe Photoshop") -> bytes:
    """Photoshop 3.0 IRB with version info (0x0421) naming the writer, and an IPTC block."""
    name = writer.encode("utf-16-be")
    version = struct.pack(">IB", 1, 1) + struct.pack(">I", len(writer)) + name + struct.pack(">I", 0)
    iptc = b"\x1c\x02\x00\x00\x02\x00\x04"

    def block(resource: int, data: bytes) -> bytes:
        return b"8BIM" + struct.pack(">H", resource) + b"\x00\x00" + struct.pack(">I", len(data)) + data + (
            b"\x00" if len(data) % 2 else b"")

    return b"Photoshop 3.0\x00" + block(0x0421, version) + block(0x0404, iptc)


def camera_photo(path: Path, image: Image.Image, exif: bytes | None = None, **exif_args: Any) -> Path:
    if exif is None:
        exif = exif_bytes(size=image.size, **exif_args)
    path.write_bytes(jpeg_bytes(image, exif=exif))
    return path


def original_findings(report: InspectionReport) -> list[Finding]:
    return [f for f in report.findings if f.code.startswith("original.")]


def above_ok(report: InspectionReport) -> list[str]:
    return [f.code for f in original_findings(report) if f.severity != "ok"]


def finding(report: InspectionReport, code: str) -> Finding:
    found = [f for f in report.findings if f.code == code]
    assert found, f"{code} not in {report.codes()}"
    return found[0]


# ---- camera originals stay clean -----------------------------------------------------------------

@pytest.mark.parametrize("software", [None, "8.3", "14.4.2", "Ver.1.00", "00WW_3_380_SP02", "G930FXXU1APB4",
                                      "Version 1.0", "E-P3 Version 1.3", "Digital Camera DX-10 Ver1.00",
                                      "HDR+ 1.0.199571065z", "Canvas Firmware 2", "ILCE-7M3 v4.01"])
def test_camera_firmware_is_not_an_editor(tmp_path: Path, software: str | None) -> None:
    image = scene(800, 600)
    thumb = thumbnail_of(image)
    photo = camera_photo(tmp_path / "DSC_0001.JPG", image,
                         exif=exif_bytes(software=software, size=image.size, thumbnail=thumb))
    report = inspect_path(photo)
    assert above_ok(report) == []
    assert "original.no_edit_signs" in report.codes()
    assert finding(report, "original.no_edit_signs").severity == "ok"


def test_inspection_never_changes_the_file(tmp_path: Path) -> None:
    photo = camera_photo(tmp_path / "a.jpg", scene(400, 300), software="Adobe Photoshop CC 2019")
    before = hashlib.sha256(photo.read_bytes()).hexdigest()
    inspect_path(photo)
    assert hashlib.sha256(photo.read_bytes()).hexdigest() == before


# ---- block: editors, history, AI labels, size, thumbnail ------------------------------------------

@pytest.mark.parametrize(("software", "editor"), [
    ("Adobe Photoshop Lightroom Classic 10.0 (Windows)", "Lightroom"), ("GIMP 2.10.34", "GIMP"),
    ("Microsoft Windows Photo Gallery 6.0.6001.18000", "Windows Photo Gallery"), ("paint.net 4.3.12", "paint.net"),
    ("Snapseed 2.0", "Snapseed"), ("美图秀秀", "美图秀秀"), ("醒图 8.2", "醒图"),
    ("Capture One 23 Windows", "Capture One"),
])
def test_editor_in_software_blocks(tmp_path: Path, software: str, editor: str) -> None:
    exif = exif_bytes(software=None, size=(400, 300), extra_0th={piexif.ImageIFD.Software: software.encode()})
    report = inspect_path(camera_photo(tmp_path / "a.jpg", scene(400, 300), exif=exif))
    hit = finding(report, "original.editor_software")
    assert hit.severity == "block"
    assert hit.params["editor"] == editor
    assert software in hit.message and hit.remedy


def test_photoshop_app13_with_photoshop_software(tmp_path: Path) -> None:
    image = scene(400, 300)
    data = jpeg_bytes(image, exif=exif_bytes(software="Adobe Photoshop CC 2019 (Macintosh)", size=image.size))
    path = tmp_path / "ps.jpg"
    path.write_bytes(with_segment(data, 0xED, photoshop_app13()))
    report = inspect_path(path)
    fields = {f.params["field"] for f in report.findings if f.code == "original.editor_software"}
    assert fields == {"software", "photoshop"}
    assert report.verdict == "block"
    assert "original.metadata_blocks" not in report.codes()  # an editor is named: not a bare IPTC block


def test_creator_tool_names_an_editor(tmp_path: Path) -> None:
    image = scene(400, 300)
    packet = xmp_packet("", 'xmp:CreatorTool="Adobe Photoshop CS6 (Windows)"')
    path = tmp_path / "a.jpg"
    path.write_bytes(with_segment(jpeg_bytes(image, exif=exif_bytes(size=image.size)), 0xE1, XMP_ID + packet))
    hit = finding(inspect_path(path), "original.editor_software")
    assert hit.params["field"] == "creator_tool"


def _history(action: str, changed: str | None, agent: str) -> str:
    changed_attr = f' stEvt:changed="{changed}"' if changed is not None else ""
    return (f'<xmpMM:History><rdf:Seq><rdf:li stEvt:action="{action}" stEvt:softwareAgent="{agent}"{changed_attr}/>'
            "</rdf:Seq></xmpMM:History>")


NS_HISTORY = ('xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" '
              'xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"')


def _photo_with_xmp(tmp_path: Path, body: str, namespaces: str = NS_HISTORY) -> Path:
    image = scene(400, 300)
    path = tmp_path / "x.jpg"
    data = jpeg_bytes(image, exif=exif_bytes(software="Ver.1.00", size=image.size))
    path.write_bytes(with_segment(data, 0xE1, XMP_ID + xmp_packet(body, namespaces)))
    return path


def test_metadata_only_history_warns(tmp_path: Path) -> None:
    report = inspect_path(_photo_with_xmp(tmp_path, _history("saved", "/metadata", "Adobe Photoshop Lightroom 6.2.1")))
    hit = finding(report, "original.metadata_only_save")
    assert hit.severity == "warn"
    assert "Lightroom 6.2.1" in hit.message
    assert above_ok(report) == ["original.metadata_only_save"]


@pytest.mark.parametrize(("action", "changed"), [("saved", "/"), ("saved", None), ("cropped", None),
                                                 ("converted", None), ("saved", "/metadata;/content")])
def test_pixel_changing_history_blocks(tmp_path: Path, action: str, changed: str | None) -> None:
    report = inspect_path(_photo_with_xmp(tmp_path, _history(action, changed, "SomeTool 1.0")))
    hit = finding(report, "original.edit_history")
    assert hit.severity == "block"
    assert action in hit.message and "SomeTool 1.0" in hit.message


def test_import_tool_is_only_a_note(tmp_path: Path) -> None:
    report = inspect_path(camera_photo(tmp_path / "DSCN0010.JPG", scene(400, 300), software="Nikon Transfer 1.1 W"))
    hit = finding(report, "original.import_tool")
    assert hit.severity == "ok" and hit.params["tool"] == "Nikon Transfer"
    assert above_ok(report) == []


AIGC_JSON = ('{"AIGC":{"Label":"1","ContentProducer":"001191110108MA01KP2T5U00000","ProduceID":"abc",'
             '"ReservedCode1":""}}')


def test_aigc_label_in_exif_user_comment(tmp_path: Path) -> None:
    comment = b"ASCII\x00\x00\x00" + AIGC_JSON.encode()
    exif = exif_bytes(size=(400, 300), extra_exif={piexif.ExifIFD.UserComment: comment})
    report = inspect_path(camera_photo(tmp_path / "ai.jpg", scene(400, 300), exif=exif))
    hit = finding(report, "original.aigc_label")
    assert hit.severity == "block"
    assert hit.params["where"] == "EXIF UserComment" and hit.params["label"] == "1"
    assert "001191110108MA01KP2T5U00000" in hit.message


def test_aigc_label_in_xp_comment(tmp_path: Path) -> None:
    exif = exif_bytes(size=(400, 300), extra_0th={piexif.ImageIFD.XPComment: AIGC_JSON.encode("utf-16-le")})
    hit = finding(inspect_path(camera_photo(tmp_path / "ai.jpg", scene(400, 300), exif=exif)), "original.aigc_label")
    assert hit.params["where"] == "EXIF XPComment"


def test_aigc_label_in_xmp(tmp_path: Path) -> None:
    value = AIGC_JSON.replace('"', "&quot;")
    path = _photo_with_xmp(tmp_path, "", f'xmlns:TC260="http://www.tc260.org.cn/ns/AIGC/1.0/" TC260:AIGC="{value}"')
    hit = finding(inspect_path(path), "original.aigc_label")
    assert hit.severity == "block"
    assert hit.params["where"] == "XMP TC260:AIGC" and hit.params["label"] == "1"


def test_the_word_aigc_in_a_caption_is_not_a_label(tmp_path: Path) -> None:
    exif = exif_bytes(size=(400, 300), extra_0th={piexif.ImageIFD.ImageDescription: "Poster for the AIGC expo"})
    report = inspect_path(camera_photo(tmp_path / "a.jpg", scene(400, 300), exif=exif))
    assert "original.aigc_label" not in report.codes()


def test_resized_copy_with_exif_kept_blocks(tmp_path: Path) -> None:
    exif = exif_bytes(size=(1600, 1200))  # what the camera recorded
    report = inspect_path(camera_photo(tmp_path / "small.jpg", scene(800, 600), exif=exif))
    hit = finding(report, "original.size_mismatch")
    assert hit.severity == "block"
    assert "800×600" in hit.message and "1600×1200" in hit.message


def test_portrait_pixels_explained_by_orientation(tmp_path: Path) -> None:
    image = scene(300, 400)
    rotated = exif_bytes(size=(400, 300), extra_0th={piexif.ImageIFD.Orientation: 6})
    assert above_ok(inspect_path(camera_photo(tmp_path / "a.jpg", image, exif=rotated))) == []
    unexplained = exif_bytes(size=(400, 300), extra_0th={piexif.ImageIFD.Orientation: 1})
    report = inspect_path(camera_photo(tmp_path / "b.jpg", image, exif=unexplained))
    assert above_ok(report) == [] and finding(report, "original.rotated_pixels").severity == "ok"


def test_cropped_image_with_old_thumbnail_blocks(tmp_path: Path) -> None:
    full = scene(1600, 1200)
    crop = full.crop((240, 180, 1360, 1020))  # the centre 70%, same shape
    exif = exif_bytes(size=crop.size, thumbnail=thumbnail_of(full))  # EXIF size updated, thumbnail kept
    report = inspect_path(camera_photo(tmp_path / "crop.jpg", crop, exif=exif))
    hit = finding(report, "original.thumbnail_cropped")
    assert hit.severity == "block"
    assert 60 <= hit.params["percent"] <= 80
    assert "original.size_mismatch" not in report.codes()
    assert "original.no_edit_signs" not in report.codes()


def test_thumbnail_of_another_picture_blocks(tmp_path: Path) -> None:
    exif = exif_bytes(size=(1200, 900), thumbnail=thumbnail_of(scene(1200, 900, seed=7)))
    report = inspect_path(camera_photo(tmp_path / "swap.jpg", scene(1200, 900, seed=3), exif=exif))
    assert finding(report, "original.thumbnail_mismatch").severity == "block"


def test_fast_inspection_skips_the_thumbnail_content_check(tmp_path: Path) -> None:
    exif = exif_bytes(size=(1200, 900), thumbnail=thumbnail_of(scene(1200, 900, seed=7)))
    report = inspect_path(camera_photo(tmp_path / "swap.jpg", scene(1200, 900, seed=3), exif=exif), fast=True)
    assert not any(code.startswith("original.thumbnail") for code in report.codes())


def test_padded_thumbnail_of_a_wide_frame_is_fine(tmp_path: Path) -> None:
    wide = scene(1600, 900)
    canvas = Image.new("RGB", (160, 120), "black")
    canvas.paste(wide.resize((160, 90), Image.Resampling.BILINEAR), (0, 15))
    exif = exif_bytes(size=wide.size, thumbnail=jpeg_bytes(canvas, quality=80))
    report = inspect_path(camera_photo(tmp_path / "wide.jpg", wide, exif=exif))
    assert above_ok(report) == []


def test_dark_sky_is_not_mistaken_for_padding(tmp_path: Path) -> None:
    night = scene(1200, 900)
    night.paste((0, 0, 0), (0, 0, 1200, 300))
    exif = exif_bytes(size=night.size, thumbnail=thumbnail_of(night))
    assert above_ok(inspect_path(camera_photo(tmp_path / "night.jpg", night, exif=exif))) == []


# ---- warn: camera metadata missing --------------------------------------------------------------

def test_no_exif_warns(tmp_path: Path) -> None:
    report = inspect_path(make_jpeg(tmp_path / "wechat.jpg", 400, 300, exif=b""))
    hit = finding(report, "original.no_metadata")
    assert hit.severity == "warn" and hit.remedy
    assert "original.no_edit_signs" not in report.codes()


def test_no_capture_time_and_no_camera_warn(tmp_path: Path) -> None:
    no_time = inspect_path(make_jpeg(tmp_path / "a.jpg", 400, 300, taken=None))
    assert finding(no_time, "original.no_capture_time").severity == "warn"
    no_camera = inspect_path(make_jpeg(tmp_path / "b.jpg", 400, 300, make=None, model=None))
    assert finding(no_camera, "original.no_camera").severity == "warn"


# ---- the app's own conversions, C2PA, weak signals ----------------------------------------------

def test_own_conversion_is_ok_and_ijg_tables_are_expected(tmp_path: Path) -> None:
    software = "原图投诉助手 0.1.0 (converted from RAW with LibRaw 0.21)"
    exif = exif_bytes(software=None, size=(400, 300), extra_0th={piexif.ImageIFD.Software: software.encode()})
    report = inspect_path(camera_photo(tmp_path / "IMG_0001.jpg", scene(400, 300), exif=exif))
    hit = finding(report, "original.converted_by_app")
    assert hit.severity == "ok" and "RAW" in hit.remedy
    assert "original.ijg_tables" not in report.codes()
    assert above_ok(report) == []


def test_ijg_tables_are_a_note_only(tmp_path: Path) -> None:
    report = inspect_path(camera_photo(tmp_path / "a.jpg", scene(400, 300)))  # Pillow writes IJG tables
    assert finding(report, "original.ijg_tables").params["quality"] == 90
    assert above_ok(report) == []


@pytest.mark.parametrize("quality", [10, 50, 75, 95, 100])
def test_ijg_quality_is_recognised(tmp_path: Path, quality: int) -> None:
    path = tmp_path / "q.jpg"
    path.write_bytes(jpeg_bytes(scene(64, 48), quality=quality))
    metadata = inspect_path(path, fast=True).metadata
    assert metadata is not None
    assert ijg_quality(metadata.quantization) == quality
    camera_like = {0: [2] * 64, 1: [3] * 64}
    assert ijg_quality(camera_like) is None


def _c2pa(*labels: bytes) -> bytes:
    """A C2PA-like JUMBF payload: box label "c2pa", CBOR text strings for the labels and the generator."""
    texts = b"".join((bytes([0x60 + len(label)]) if len(label) < 24 else bytes([0x78, len(label)])) + label
                     for label in labels)
    body = b"jumb\x00\x00\x00\x00jumdc2pa\x00" + texts + b"\x6fclaim_generator\x6bTestCam/1.0"
    return b"JP\x00\x01\x00\x00\x00\x01" + body


@pytest.mark.parametrize(("labels", "code", "severity"), [
    ((b"c2pa.created", b"http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"), "original.c2pa_present",
     "ok"),
    ((b"c2pa.opened", b"c2pa.edited", b"c2pa.cropped"), "original.c2pa_edited", "block"),
    ((b"c2pa.created", b"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"),
     "original.ai_source", "block"),
])
def test_c2pa_manifest_bytes_in_fast_mode(tmp_path: Path, labels: tuple[bytes, ...], code: str, severity: str) -> None:
    """--fast reads the manifest store's bytes only (real, validated manifests: tests/core/photo/test_c2pa.py)."""
    image = scene(400, 300)
    path = tmp_path / "c2pa.jpg"
    path.write_bytes(with_segment(jpeg_bytes(image, exif=exif_bytes(size=image.size)), 0xEB, _c2pa(*labels)))
    hit = finding(inspect_path(path, fast=True), code)
    assert hit.severity == severity
    assert "TestCam/1.0" in hit.message


def test_english_texts(tmp_path: Path) -> None:
    report = inspect_path(make_jpeg(tmp_path / "a.jpg", 400, 300, exif=b""), lang="en")
    assert "no camera metadata" in finding(report, "original.no_metadata").message


def test_every_code_has_texts_and_a_severity() -> None:
    from core.base.findings import catalog
    from core.base.rules import check_table, load_profile

    severities = check_table(load_profile(), "originality")["severity"]
    for lang in ("zh_CN", "en"):
        codes = {code for code in catalog(lang).codes if code.startswith("original.")}
        assert codes == set(severities), lang


def test_thumbnail_that_shows_a_centre_part_is_not_called_an_edit(tmp_path: Path) -> None:
    wide = scene(1600, 900, seed=5)
    centre = wide.crop((200, 0, 1400, 900))  # a camera that crops its 4:3 thumbnail out of a 16:9 frame
    exif = exif_bytes(size=wide.size, thumbnail=thumbnail_of(centre))
    assert above_ok(inspect_path(camera_photo(tmp_path / "wide.jpg", wide, exif=exif))) == []


def test_image_cut_to_another_shape_than_its_thumbnail_warns(tmp_path: Path) -> None:
    full = scene(1600, 1200, seed=4)
    wide = full.crop((0, 150, 1600, 1050))  # 4:3 cut to 16:9, the unpadded thumbnail still 4:3
    exif = exif_bytes(size=wide.size, thumbnail=thumbnail_of(full))
    report = inspect_path(camera_photo(tmp_path / "cut.jpg", wide, exif=exif))
    assert finding(report, "original.thumbnail_partial").severity == "warn"


def test_fast_inspection_decodes_no_pixels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.inspection.context import CheckContext

    def no_decoding(self: CheckContext) -> None:
        raise AssertionError("inspect --fast decoded pixels")

    monkeypatch.setattr(CheckContext, "preview", no_decoding)
    exif = exif_bytes(size=(1200, 900), software="GIMP 2.10", thumbnail=thumbnail_of(scene(1200, 900, seed=7)))
    report = inspect_path(camera_photo(tmp_path / "a.jpg", scene(1200, 900, seed=3), exif=exif), fast=True)
    assert "original.editor_software" in report.codes()


def test_a_store_c2pa_cannot_read_is_said_in_plain_inspect(tmp_path: Path) -> None:
    image = scene(400, 300)
    path = tmp_path / "c2pa.jpg"
    path.write_bytes(with_segment(jpeg_bytes(image, exif=exif_bytes(size=image.size)), 0xEB,
                                  _c2pa(b"c2pa.created", b"digitalCapture")))
    report = inspect_path(path)
    assert finding(report, "original.c2pa_unreadable").severity == "warn"
    assert "original.c2pa_present" in report.codes()  # what the bytes say is still told
