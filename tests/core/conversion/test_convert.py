"""Conversion of RAW/HEIC originals to JPEG, with images built here (Pillow, piexif, pillow-heif).

RAW paths that need a particular preview or picture size use a fake rawpy object handed to
`convert_file(raw_opener=...)`; the source file itself is a small real DNG-shaped TIFF that the
inspector reads like any RAW.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import piexif
import pytest
import rawpy
from PIL import Image

from core.base.jobs import Cancelled
from core.conversion import jpeg_fit
from core.conversion import output as convert_output
from core.conversion.convert import convert_file, load_record
from core.conversion.jpeg_fit import encode_to_fit
from core.conversion.raw import choose_method
from core.inspection.inspect import inspect_path
from tests.conftest import exif_bytes, make_jpeg, noise_image

CAMERA_EXIF = {
    piexif.ExifIFD.DateTimeOriginal: "2026:05:01 10:00:00",
    piexif.ExifIFD.SubSecTimeOriginal: "42",
    piexif.ExifIFD.OffsetTimeOriginal: "+08:00",
    piexif.ExifIFD.BodySerialNumber: "012345678901",
    piexif.ExifIFD.ExposureTime: (1, 250),
    piexif.ExifIFD.FNumber: (28, 10),
    piexif.ExifIFD.ISOSpeedRatings: 200,
    piexif.ExifIFD.LensModel: "RF24-70mm F2.8 L IS USM",
}
CAMERA_GPS = {piexif.GPSIFD.GPSLatitudeRef: "N", piexif.GPSIFD.GPSLatitude: ((31, 1), (14, 1), (0, 1)),
              piexif.GPSIFD.GPSLongitudeRef: "E", piexif.GPSIFD.GPSLongitude: ((121, 1), (28, 1), (0, 1))}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fake_dng(path: Path, width: int = 64, height: int = 48, make: str | None = "Canon",
             model: str | None = "Canon EOS R5", orientation: int = 1, exif: dict[int, Any] | None = None,
             gps: dict[int, Any] | None = None) -> Path:
    """A small DNG-shaped TIFF (DNGVersion, camera EXIF, real strip data) that inspection reads as a RAW."""
    pixels = (bytes(range(256)) * (width * height * 3 // 256 + 1))[: width * height * 3]
    zeroth: dict[int, Any] = {
        piexif.ImageIFD.DNGVersion: (1, 4, 0, 0), piexif.ImageIFD.ImageWidth: width,
        piexif.ImageIFD.ImageLength: height, piexif.ImageIFD.BitsPerSample: (8, 8, 8),
        piexif.ImageIFD.PhotometricInterpretation: 2, piexif.ImageIFD.SamplesPerPixel: 3,
        piexif.ImageIFD.StripOffsets: 0, piexif.ImageIFD.StripByteCounts: len(pixels),
        piexif.ImageIFD.RowsPerStrip: height, piexif.ImageIFD.Orientation: orientation,
    }
    if make:
        zeroth[piexif.ImageIFD.Make] = make
    if model:
        zeroth[piexif.ImageIFD.Model] = model
    data = {"0th": zeroth, "Exif": dict(CAMERA_EXIF if exif is None else exif),
            "GPS": dict(CAMERA_GPS if gps is None else gps), "1st": {}, "thumbnail": None}
    tiff = piexif.dump(data)[6:]
    zeroth[piexif.ImageIFD.StripOffsets] = len(tiff)
    tiff = piexif.dump(data)[6:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(tiff + pixels)
    return path


class FakeRaw:
    """Stands in for rawpy.RawPy: the sizes, embedded preview and developed pixels a test wants."""

    def __init__(self, full: tuple[int, int], preview: bytes | None = None, pixels: np.ndarray | None = None,
                 flip: int = 0, postprocess_error: Exception | None = None) -> None:
        self.sizes = SimpleNamespace(width=full[0], height=full[1], flip=flip)
        self.preview = preview
        self.pixels = pixels
        self.postprocess_error = postprocess_error
        self.postprocess_calls: list[dict[str, Any]] = []

    def extract_thumb(self) -> Any:
        if self.preview is None:
            raise rawpy.LibRawNoThumbnailError("no thumbnail")
        return SimpleNamespace(format=rawpy.ThumbFormat.JPEG, data=self.preview)

    def postprocess(self, **arguments: Any) -> np.ndarray:
        self.postprocess_calls.append(arguments)
        if self.postprocess_error is not None:
            raise self.postprocess_error
        assert self.pixels is not None
        return self.pixels

    def close(self) -> None:
        pass


def opener_for(fake: FakeRaw) -> Any:
    return lambda data: fake


def jpeg_bytes(width: int, height: int, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    noise_image(width, height).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def exif_of(path: Path) -> dict[str, Any]:
    return piexif.load(str(path))


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "案件 输出"  # Chinese and a space: paths users really have


@pytest.mark.parametrize(("preview", "full", "expected"), [
    ((6000, 4000), (6000, 4000), "embedded_preview"),
    ((4000, 6000), (6000, 4000), "embedded_preview"),  # stored unrotated: orientation does not matter
    ((1620, 1080), (6000, 4000), "libraw"),
    (None, (6000, 4000), "libraw"),
    ((6000, 3999), (6000, 4000), "libraw"),
])
def test_choose_method_takes_the_preview_only_at_full_resolution(
        preview: tuple[int, int] | None, full: tuple[int, int], expected: str) -> None:
    assert choose_method(preview, full) == expected


def test_choose_method_allows_the_edge_pixels_cameras_leave_out() -> None:
    assert choose_method((6000, 4000), (6024, 4020), 0.98) == "embedded_preview"
    assert choose_method((5400, 3600), (6024, 4020), 0.98) == "libraw"


def test_encoder_steps_down_until_a_detailed_full_resolution_image_fits() -> None:
    image = noise_image(6000, 4000)
    assert len(jpeg_fit.encode_jpeg(image, 95)) > 20_000_000  # the premise: q95 would be too big
    encoded = encode_to_fit(image, ladder=[95, 92, 90, 85, 80, 75, 70], min_bytes=204_800, max_bytes=20_000_000)
    assert encoded.fit == "ok" and len(encoded.data) <= 20_000_000
    assert encoded.quality is not None and encoded.quality < 95 and encoded.attempts[0] == 95
    assert Image.open(io.BytesIO(encoded.data)).size == (6000, 4000)


def test_encoder_says_so_when_even_the_lowest_quality_is_too_big() -> None:
    image = noise_image(400, 300)
    encoded = encode_to_fit(image, ladder=[95, 70], min_bytes=1_000, max_bytes=5_000)
    assert encoded.fit == "too_large" and encoded.quality == 70
    assert Image.open(io.BytesIO(encoded.data)).size == (400, 300)  # never downscaled


def test_high_detail_raw_lands_under_the_limit_at_full_resolution_with_the_camera_evidence(
        tmp_path: Path, out_dir: Path) -> None:
    source = fake_dng(tmp_path / "IMG_0001.dng", orientation=6)
    before = sha256(source)
    fake = FakeRaw((6000, 4000), preview=jpeg_bytes(1620, 1080), pixels=np.asarray(noise_image(6000, 4000)))
    result = convert_file(source, out_dir, raw_opener=opener_for(fake))

    assert result.method == "libraw" and result.output is not None
    assert (result.width, result.height) == (6000, 4000)
    assert result.bytes is not None and 204_800 <= result.bytes <= 20_000_000
    assert result.quality is not None and result.quality < 95
    assert fake.postprocess_calls[0]["use_camera_wb"] is True
    assert fake.postprocess_calls[0]["output_color"] == rawpy.ColorSpace.sRGB
    assert fake.postprocess_calls[0]["output_bps"] == 8
    output = Path(result.output)
    assert output.parent == out_dir and output.name == "IMG_0001.jpg"
    assert Image.open(output).size == (6000, 4000)
    assert sha256(source) == before  # the original is only ever read

    report = inspect_path(output)
    assert report.type == "jpeg" and not report.blockers()
    assert (report.camera.make, report.camera.model, report.camera.serial) == ("Canon", "Canon EOS R5", "012345678901")
    assert report.taken_at == "2026-05-01T10:00:00.42+08:00"
    assert report.lens == "RF24-70mm F2.8 L IS USM" and report.gps
    assert report.orientation == 1  # LibRaw turned the pixels
    assert (report.exif_width, report.exif_height) == (6000, 4000)
    assert report.software and "LibRaw" in report.software and "原图投诉助手" in report.software
    exif = exif_of(output)["Exif"]
    assert exif[piexif.ExifIFD.ExposureTime] == (1, 250) and exif[piexif.ExifIFD.ISOSpeedRatings] == 200

    record = load_record(output)
    assert record is not None and record == result.record
    assert record.source_sha256 == before and record.output_sha256 == sha256(output)
    assert record.method == "libraw" and record.libraw_version and record.settings["use_camera_wb"] is True
    assert [f.code for f in result.findings] == ["convert.done"]
    assert result.findings[0].params["basis"] == "analogy"  # DNG: allowed by analogy with CR2


def test_full_resolution_embedded_preview_is_kept_byte_for_byte(tmp_path: Path, out_dir: Path) -> None:
    source = fake_dng(tmp_path / "preview.dng", orientation=6)
    preview = jpeg_bytes(1200, 800, quality=97)
    assert len(preview) > 204_800
    fake = FakeRaw((1200, 800), preview=preview)
    result = convert_file(source, out_dir, raw_opener=opener_for(fake))

    assert result.method == "embedded_preview" and result.quality is None
    assert not fake.postprocess_calls  # no development at all
    output = Path(result.output or "")
    converted = Image.open(output)
    assert converted.size == (1200, 800)
    assert np.array_equal(np.asarray(converted), np.asarray(Image.open(io.BytesIO(preview))))
    assert output.read_bytes().endswith(preview[preview.index(b"\xff\xdb"):])  # camera's compressed data untouched
    report = inspect_path(output)
    assert report.orientation == 6  # pixels not turned, so the camera's orientation tag stays
    assert report.camera.model == "Canon EOS R5" and "LibRaw" in (report.software or "")


def test_undecodable_sensor_data_with_a_small_preview_is_refused_with_the_preview_size(
        tmp_path: Path, out_dir: Path) -> None:
    source = fake_dng(tmp_path / "he.dng")
    fake = FakeRaw((5392, 3592), preview=jpeg_bytes(640, 424),
                   postprocess_error=rawpy.LibRawFileUnsupportedError("Unsupported file format"))
    result = convert_file(source, out_dir, raw_opener=opener_for(fake), lang="en")
    assert result.output is None and result.method is None
    finding = result.findings[0]
    assert (finding.code, finding.severity) == ("raw.preview_only", "block")
    assert "640×424" in finding.message and "5392×3592" in finding.message
    assert not out_dir.exists() or not list(out_dir.iterdir())


def test_raw_libraw_cannot_open_is_unsupported_with_a_plain_reason(tmp_path: Path, out_dir: Path) -> None:
    source = fake_dng(tmp_path / "odd.dng")  # real LibRaw: a TIFF with a DNG tag but no sensor data
    result = convert_file(source, out_dir, lang="en")
    assert result.output is None
    assert [(f.code, f.severity) for f in result.findings] == [("raw.unsupported", "block")]
    assert "LibRaw" in result.findings[0].message and "{" not in result.findings[0].message


def test_truncated_raw_gets_the_same_code_from_inspect_and_convert(tmp_path: Path, out_dir: Path) -> None:
    source = fake_dng(tmp_path / "cut.dng", width=200, height=150)
    source.write_bytes(source.read_bytes()[:4000])  # image data cut short
    assert "raw.truncated" in inspect_path(source).codes()
    result = convert_file(source, out_dir)
    assert result.codes() == ["raw.truncated"] and result.output is None


def test_small_raw_keeps_the_best_file_and_says_the_raw_itself_is_small(tmp_path: Path, out_dir: Path) -> None:
    source = fake_dng(tmp_path / "scan.dng")
    fake = FakeRaw((320, 240), pixels=np.asarray(noise_image(320, 240)))
    result = convert_file(source, out_dir, raw_opener=opener_for(fake))
    assert result.output and result.quality == 100 and (result.width, result.height) == (320, 240)
    small = next(f for f in result.findings if f.code == "size.too_small")
    assert small.severity == "block" and "320×240" in small.message
    assert "微信" not in small.remedy  # not the "compressed copy" explanation: the RAW itself is small


def test_heic_converts_upright_at_full_resolution_with_its_metadata(tmp_path: Path, out_dir: Path) -> None:
    from core.photo.readers.heif import register_opener

    register_opener()
    source = tmp_path / "IMG_0002.HEIC"
    exif = exif_bytes(make="Apple", model="iPhone 15", extra_0th={piexif.ImageIFD.Orientation: 6})
    noise_image(640, 480).save(source, "HEIF", exif=exif, quality=90)
    before = sha256(source)
    result = convert_file(source, out_dir)
    assert result.method == "heif" and (result.width, result.height) == (480, 640)
    report = inspect_path(result.output or "")
    assert report.orientation == 1 and (report.width, report.height) == (480, 640)
    assert (report.camera.make, report.camera.model) == ("Apple", "iPhone 15")
    assert report.taken_at == "2026-05-01T10:00:00" and "libheif" in (report.software or "")
    assert sha256(source) == before
    assert result.record is not None and result.record.libraw_version is None


@pytest.mark.parametrize(("maker_note", "copied"), [
    (b"Nikon\x00\x02\x10\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00", True),
    (b"\x00\x01\x02\x03" * 8, False),  # Canon-style: offsets into the original file
])
def test_makernote_is_copied_only_when_it_survives_the_move(tmp_path: Path, out_dir: Path,
                                                             maker_note: bytes, copied: bool) -> None:
    source = fake_dng(tmp_path / "mn.dng", exif={**CAMERA_EXIF, piexif.ExifIFD.MakerNote: maker_note})
    fake = FakeRaw((400, 300), pixels=np.asarray(noise_image(400, 300)))
    result = convert_file(source, out_dir, raw_opener=opener_for(fake))
    exif = exif_of(Path(result.output or ""))["Exif"]
    assert (exif.get(piexif.ExifIFD.MakerNote) == maker_note) is copied
    assert ("convert.makernote_not_copied" in result.codes()) is not copied


def test_source_without_camera_metadata_converts_without_it(tmp_path: Path, out_dir: Path) -> None:
    source = fake_dng(tmp_path / "bare.dng", make=None, model=None, exif={}, gps={})
    fake = FakeRaw((400, 300), pixels=np.asarray(noise_image(400, 300)))
    result = convert_file(source, out_dir, raw_opener=opener_for(fake))
    report = inspect_path(result.output or "")
    assert not report.camera.known and report.taken_at is None  # nothing invented
    assert "原图投诉助手" in (report.software or "")


def test_jpeg_needs_no_conversion_and_other_formats_are_refused(tmp_path: Path, out_dir: Path) -> None:
    jpeg = make_jpeg(tmp_path / "a.jpg", 200, 150)
    png = tmp_path / "b.png"
    noise_image(50, 40).save(png)
    assert convert_file(jpeg, out_dir).codes() == ["convert.not_needed"]
    assert convert_file(png, out_dir).codes() == ["format.not_jpeg"]
    assert convert_file(tmp_path / "gone.dng", out_dir).codes() == ["file.unreadable"]
    assert not out_dir.exists()


def test_output_never_goes_into_the_sources_folder(tmp_path: Path) -> None:
    source = fake_dng(tmp_path / "x.dng")
    result = convert_file(source, tmp_path)
    assert result.codes() == ["convert.beside_source"] and sorted(p.name for p in tmp_path.iterdir()) == ["x.dng"]


def test_outputs_get_unique_names_and_never_overwrite(tmp_path: Path, out_dir: Path) -> None:
    source = fake_dng(tmp_path / "same.dng")
    out_dir.mkdir()
    (out_dir / "same.jpg").write_bytes(b"someone else's file")
    fake = FakeRaw((400, 300), pixels=np.asarray(noise_image(400, 300)))
    first = convert_file(source, out_dir, raw_opener=opener_for(fake))
    second = convert_file(source, out_dir, raw_opener=opener_for(fake))
    assert Path(first.output or "").name == "same_2.jpg" and Path(second.output or "").name == "same_3.jpg"
    assert (out_dir / "same.jpg").read_bytes() == b"someone else's file"


@pytest.mark.parametrize("failing_call", [1, 2], ids=["jpeg", "record"])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_write_failures_leave_nothing_partial(tmp_path: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                              failing_call: int, code: int) -> None:
    source = fake_dng(tmp_path / "full.dng")
    before = sha256(source)
    fake = FakeRaw((400, 300), pixels=np.asarray(noise_image(400, 300)))
    real_replace = os.replace
    calls = []

    def replace(src: Any, dst: Any) -> None:
        calls.append(dst)
        if len(calls) == failing_call:
            raise OSError(code, os.strerror(code))
        real_replace(src, dst)

    monkeypatch.setattr(convert_output.os, "replace", replace)
    result = convert_file(source, out_dir, raw_opener=opener_for(fake))
    assert result.output is None and result.codes() == ["convert.write_failed"]
    assert list(out_dir.iterdir()) == []
    assert sha256(source) == before


def test_cancel_between_quality_attempts_leaves_nothing(tmp_path: Path, out_dir: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    source = fake_dng(tmp_path / "big.dng")
    fake = FakeRaw((400, 300), pixels=np.asarray(noise_image(400, 300)))
    cancel = threading.Event()
    real_encode = jpeg_fit.encode_jpeg

    def encode_then_cancel(*args: Any, **kwargs: Any) -> bytes:
        cancel.set()  # the user presses cancel during the first attempt
        return real_encode(*args, **kwargs) * 1000  # "too big": another attempt would follow

    monkeypatch.setattr(jpeg_fit, "encode_jpeg", encode_then_cancel)
    with pytest.raises(Cancelled):
        convert_file(source, out_dir, cancel=cancel, raw_opener=opener_for(fake))
    assert not out_dir.exists() or list(out_dir.iterdir()) == []


def test_load_record_is_none_without_a_valid_record(tmp_path: Path) -> None:
    jpeg = make_jpeg(tmp_path / "plain.jpg", 100, 80)
    assert load_record(jpeg) is None
    (tmp_path / "plain.jpg.conversion.json").write_text("{not json", encoding="utf-8")
    assert load_record(jpeg) is None


def test_every_conversion_code_and_label_has_texts_in_both_languages_and_a_severity() -> None:
    import tomllib

    from core.base.findings import catalog
    from core.base.resources import resource
    from core.base.rules import load_profile

    profile = load_profile()
    for lang in ("zh_CN", "en"):
        with resource("messages", lang, "conversion.toml").open("rb") as handle:
            keys = set(tomllib.load(handle))
        texts = catalog(lang)
        for key in keys:
            message, _ = texts.text(key, {})
            assert message
            if not key.startswith("label."):
                assert key in profile.severities
        for code in ("raw.unsupported", "raw.truncated", "raw.preview_only", "size.too_small", "size.too_large"):
            assert code in texts.codes and code in profile.severities
        assert "label.variant.size.too_small.converted" in keys and "label.variant.size.too_large.converted" in keys


def test_batch_stops_at_the_next_file_when_cancelled(tmp_path: Path, out_dir: Path) -> None:
    from core.base.jobs import Progress
    from core.conversion.convert import convert_batch

    sources = [make_jpeg(tmp_path / f"{i}.jpg", 120, 90) for i in range(3)]
    cancel = threading.Event()
    seen: list[Progress] = []

    def progress(step: Progress) -> None:
        seen.append(step)
        cancel.set()

    with pytest.raises(Cancelled):
        convert_batch(sources, out_dir, workers=1, progress=progress, cancel=cancel)
    assert [(p.done, p.total) for p in seen] == [(1, 3)]
