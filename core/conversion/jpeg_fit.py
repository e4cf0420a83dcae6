"""JPEG encoding sized to the platform's limits, at full resolution.

`encode_to_fit` starts at the first quality of the ladder and steps down only until the file fits
under the ceiling; when the first quality stays under the floor it tries the higher qualities of
`ladder_up`. The picture is never resized: a file that cannot fit is returned with `fit` saying so.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import piexif
from PIL import Image

from core.base.jobs import check_cancel

FIT_OK = "ok"
FIT_TOO_SMALL = "too_small"
FIT_TOO_LARGE = "too_large"


@dataclass(frozen=True)
class Encoded:
    data: bytes
    quality: int | None  # None: the camera's JPEG bytes were kept
    fit: str  # ok | too_small | too_large
    attempts: tuple[int, ...] = ()  # qualities tried, in order


def encode_jpeg(image: Image.Image, quality: int, exif: bytes = b"", icc_profile: bytes | None = None,
                subsampling: str = "4:2:0") -> bytes:
    buffer = io.BytesIO()
    options: dict[str, object] = {"quality": quality, "subsampling": subsampling}
    if exif:
        options["exif"] = exif
    if icc_profile:
        options["icc_profile"] = icc_profile
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def _fit(size: int, min_bytes: int, max_bytes: int) -> str:
    if size > max_bytes:
        return FIT_TOO_LARGE
    return FIT_TOO_SMALL if size < min_bytes else FIT_OK


def encode_to_fit(image: Image.Image, *, ladder: Sequence[int], ladder_up: Sequence[int] = (),
                  min_bytes: int, max_bytes: int, exif: bytes = b"", icc_profile: bytes | None = None,
                  subsampling: str = "4:2:0", cancel: threading.Event | None = None) -> Encoded:
    """The best-quality full-resolution JPEG inside [min_bytes, max_bytes], or the nearest miss.

    `cancel` is checked before every attempt (raises `core.base.jobs.Cancelled`).
    """
    if not ladder:
        raise ValueError("the JPEG quality ladder is empty")
    tried: list[int] = []
    data = b""
    for quality in ladder:
        check_cancel(cancel)
        data = encode_jpeg(image, quality, exif, icc_profile, subsampling)
        tried.append(quality)
        if len(data) <= max_bytes:
            break
    else:
        return Encoded(data, tried[-1], FIT_TOO_LARGE, tuple(tried))
    if len(data) >= min_bytes or len(tried) > 1:
        return Encoded(data, tried[-1], _fit(len(data), min_bytes, max_bytes), tuple(tried))
    best, best_quality = data, tried[-1]
    for quality in ladder_up:
        check_cancel(cancel)
        candidate = encode_jpeg(image, quality, exif, icc_profile, subsampling)
        tried.append(quality)
        if len(candidate) > max_bytes:
            break
        best, best_quality = candidate, quality
        if len(candidate) >= min_bytes:
            break
    return Encoded(best, best_quality, _fit(len(best), min_bytes, max_bytes), tuple(tried))


def fit_camera_jpeg(jpeg: bytes, *, exif: bytes, ladder: Sequence[int], min_bytes: int, max_bytes: int,
                    subsampling: str = "4:2:0", cancel: threading.Event | None = None) -> Encoded:
    """The camera's JPEG with our EXIF put in, pixels untouched; re-encoded only if over the ceiling."""
    check_cancel(cancel)
    output = io.BytesIO()
    if exif:
        piexif.insert(exif, jpeg, output)
    else:
        output.write(jpeg)
    data = output.getvalue()
    if len(data) <= max_bytes:
        return Encoded(data, None, _fit(len(data), min_bytes, max_bytes))
    with Image.open(io.BytesIO(jpeg)) as opened:
        image = opened.convert("RGB")
    return encode_to_fit(image, ladder=ladder, min_bytes=min_bytes, max_bytes=max_bytes, exif=exif,
                         subsampling=subsampling, cancel=cancel)
