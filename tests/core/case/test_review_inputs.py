"""Bad inputs a merchant really meets get a clear finding, never a wrong success nor a traceback:
HEIC files cut short, decompression-bomb sized JPEGs, impossible capture dates."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest

from core.conversion.convert import convert_file
from core.inspection.inspect import inspect_path
from tests.conftest import noise_image


def _heic(path: Path) -> Path:
    import pillow_heif

    buffer = io.BytesIO()
    pillow_heif.from_pillow(noise_image(640, 480)).save(buffer, quality=80)
    path.write_bytes(buffer.getvalue())
    return path


def _cut(source: Path, target: Path, fraction: float) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * fraction)])
    return target


@pytest.mark.parametrize("fast", [True, False])
def test_a_heic_cut_short_is_unreadable_not_convertible(tmp_path: Path, fast: bool) -> None:
    cut = _cut(_heic(tmp_path / "whole.heic"), tmp_path / "手机 照片.heic", 0.8)
    report = inspect_path(cut, fast=fast)
    assert report.type == "heic"
    [unreadable] = [f for f in report.findings if f.code == "file.unreadable"]
    assert unreadable.params["reason"] == "truncated"
    assert not {"format.convertible", "format.not_jpeg", "metadata.malformed"} & set(report.codes())  # one cause
    assert "format.convertible" in inspect_path(tmp_path / "whole.heic", fast=fast).codes()


def test_a_tiled_phone_heic_cut_short_is_refused_by_convert(tmp_path: Path, corpus: Path) -> None:
    """libheif decodes a grid HEIC whose tiles are missing without an error: the app must not."""
    cut = _cut(corpus / "heic" / "iphone13promax.HEIC", tmp_path / "IMG_0001.HEIC", 0.6)
    before = cut.read_bytes()
    assert "file.unreadable" in inspect_path(cut).codes()
    result = convert_file(cut, tmp_path / "out")
    assert result.output is None and "file.unreadable" in [f.code for f in result.findings]
    assert "convert.done" not in [f.code for f in result.findings]
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    assert cut.read_bytes() == before


def _jpeg_claiming(path: Path, width: int, height: int) -> Path:
    """A small real JPEG whose frame header claims another pixel size (a decompression bomb's header)."""
    buffer = io.BytesIO()
    noise_image(16, 16).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    path.write_bytes(bytes(data))
    return path


def test_a_decompression_bomb_sized_jpeg_is_named_as_too_many_pixels(tmp_path: Path) -> None:
    """Pillow refuses to open a 400-megapixel image (DecompressionBombError); the user hears that the
    picture is too large to open safely, not that it is broken, and no command crashes."""
    from core.base.rules import load_profile
    from core.faces.detect import detect_faces, model_proof_findings
    from core.library.thumbnails import perceptual_hash

    bomb = _jpeg_claiming(tmp_path / "全景 图.jpg", 20_000, 20_000)
    fast = inspect_path(bomb, fast=True)
    assert (fast.width, fast.height) == (20_000, 20_000) and "file.unreadable" not in fast.codes()
    [unreadable] = [f for f in inspect_path(bomb).findings if f.code == "file.unreadable"]
    assert unreadable.params["reason"] == "too_many_pixels"
    assert "损坏" not in unreadable.message
    faces = detect_faces(bomb)
    assert faces.faces == 0 and faces.reason == "too_many_pixels"
    [not_checked] = model_proof_findings(faces, False, None, load_profile().findings("en"))
    assert not_checked.code == "face.not_checked" and "too many pixels" in not_checked.message
    assert perceptual_hash(bomb, "jpeg") is None
    assert convert_file(bomb, tmp_path / "out").findings[0].code == "convert.not_needed"
