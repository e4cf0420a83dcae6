"""Thumbnails and content hashes for the library: one reduced decode per file, cached on disk.

The decode is the app's one small-and-upright routine (core.faces_decode: JPEG draft mode, a RAW's
embedded preview, a HEIC's own thumbnail); the image is turned upright by the catalog's orientation
before the thumbnail is saved and the perceptual hash is taken. Thumbnails are named by
the file's sha256, so copies and moved files share one; source files are only ever read.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from core.base.fileops import atomic_write_bytes
from core.base.fileops import sha256_file as sha256_file  # re-exported: core.library.suggestions imports it from here
from core.photo.decode import decode, shrink
from core.photo.phash import phash


@dataclass(frozen=True)
class HashResult:
    path: str
    sha256: str | None
    phash: int | None
    thumbnail: str | None  # cached thumbnail file
    error: str | None = None


def open_reduced(path: str | os.PathLike[str], kind: str, orientation: int | None = None,
                 edge: int = 320) -> Image.Image | None:
    """The image upright (by the catalog's `orientation`), at least `edge` px on its short side where the
    file allows (a HEIC's own stored thumbnail when big enough); None if undecodable."""
    try:
        return decode(Path(path), edge, kind=kind, orientation=orientation, heic_thumbnail=True).image
    except Exception:  # a decoder failure means "no thumbnail"; inspection says why
        return None


def thumbnail_path(folder: Path, sha256: str) -> Path:
    return folder / sha256[:2] / f"{sha256}.jpg"


def _save_thumbnail(image: Image.Image, target: Path, edge: int, quality: int) -> None:
    if target.exists():
        return
    small = shrink(image, edge)
    encoded = io.BytesIO()
    small.save(encoded, "JPEG", quality=quality)
    atomic_write_bytes(target, encoded.getvalue(), durable=False)  # a cache: losing it costs only time


def hash_file(path: str, kind: str, orientation: int | None, folder: str, edge: int = 320,
              quality: int = 82) -> HashResult:
    """sha256, pHash and cached thumbnail of one file. Never raises for a bad file."""
    try:
        digest = sha256_file(path)
    except OSError as error:
        return HashResult(path, None, None, None, f"{type(error).__name__}: {error}")
    image = open_reduced(path, kind, orientation, edge)
    if image is None:
        return HashResult(path, digest, None, None, "not decodable")
    target = thumbnail_path(Path(folder), digest)
    try:
        _save_thumbnail(image, target, edge, quality)
    except OSError as error:  # a full disk costs the thumbnail, not the hash
        return HashResult(path, digest, phash(image), None, f"{type(error).__name__}: {error}")
    return HashResult(path, digest, phash(image), str(target))


def hash_batch(jobs: list[tuple[str, str, int | None]], folder: str, edge: int, quality: int) -> list[HashResult]:
    """Worker-process entry: `hash_file` over (path, kind, orientation) jobs."""
    return [hash_file(path, kind, orientation, folder, edge, quality) for path, kind, orientation in jobs]


def perceptual_hash(path: str | os.PathLike[str], kind: str, orientation: int | None = None,
                    edge: int = 320) -> int | None:
    """The pHash alone (no cache); decoded at the catalog's thumbnail scale so both agree bit for bit."""
    image = open_reduced(path, kind, orientation, edge)
    return phash(image) if image is not None else None
