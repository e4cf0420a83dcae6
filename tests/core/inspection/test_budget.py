"""Checks that decode or search stop at the profile's work budget and say so (file.too_large_to_check),
instead of taking half a minute and a gigabyte on a forged header."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import pytest

from core.inspection import context as context_module
from core.inspection.inspect import inspect_path
from core.photo.decode import NotDecoded, decode
from tests.conftest import exif_bytes, make_jpeg, noise_image


def _forged(path: Path, width: int, height: int) -> Path:
    """A small camera-like JPEG (with an EXIF thumbnail) whose frame header claims width x height."""
    buffer = io.BytesIO()
    noise_image(160, 120, seed=4).save(buffer, "JPEG", quality=80)
    photo = make_jpeg(path, 640, 480, exif=exif_bytes(size=(640, 480), thumbnail=buffer.getvalue()))
    data = bytearray(photo.read_bytes())
    sof = 2
    while data[sof + 1] != 0xC0:  # walk the segments: the thumbnail inside APP1 has a frame header too
        sof += 2 + int.from_bytes(data[sof + 2 : sof + 4], "big")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    photo.write_bytes(bytes(data))
    return photo


def test_a_forged_extreme_shape_stops_the_thumbnail_search_and_says_so(tmp_path: Path) -> None:
    report = inspect_path(_forged(tmp_path / "IMG_0001.JPG", 386, 45403), lang="en")
    stopped = [f for f in report.findings if f.code == "file.too_large_to_check"]
    assert [f.params["check"] for f in stopped] == ["thumbnail"]
    assert "386×45403" in stopped[0].message and stopped[0].severity.value == "warn"
    assert "original.size_mismatch" in report.codes()  # the header still tells the recorded size apart


def test_over_the_decode_budget_nothing_is_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = make_jpeg(tmp_path / "IMG_0002.JPG", 800, 600)
    real = context_module.check_table

    def small_budget(profile: Any, area: str) -> dict[str, Any]:
        table = dict(real(profile, area))
        if area == "inspection":
            table["budget"] = {"decode_pixels": 100_000, "search_cells": 1}
        return table

    monkeypatch.setattr(context_module, "check_table", small_budget)
    report = inspect_path(photo, lang="en")
    assert [(f.code, f.params["check"]) for f in report.findings if f.code == "file.too_large_to_check"] == [
        ("file.too_large_to_check", "decode")]
    assert "file.unreadable" not in report.codes()  # too large to check is not damage


def test_the_face_decode_keeps_to_its_budget(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "IMG_0003.JPG", 800, 600)
    with pytest.raises(NotDecoded) as refused:
        decode(photo, 480, max_pixels=100_000)
    assert refused.value.reason == "too_many_pixels"
    assert decode(photo, 480, draft="long").image.size == (800, 600)  # JPEG draft keeps at least the asked scale
