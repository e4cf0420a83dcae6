"""Shared test set-up: headless Qt, the real-world corpus, and image factories.

Unit tests build their images with Pillow + piexif (`make_jpeg`); corpus tests read
`../shared/corpus/manifest.csv` and skip, with the reason, only when that folder is absent.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class CorpusEntry:
    file: str
    truth: str
    session: str
    faces: str
    bytes: int
    sha256: str
    note: str

    @property
    def path(self) -> Path:
        return CORPUS / self.file


def corpus_entries() -> list[CorpusEntry]:
    manifest = CORPUS / "manifest.csv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as handle:
        return [
            CorpusEntry(row["file"], row["truth"], row["session"], row["faces"], int(row["bytes"]),
                        row["sha256"], row["note"])
            for row in csv.DictReader(handle)
        ]


def corpus_params(predicate: Callable[[CorpusEntry], bool] = lambda entry: True) -> list[Any]:
    """pytest parameters for corpus entries; one skipped parameter when the corpus is absent."""
    entries = [entry for entry in corpus_entries() if predicate(entry)]
    if not entries:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"corpus not found at {CORPUS}"))]
    return [pytest.param(entry, id=entry.file) for entry in entries]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps the app's own data (catalog, cases, kept models, settings) in its tmp folder."""
    folder = tmp_path / "appdata"
    monkeypatch.setenv("YUANTU_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def shoot(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A complete passing shoot (tests/case_shoot.py), generated once per run and copied per test."""
    from tests.case_shoot import copied_shoot

    return copied_shoot(tmp_path_factory.getbasetemp() / "shoot-cache", tmp_path / "src")


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return CORPUS


def exif_bytes(make: str | None = "Canon", model: str | None = "Canon EOS 5D Mark IV",
               taken: str | None = "2026:05:01 10:00:00", serial: str | None = "012345678901",
               software: str | None = None, size: tuple[int, int] | None = None,
               extra_exif: dict[int, Any] | None = None, extra_0th: dict[int, Any] | None = None,
               thumbnail: bytes | None = None) -> bytes:
    """Camera-like EXIF built with piexif."""
    import piexif

    zeroth: dict[int, Any] = {}
    exif: dict[int, Any] = {}
    if make:
        zeroth[piexif.ImageIFD.Make] = make
    if model:
        zeroth[piexif.ImageIFD.Model] = model
    if software:
        zeroth[piexif.ImageIFD.Software] = software
    if taken:
        exif[piexif.ExifIFD.DateTimeOriginal] = taken
        exif[piexif.ExifIFD.DateTimeDigitized] = taken
    if serial:
        exif[piexif.ExifIFD.BodySerialNumber] = serial
    if size:
        exif[piexif.ExifIFD.PixelXDimension], exif[piexif.ExifIFD.PixelYDimension] = size
    exif.update(extra_exif or {})
    zeroth.update(extra_0th or {})
    data: dict[str, Any] = {"0th": zeroth, "Exif": exif, "GPS": {}, "1st": {}, "thumbnail": None}
    if thumbnail:
        data["1st"] = {piexif.ImageIFD.JPEGInterchangeFormat: 0, piexif.ImageIFD.JPEGInterchangeFormatLength: 0}
        data["thumbnail"] = thumbnail
    return bytes(piexif.dump(data))


def noise_image(width: int, height: int, seed: int = 1) -> Any:
    """A detailed RGB image (random noise over a gradient): compresses like a real photo, or worse."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    gradient = np.linspace(0, 255, width, dtype=np.float32)[None, :, None]
    noise = rng.normal(0, 40, (height, width, 3)).astype(np.float32)
    pixels = np.clip(gradient + noise + seed * 7 % 60, 0, 255).astype("uint8")
    return Image.fromarray(pixels, "RGB")


def make_jpeg(path: Path, width: int = 1600, height: int = 1200, quality: int = 92, seed: int = 1,
              exif: bytes | None = None, **exif_args: Any) -> Path:
    """A JPEG with camera-like EXIF (or the given EXIF bytes; b"" for none)."""
    image = noise_image(width, height, seed)
    if exif is None:
        exif = exif_bytes(size=(width, height), **exif_args)
    buffer = io.BytesIO()
    if exif:
        image.save(buffer, "JPEG", quality=quality, exif=exif)
    else:
        image.save(buffer, "JPEG", quality=quality)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def pad_jpeg_to(path: Path, total: int) -> Path:
    """Make a JPEG exactly `total` bytes by a COM segment after SOI (pixels and EXIF unchanged)."""
    data = path.read_bytes()
    missing = total - len(data)
    if missing < 4:
        raise ValueError("the JPEG is already too big to pad to that size")
    segments = []
    while missing > 0:
        chunk = min(missing, 65535 + 2)
        if missing - chunk in (1, 2, 3):
            chunk -= 4
        payload = chunk - 4
        segments.append(b"\xff\xfe" + (payload + 2).to_bytes(2, "big") + b"\x00" * payload)
        missing -= chunk
    path.write_bytes(data[:2] + b"".join(segments) + data[2:])
    assert path.stat().st_size == total
    return path
