"""Thumbnails and content hashes for the library: one reduced decode per file, cached on disk.

A JPEG is decoded in draft mode (1/2..1/8 scale, about 4-5x faster than a full decode); a RAW gives
its embedded preview (LibRaw), a HEIC goes through pillow-heif. The image is turned upright (EXIF
orientation) before the thumbnail is saved and the perceptual hash is taken. Thumbnails are named by
the file's sha256, so copies and moved files share one; source files are only ever read.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from core.base.fileops import atomic_write_bytes
from core.base.fileops import sha256_file as sha256_file  # re-exported: core.library.suggestions imports it from here
from core.photo.decode import decode_budget
from core.photo.filetypes import RAW_TYPES
from core.photo.phash import phash

_TRANSPOSE = {
    2: [Image.Transpose.FLIP_LEFT_RIGHT],
    3: [Image.Transpose.ROTATE_180],
    4: [Image.Transpose.FLIP_TOP_BOTTOM],
    5: [Image.Transpose.TRANSPOSE],
    6: [Image.Transpose.ROTATE_270],
    7: [Image.Transpose.TRANSVERSE],
    8: [Image.Transpose.ROTATE_90],
}


@dataclass(frozen=True)
class HashResult:
    path: str
    sha256: str | None
    phash: int | None
    thumbnail: str | None  # cached thumbnail file
    error: str | None = None


def upright(image: Image.Image, orientation: int | None) -> Image.Image:
    for step in _TRANSPOSE.get(orientation or 1, []):
        image = image.transpose(step)
    return image


def _open_raw_preview(path: str, edge: int) -> Image.Image | None:
    import rawpy

    try:
        with rawpy.imread(path) as raw:
            thumb = raw.extract_thumb()
    except Exception:  # no preview, unsupported or damaged RAW: no thumbnail, said by inspection
        return None
    data: Any = thumb.data
    if thumb.format == rawpy.ThumbFormat.JPEG:
        image = Image.open(io.BytesIO(data))
        image.draft("RGB", (edge, edge))
        image.load()
        return image.convert("RGB")
    return Image.fromarray(data).convert("RGB")


def _open_heif(path: str, edge: int) -> Image.Image:
    """The HEIC's own thumbnail when it is big enough (phones store a 320-px one: 50x faster than
    decoding 12 MP), else the full image. libheif applies the rotation to both."""
    import pillow_heif

    primary = pillow_heif.open_heif(path, convert_hdr_to_8bit=True)[0]
    _within_budget(primary.size)
    sizes: Any = primary.info.get("thumbnails") or []
    boxes = [int(size) if isinstance(size, int) else 0 for size in sizes]
    if boxes and max(boxes) >= edge * 0.7:
        return primary.get_thumbnail(boxes.index(max(boxes))).to_pillow().convert("RGB")
    image = primary.to_pillow()
    image.thumbnail((edge * 2, edge * 2))
    return image.convert("RGB")


class _OverBudget(Exception):
    """More stored pixels than the app decodes at once (the inspection budget)."""


def _within_budget(size: tuple[int, int]) -> None:
    if size[0] * size[1] > decode_budget():
        raise _OverBudget(f"{size[0]}x{size[1]}")


def open_reduced(path: str | os.PathLike[str], kind: str, orientation: int | None = None,
                 edge: int = 320) -> Image.Image | None:
    """The image upright, at least `edge` px on its short side where the file allows; None if undecodable."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if kind in RAW_TYPES:
                image = _open_raw_preview(os.fspath(path), edge)
                return upright(image, orientation) if image is not None else None
            if kind == "heic":
                return _open_heif(os.fspath(path), edge)
            with Image.open(path) as opened:
                _within_budget(opened.size)
                opened.draft("RGB", (edge, edge))
                opened.load()
                return upright(opened.convert("RGB"), orientation)
    except Exception:  # a decoder failure means "no thumbnail"; inspection says why
        return None


def thumbnail_path(folder: Path, sha256: str) -> Path:
    return folder / sha256[:2] / f"{sha256}.jpg"


def _save_thumbnail(image: Image.Image, target: Path, edge: int, quality: int) -> None:
    if target.exists():
        return
    small = image.copy()
    small.thumbnail((edge, edge), Image.Resampling.BILINEAR)
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
