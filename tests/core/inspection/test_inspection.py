"""Inspection on files the tests build: size limits to the byte, types by content, facts, bad files."""

from __future__ import annotations

import builtins
import errno
import io
import os
from pathlib import Path
from typing import Any

import piexif
import pytest
from PIL import Image

from core.inspection.inspect import inspect_path
from tests.conftest import exif_bytes, make_jpeg, pad_jpeg_to


def codes(path: Path, **kwargs: Any) -> list[str]:
    return inspect_path(path, **kwargs).codes()


@pytest.mark.parametrize(
    ("size", "expected"),
    [(204_799, "size.too_small"), (204_800, None), (20_000_000, None), (20_000_001, "size.too_large")],
)
def test_size_limits_pass_only_under_both_readings(tmp_path: Path, size: int, expected: str | None) -> None:
    photo = pad_jpeg_to(make_jpeg(tmp_path / "photo.jpg", 400, 300), size)
    report = inspect_path(photo, fast=True)
    size_codes = [code for code in report.codes() if code.startswith("size.")]
    assert size_codes == ([expected] if expected else [])
    if expected:
        finding = next(f for f in report.findings if f.code == expected)
        assert finding.severity == "block"
        assert f"{size:,}" in finding.message
        assert finding.remedy


def test_camera_jpeg_facts(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "IMG_0001.JPG", 800, 600, make="Canon", model="Canon EOS R5", serial="0410123",
                      taken="2026:05:01 10:00:00",
                      extra_exif={piexif.ExifIFD.SubSecTimeOriginal: "25", piexif.ExifIFD.OffsetTimeOriginal: "+08:00",
                                  piexif.ExifIFD.LensModel: "RF24-105mm F4 L IS USM"},
                      extra_0th={piexif.ImageIFD.Orientation: 6})
    report = inspect_path(photo)
    assert report.type == "jpeg"
    assert (report.width, report.height, report.orientation) == (800, 600, 6)
    assert report.camera.to_json() == {"make": "Canon", "model": "Canon EOS R5", "serial": "0410123"}
    assert report.taken_at == "2026-05-01T10:00:00.25+08:00"
    assert report.lens == "RF24-105mm F4 L IS USM"
    assert (report.exif_width, report.exif_height) == (800, 600)
    assert report.gps is False
    data = report.to_json()
    assert {"path", "type", "bytes", "width", "height", "camera", "taken_at", "software", "findings",
            "verdict"} <= set(data)


def test_capture_time_falls_back_to_digitized_never_to_modify_date(tmp_path: Path) -> None:
    exif = exif_bytes(taken=None, extra_exif={piexif.ExifIFD.DateTimeDigitized: "2025:01:02 03:04:05"},
                      extra_0th={piexif.ImageIFD.DateTime: "2026:01:01 00:00:00"})
    assert inspect_path(make_jpeg(tmp_path / "a.jpg", 300, 200, exif=exif)).taken_at == "2025-01-02T03:04:05"
    only_modified = exif_bytes(taken=None, extra_0th={piexif.ImageIFD.DateTime: "2026:01:01 00:00:00"})
    assert inspect_path(make_jpeg(tmp_path / "b.jpg", 300, 200, exif=only_modified)).taken_at is None


def test_png_is_not_jpeg(tmp_path: Path) -> None:
    path = tmp_path / "product.png"
    Image.new("RGB", (64, 64), "red").save(path)
    report = inspect_path(path)
    assert report.type == "png"
    assert "format.not_jpeg" in report.codes()
    assert report.verdict == "block"


def test_jpeg_named_png_is_found_by_content(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "photo.png", 300, 200)
    report = inspect_path(photo)
    assert report.type == "jpeg"
    assert "format.extension_mismatch" in report.codes()
    assert "format.not_jpeg" not in report.codes()


def test_heic_is_convertible_by_analogy(tmp_path: Path) -> None:
    import pillow_heif

    path = tmp_path / "phone.heic"
    pillow_heif.from_pillow(Image.new("RGB", (64, 48), "blue")).save(path)
    report = inspect_path(path, lang="en")
    assert report.type == "heic"
    finding = next(f for f in report.findings if f.code == "format.convertible")
    assert finding.params["basis"] == "analogy"
    assert "CR2" in finding.message


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"PK\x03\x04 this is a zip, not a photo" * 10, "not_image")],
)
def test_unreadable_content(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(content)
    report = inspect_path(path)
    finding = report.findings[0]
    assert (finding.code, finding.params["reason"], report.verdict) == ("file.unreadable", reason, "block")


def test_vanished_file_and_folder(tmp_path: Path) -> None:
    gone = inspect_path(tmp_path / "gone.jpg")
    assert gone.findings[0].params["reason"] == "vanished"
    assert "不存在" in gone.findings[0].message
    folder = inspect_path(tmp_path)
    assert folder.findings[0].params["reason"] == "directory"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = make_jpeg(tmp_path / "locked.jpg", 300, 200)
    real_open = os.open

    def denied(path: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(path) == str(photo):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)  # tests run as root: the denial is injected
    assert inspect_path(photo).findings[0].params["reason"] == "permission"
    assert builtins.open  # the real open is untouched


def test_truncated_jpeg_is_unreadable_in_fast_and_full_mode(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "whole.jpg", 1200, 900)
    cut = tmp_path / "cut.jpg"
    data = photo.read_bytes()
    cut.write_bytes(data[: len(data) * 6 // 10])
    for fast in (True, False):
        report = inspect_path(cut, fast=fast)
        unreadable = [f for f in report.findings if f.code == "file.unreadable"]
        assert unreadable and unreadable[0].params["reason"] == "truncated"
    assert "file.unreadable" not in codes(photo)


def test_malformed_exif_gives_what_could_be_read(tmp_path: Path) -> None:
    exif = bytearray(exif_bytes())
    tiff_start = 6 if exif.startswith(b"Exif") else 0
    exif[tiff_start : tiff_start + 2] = b"XX"  # byte-order mark destroyed
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "gray").save(buffer, "JPEG", exif=bytes(exif))
    path = tmp_path / "odd.jpg"
    path.write_bytes(buffer.getvalue())
    report = inspect_path(path)
    assert "metadata.malformed" in report.codes()
    assert (report.width, report.height) == (300, 200)


def test_english_messages(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "small.jpg", 200, 100)
    finding = next(f for f in inspect_path(photo, lang="en").findings if f.code == "size.too_small")
    assert "200KB" in finding.message and "WeChat" in finding.remedy


def test_source_file_is_never_modified(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "original.jpg", 640, 480)
    before = photo.read_bytes(), photo.stat().st_mtime_ns
    inspect_path(photo)
    inspect_path(photo, fast=True)
    assert (photo.read_bytes(), photo.stat().st_mtime_ns) == before


def test_impossible_capture_date_falls_back_to_the_next_source(tmp_path: Path) -> None:
    exif = exif_bytes(taken=None, extra_exif={piexif.ExifIFD.DateTimeOriginal: "2015:13:40 25:00:00",
                                              piexif.ExifIFD.DateTimeDigitized: "2015:06:01 09:30:00"})
    photo = make_jpeg(tmp_path / "odd_date.jpg", 300, 200, exif=exif)
    assert inspect_path(photo).taken_at == "2015-06-01T09:30:00"
