"""The app's own conversions are judged by their source: a cropped HEIC stays blocked after converting."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import piexif
import pillow_heif

from core.conversion.convert import convert_file
from core.inspection.inspect import inspect_path
from core.photo.conversion_record import record_path
from tests.conftest import exif_bytes, noise_image


def make_heic(path: Path, size: tuple[int, int], recorded: tuple[int, int]) -> Path:
    image = noise_image(*size)
    exif = exif_bytes(make="Apple", model="iPhone 13", serial=None, size=recorded)
    buffer = io.BytesIO()
    pillow_heif.from_pillow(image).save(buffer, quality=90, exif=exif)
    path.write_bytes(buffer.getvalue())
    return path


def original_codes(path: Path) -> dict[str, str]:
    return {f.code: f.severity.value for f in inspect_path(path).findings if f.code.startswith("original.")}


def test_clean_heic_conversion_is_ok(tmp_path: Path) -> None:
    source = make_heic(tmp_path / "IMG_1.HEIC", (1200, 900), (1200, 900))
    result = convert_file(source, tmp_path / "out")
    assert result.output
    codes = original_codes(Path(result.output))
    assert codes.get("original.converted_by_app") == "ok"
    assert "original.source_not_original" not in codes


def test_cropped_heic_stays_blocked_after_conversion(tmp_path: Path) -> None:
    source = make_heic(tmp_path / "IMG_2.HEIC", (900, 700), (1200, 900))  # cropped after capture
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    result = convert_file(source, tmp_path / "out")
    assert result.output
    output = Path(result.output)
    finding = next(f for f in inspect_path(output, lang="en").findings if f.code == "original.source_not_original")
    assert finding.severity == "block" and "IMG_2.HEIC" in finding.message and "1200×900" in finding.message
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before

    # The source moved away: the record still remembers the size the camera recorded.
    record = record_path(output)
    data = json.loads(record.read_text(encoding="utf-8"))
    data["source"] = str(tmp_path / "moved" / "IMG_2.HEIC")
    record.write_text(json.dumps(data), encoding="utf-8")
    assert original_codes(output).get("original.source_not_original") == "block"


def test_conversion_output_is_upright_and_ok(tmp_path: Path) -> None:
    source = make_heic(tmp_path / "IMG_3.HEIC", (800, 600), (800, 600))
    result = convert_file(source, tmp_path / "out")
    assert result.output
    exif = piexif.load(result.output)
    assert exif["0th"].get(piexif.ImageIFD.Orientation, 1) == 1
    assert "original.source_not_original" not in original_codes(Path(result.output))
