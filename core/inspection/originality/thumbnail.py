"""Does the camera's EXIF thumbnail show the same picture as the image?

A camera writes a small thumbnail of the whole frame into EXIF. Editors that crop or retouch often
keep the old thumbnail, so a thumbnail that shows more of the scene than the image (a crop) or
another picture altogether is evidence of editing. The comparison is in grey levels at thumbnail
scale (normalised cross-correlation), after cutting away the black bars some cameras pad their
thumbnails with; the shape of the two alone never decides.

The searches of one comparison share a work bound (`max_cells`, the profile's search budget, counted in
FFT cells and pixels resized): a picture of extreme shape (a forged 386x45403 header) once made them take 31 s and 1 GB.
Over the bound the comparison stops with the verdict "too_large", which the check reports.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image

Grey = NDArray[np.float32]
DEFAULT_MAX_CELLS = 20_000_000


class SearchTooLarge(Exception):
    """The comparison's searches would exceed their work bound."""


class _Budget:
    """Cells the searches of one comparison may still use."""

    def __init__(self, cells: int) -> None:
        self.left = cells

    def spend(self, cells: int) -> None:
        if cells > self.left:
            raise SearchTooLarge(f"{cells} cells over the {self.left} left")
        self.left -= cells


@dataclass(frozen=True)
class ThumbnailComparison:
    verdict: str  # "same", "cropped", "partial", "different", "unjudged" or "too_large"
    whole: float  # how well the image matches the whole (unpadded) thumbnail, -1..1
    best_crop: float  # how well it matches the best smaller part of the thumbnail
    crop_share: float  # the side of that part relative to the thumbnail's (0..1)
    thumbnail_size: tuple[int, int]


def _grey(image: Image.Image) -> Grey:
    return np.asarray(image.convert("L"), dtype=np.float32)


def trim_padding(grey: Grey, level: float, flatness: float, max_share: float) -> Grey:
    """Cut uniform dark bars off the edges (cameras pad 16:9 or 1:1 frames to a 4:3 thumbnail)."""
    height, width = grey.shape
    dark_rows = (grey.mean(axis=1) < level) & (grey.std(axis=1) < flatness)
    dark_cols = (grey.mean(axis=0) < level) & (grey.std(axis=0) < flatness)

    def span(dark: NDArray[np.bool_], size: int) -> tuple[int, int]:
        start, end = 0, size
        while start < size and dark[start]:
            start += 1
        while end > start and dark[end - 1]:
            end -= 1
        if size - (end - start) > max_share * size:
            return 0, size  # too much: the picture itself is dark there
        return start, end

    top, bottom = span(dark_rows, height)
    left, right = span(dark_cols, width)
    if bottom - top < 8 or right - left < 8 or (top, bottom, left, right) == (0, height, 0, width):
        return grey
    return grey[top:bottom, left:right]


def _fft_length(size: int) -> int:
    """The smallest 2^a 3^b 5^c >= size: FFTs of such lengths are several times faster."""
    best = 2 * size
    two = 1
    while two < best:
        three = two
        while three < best:
            five = three
            while five < best:
                if five >= size:
                    best = five
                five *= 5
            three *= 3
        two *= 2
    return best


def _window_sums(image: NDArray[np.float64], height: int, width: int) -> NDArray[np.float64]:
    """Sum of every height x width window (summed-area table), one value per window position."""
    table = np.zeros((image.shape[0] + 1, image.shape[1] + 1))
    table[1:, 1:] = image.cumsum(axis=0).cumsum(axis=1)
    return table[height:, width:] - table[:-height, width:] - table[height:, :-width] + table[:-height, :-width]


def _ncc_search(thumbnail: Grey, template: Grey, budget: _Budget | None = None) -> float:
    """Best normalised cross-correlation of `template` over every position inside `thumbnail`
    (OpenCV's TM_CCOEFF_NORMED, computed with numpy's FFT: OpenCV is not shipped)."""
    if template.shape[0] > thumbnail.shape[0] or template.shape[1] > thumbnail.shape[1]:
        return -1.0
    if float(template.std()) < 1e-3:
        return -1.0
    image = thumbnail.astype(np.float64)
    centred = template.astype(np.float64) - float(template.mean())
    height, width = centred.shape
    positions = (image.shape[0] - height + 1) * (image.shape[1] - width + 1)
    budget = budget or _Budget(DEFAULT_MAX_CELLS)
    if positions * height * width <= 2_000_000:  # a template about the thumbnail's size: few positions
        budget.spend(image.size)
        windows = np.lib.stride_tricks.sliding_window_view(image, (height, width))
        numerator = np.einsum("ijkl,kl->ij", windows, centred)
    else:  # correlation = convolution with the flipped template; only positions fully inside are kept
        shape = (_fft_length(image.shape[0] + height - 1), _fft_length(image.shape[1] + width - 1))
        budget.spend(shape[0] * shape[1])
        product = np.fft.irfft2(np.fft.rfft2(image, shape) * np.fft.rfft2(centred[::-1, ::-1], shape), shape)
        numerator = product[height - 1:image.shape[0], width - 1:image.shape[1]]
    count = height * width
    sums = _window_sums(image, height, width)
    spread = np.maximum(_window_sums(image * image, height, width) - sums * sums / count, 0.0)
    denominator = np.sqrt(spread * float((centred * centred).sum()))
    # flat windows (no contrast) say nothing: 0, as OpenCV gives them
    scores = np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 1e-6 * count)
    return float(np.clip(scores, -1.0, 1.0).max()) if scores.size else -1.0


def _fitted(image: Image.Image, box: tuple[int, int], share: float) -> Grey:
    """The image scaled to fit inside `box` at `share` of its side, keeping the image's shape."""
    box_width, box_height = box
    scale = min(box_width / image.width, box_height / image.height) * share
    size = (max(4, round(image.width * scale)), max(4, round(image.height * scale)))
    return _grey(image.resize(size, Image.Resampling.BILINEAR))


def _thumbnail_inside(image: Image.Image, thumbnail: Grey, table: Mapping[str, Any], budget: _Budget) -> bool:
    """Whether the thumbnail matches a part of the image (the reverse of a crop)."""
    grey = _grey(image)
    thumb_image = Image.fromarray(thumbnail.astype(np.uint8))
    box = (grey.shape[1], grey.shape[0])
    for share in [1.0, *table.get("crop_scales", [0.9, 0.8, 0.7, 0.6, 0.5])]:
        if _ncc_search(grey, _fitted(thumb_image, box, float(share)), budget) >= float(table.get("crop_match", 0.9)):
            return True
    return False


def compare(image: Image.Image, thumbnail_bytes: bytes, table: Mapping[str, Any],
            max_cells: int = DEFAULT_MAX_CELLS) -> ThumbnailComparison | None:
    """Compare a decoded image (any scale, stored orientation) with EXIF thumbnail bytes; every search
    bounded by `max_cells`."""
    try:
        return _compare(image, thumbnail_bytes, table, _Budget(max_cells))
    except SearchTooLarge:
        return ThumbnailComparison("too_large", 0.0, 0.0, 0.0, (0, 0))


def _compare(image: Image.Image, thumbnail_bytes: bytes, table: Mapping[str, Any],
             budget: _Budget) -> ThumbnailComparison | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(thumbnail_bytes)) as opened:
                thumbnail_image = opened.convert("L")
    except Exception:  # an undecodable thumbnail says nothing either way
        return None
    raw = _grey(thumbnail_image)
    trimmed = trim_padding(raw, float(table.get("pad_level", 40)), float(table.get("pad_flatness", 10)),
                           float(table.get("max_pad_share", 0.4)))
    size = (raw.shape[1], raw.shape[0])
    if float(trimmed.std()) < float(table.get("min_contrast", 6.0)) or min(trimmed.shape) < 16:
        return ThumbnailComparison("unjudged", 0.0, 0.0, 0.0, size)
    # A small copy of the image, twice the thumbnail's size, keeps every later resize cheap.
    scale = min(image.width / (trimmed.shape[1] * 2), image.height / (trimmed.shape[0] * 2))
    target = (max(8, round(image.width / scale)), max(8, round(image.height / scale))) if scale > 1 else image.size
    turned = (target[0] > target[1]) != (trimmed.shape[1] > trimmed.shape[0])
    thumbs = (trimmed, raw) if trimmed is not raw else (raw,)
    # Every resize below reads the reduced picture once: pay for them all before making it (a picture of
    # extreme shape keeps a huge reduced copy, since it is cut down only as far as its short side allows).
    scales = len(table.get("crop_scales", [0.9, 0.8, 0.7, 0.6, 0.5]))
    budget.spend(target[0] * target[1] * ((3 if turned else 1) * len(thumbs) * (1 + scales) + 1 + scales))
    reduced = image
    if scale > 1:
        reduced = image.resize(target, Image.Resampling.BILINEAR, reducing_gap=2.0)
    variants = [reduced]
    if turned:
        variants += [reduced.transpose(Image.Transpose.ROTATE_90), reduced.transpose(Image.Transpose.ROTATE_270)]

    matches: list[tuple[float, float]] = []  # (score, share of the thumbnail's area the image covers)
    for candidate in variants:
        for thumb in thumbs:
            box = (thumb.shape[1], thumb.shape[0])
            fitted = _fitted(candidate, box, 1.0)
            matches.append((_ncc_search(thumb, fitted, budget),
                            fitted.shape[0] * fitted.shape[1] / (box[0] * box[1])))
    whole = max(score for score, _ in matches)
    # Among near-equal matches, the one covering most of the thumbnail explains it best (padding cut).
    area = max(covered for score, covered in matches if score >= whole - 0.05)

    best_crop, crop_share = -1.0, 1.0
    if whole < float(table.get("crop_full_below", 0.8)):  # only a poor whole match calls for a crop search
        for candidate in variants:
            for thumb in thumbs:
                box = (thumb.shape[1], thumb.shape[0])
                for share in table.get("crop_scales", [0.9, 0.8, 0.7, 0.6, 0.5]):
                    crop_score = _ncc_search(thumb, _fitted(candidate, box, float(share)), budget)
                    if crop_score > best_crop:
                        best_crop, crop_share = crop_score, float(share)

    verdict = "same"
    if whole < float(table.get("mismatch_below", 0.6)) and best_crop < float(table.get("crop_match", 0.9)) \
            and _thumbnail_inside(reduced, trimmed, table, budget):
        # The thumbnail shows a part of the image: a camera that crops its thumbnail, not an edit
        # that can be told apart with confidence.
        return ThumbnailComparison("unjudged", round(whole, 3), round(best_crop, 3), crop_share, size)
    if (whole < float(table.get("crop_full_below", 0.8)) and best_crop >= float(table.get("crop_match", 0.9))
            and best_crop - whole >= float(table.get("crop_gain", 0.15))):
        verdict = "cropped"
    elif whole < float(table.get("mismatch_below", 0.6)):
        verdict = "different"
    elif area < float(table.get("partial_area_below", 0.9)) and whole >= float(table.get("partial_match", 0.85)):
        verdict = "partial"
    return ThumbnailComparison(verdict, round(whole, 3), round(best_crop, 3), crop_share, size)
