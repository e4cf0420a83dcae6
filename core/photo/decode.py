"""Decoding a photo for the face check: small, fast, and upright as the user sees it.

JPEGs decode in draft mode (the DCT scales down while decoding), HEIC through pillow-heif, camera RAWs
through their embedded preview (LibRaw); the EXIF orientation is applied before anything looks for
faces, and the full-size upright dimensions are kept so boxes can be scaled back.

Before any decoder runs, the file goes through the same header reading as `inspect` (`read_file`): what
inspect calls unreadable (missing, not a regular file, cut short, damaged) is refused here with the same
reason, so the face check never answers "no face" about a photo it could not see.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from core.base.rules import load_check_tables
from core.photo import filetypes
from core.photo.readers import LENIENT_DECODERS, failure_reason, read_file

_ORIENTATION_TAG = 0x0112
_SWAPPING_ORIENTATIONS = {5, 6, 7, 8}


class NotChecked(Exception):
    """The photo cannot be looked at; `reason` is a short key with a text in the message catalog."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass
class Decoded:
    pixels: np.ndarray  # RGB, oriented, at most work_edge on the long side
    width: int  # oriented full-size width
    height: int


def _draft_request(size: tuple[int, int], edge: int) -> tuple[int, int]:
    """A draft size keeping the aspect, so JPEG scaling may go down to about `edge` on the long side."""
    scale = min(1.0, edge / max(size))
    return max(1, int(size[0] * scale)), max(1, int(size[1] * scale))


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # malformed EXIF: treat as upright rather than give up on the photo
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _upright(image: Image.Image, orientation: int) -> Image.Image:
    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation)
    return image.transpose(method) if method is not None else image


def _work_pixels(image: Image.Image, edge: int) -> np.ndarray:
    rgb = image.convert("RGB")
    if max(rgb.size) > edge:
        rgb.thumbnail((edge, edge), Image.Resampling.BILINEAR, reducing_gap=2.0)
    return np.asarray(rgb)


def _decode_pillow(path: Path, edge: int) -> Decoded:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Image.open(path) as image:
            full_w, full_h = image.size
            orientation = _orientation(image)  # the same tag ImageOps.exif_transpose reads
            if image.format == "JPEG":
                image.draft("RGB", _draft_request(image.size, edge))
            image.load()
            try:
                upright = ImageOps.exif_transpose(image)
            except Exception:  # a broken orientation entry: the tag read above still applies
                upright = _upright(image, orientation)
            pixels = _work_pixels(upright, edge)
    if orientation in _SWAPPING_ORIENTATIONS:
        full_w, full_h = full_h, full_w
    return Decoded(pixels, full_w, full_h)


_RAW_FLIPS = {3: Image.Transpose.ROTATE_180, 5: Image.Transpose.ROTATE_90, 6: Image.Transpose.ROTATE_270}


def _decode_raw_preview(path: Path, edge: int) -> Decoded:
    """A camera RAW is looked at through its embedded preview (fast, and what the camera showed)."""
    import rawpy  # imported here: only RAW files pay for loading LibRaw

    try:
        with rawpy.imread(str(path)) as raw:
            flip = int(raw.sizes.flip)
            full_w, full_h = int(raw.sizes.width), int(raw.sizes.height)
            thumb = raw.extract_thumb()
    except Exception as error:  # LibRaw reports unsupported, cut-short and preview-less files alike
        raise NotChecked("raw_no_preview", f"{type(error).__name__}: {error}") from error
    preview: Image.Image
    if thumb.format == rawpy.ThumbFormat.JPEG:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            opened = Image.open(io.BytesIO(bytes(thumb.data)))
            opened.draft("RGB", _draft_request(opened.size, edge))
            opened.load()
            own = _orientation(opened)
            preview = _upright(opened, own)
    else:
        preview = Image.fromarray(np.asarray(thumb.data))
        own = 1
    if own == 1 and flip in _RAW_FLIPS:
        preview = preview.transpose(_RAW_FLIPS[flip])
    if flip in (5, 6):
        full_w, full_h = full_h, full_w
    pixels = _work_pixels(preview, edge)
    if float(pixels.std()) < 1.0:  # some RAWs carry a blank placeholder preview: nothing was looked at
        raise NotChecked("raw_no_preview", "the embedded preview is blank")
    if full_w <= 0 or full_h <= 0:
        full_h, full_w = pixels.shape[:2]
    return Decoded(pixels, full_w, full_h)


def decode(path: Path, edge: int, max_pixels: int | None = None) -> Decoded:
    """The photo small and upright, or `NotChecked` with the same reason `inspect` gives.

    The headers are read first (`read_file`, as inspection does), so a file that is not a regular file,
    is missing, or whose reader finds its image data cut short is refused before any decoder runs:
    libheif and LibRaw's previews show a cut file without complaint. `max_pixels` bounds the stored
    picture this will decode (None: the inspection budget)."""
    read = read_file(path)
    if read.reason is not None:
        raise NotChecked(read.reason, read.detail or read.reason)
    kind = read.kind
    damage = read.damage
    # As inspect judges: truncation always stands; other damage only where the decoder would hide it.
    if damage == "truncated" or (damage is not None and kind in LENIENT_DECODERS):
        raise NotChecked(damage, "; ".join(read.metadata.problems if read.metadata else []) or damage)
    if kind in filetypes.RAW_TYPES:
        return _decode_raw_preview(path, edge)  # the embedded preview, whatever the sensor's size
    metadata = read.metadata
    pixels = (metadata.width or 0) * (metadata.height or 0) if metadata else 0
    if pixels > (max_pixels if max_pixels is not None else decode_budget()):
        raise NotChecked("too_many_pixels", f"{pixels} stored pixels are over the decode budget")
    if kind == "heic":
        from core.photo.readers.heif import register_opener

        register_opener()
    try:
        return _decode_pillow(path, edge)
    except Image.DecompressionBombError as error:  # too many pixels to open safely: not damage
        raise NotChecked("too_many_pixels", str(error)) from error
    except Exception as error:  # any decoder failure: cut short, unsupported, damaged
        detail = f"{type(error).__name__}: {error}"
        raise NotChecked(damage or failure_reason(detail), detail) from error


def decode_budget() -> int:
    """Stored pixels the pixel checks decode at most (`[budget] decode_pixels`, checks/inspection.toml)."""
    table = load_check_tables().get("inspection", {}).get("budget", {})
    return int(table.get("decode_pixels", 120_000_000))
