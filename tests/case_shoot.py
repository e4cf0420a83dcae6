"""A complete, passing shoot for case and export tests, built with Pillow + piexif (DECISIONS: the corpus
holds none): one body and serial, frames minutes apart, each over 200 KB, camera-like EXIF."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import make_jpeg

SERIAL = "032021001234"


@dataclass
class Shoot:
    complaint: Path
    bts: list[Path]
    spare: Path  # another frame of the same shoot, unused by default
    proof: Path

    def all_files(self) -> list[Path]:
        return [self.complaint, *self.bts, self.spare, self.proof]


def make_shoot(folder: Path) -> Shoot:
    """Four frames 3 minutes apart from one Canon body (spaced, Chinese folder name), and an ID photo."""
    shoot = folder / "拍摄 2026-05-01"
    frames = [make_jpeg(shoot / f"IMG_{4100 + i}.JPG", width=2000, height=1500, seed=11 + i, quality=90,
                        taken=f"2026:05:01 10:{3 * i:02d}:00", serial=SERIAL) for i in range(4)]
    for frame in frames:
        assert frame.stat().st_size > 204_800
    proof = make_jpeg(folder / "模特 证件" / "xiaohong_id.jpg", width=900, height=700, seed=99, exif=b"")
    return Shoot(frames[0], frames[1:3], frames[3], proof)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hashes(paths: list[Path]) -> dict[Path, str]:
    return {path: sha(path) for path in paths}


_TEMPLATES: dict[str, Path] = {}


def copied_shoot(cache_dir: Path, folder: Path) -> Shoot:
    """`make_shoot` once per test session (cache_dir from tmp_path_factory), then a fresh copy per test."""
    import shutil

    key = str(cache_dir)
    if key not in _TEMPLATES:
        make_shoot(cache_dir / "template")
        _TEMPLATES[key] = cache_dir / "template"
    shutil.copytree(_TEMPLATES[key], folder)
    shoot = folder / "拍摄 2026-05-01"
    frames = [shoot / f"IMG_{4100 + i}.JPG" for i in range(4)]
    return Shoot(frames[0], frames[1:3], frames[3], folder / "模特 证件" / "xiaohong_id.jpg")
