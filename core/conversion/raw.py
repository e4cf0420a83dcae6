"""Camera RAW to pixels through rawpy/LibRaw, or to the camera's own full-size embedded JPEG.

The embedded preview is made by the camera, so it is the better evidence, but only when it has the
full developed resolution (`choose_method`); otherwise LibRaw develops the sensor data with the
settings in resources/rules/checks/conversion.toml [libraw]. LibRaw fails at different steps (open,
postprocess) and prints warnings straight to file descriptor 2: `quiet_stderr` keeps them out of
the user's terminal and out of `--json` output.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import rawpy
from PIL import Image

from core.conversion.developed import METHOD_LIBRAW, METHOD_PREVIEW, Developed, Refused
from core.photo.decode import LIBRAW_FLIP_ORIENTATION, SWAPPING_ORIENTATIONS

RawOpener = Callable[[bytes], Any]  # bytes -> a rawpy.RawPy-like object (tests pass a fake)

_stderr_lock = threading.Lock()
_stderr_depth = 0
_stderr_saved: int | None = None


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send file descriptor 2 to the null device while LibRaw runs (it prints past Python).

    Nested and concurrent use is counted: the first entrant redirects, the last restores.
    """
    global _stderr_depth, _stderr_saved
    with _stderr_lock:
        if _stderr_depth == 0:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.flush()
            try:
                saved = os.dup(2)
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 2)
                os.close(devnull)
                _stderr_saved = saved
            except OSError:
                _stderr_saved = None  # no fd 2 (a windowed app): nothing to hide
        _stderr_depth += 1
    try:
        yield
    finally:
        with _stderr_lock:
            _stderr_depth -= 1
            if _stderr_depth == 0 and _stderr_saved is not None:
                os.dup2(_stderr_saved, 2)
                os.close(_stderr_saved)
                _stderr_saved = None


def libraw_version() -> str:
    return ".".join(str(part) for part in rawpy.libraw_version)


def open_raw(data: bytes) -> Any:
    return rawpy.imread(io.BytesIO(data))


def choose_method(preview_size: tuple[int, int] | None, full_size: tuple[int, int],
                  min_side_fraction: float = 1.0) -> str:
    """`embedded_preview` when the camera's JPEG has the full developed resolution, else `libraw`.

    Sides are compared without regard to orientation (cameras store the preview unrotated).
    """
    if not preview_size or not all(full_size):
        return METHOD_LIBRAW
    preview_sides, full_sides = sorted(preview_size), sorted(full_size)
    if all(p >= f * min_side_fraction for p, f in zip(preview_sides, full_sides, strict=True)):
        return METHOD_PREVIEW
    return METHOD_LIBRAW


@dataclass(frozen=True)
class Preview:
    data: bytes
    width: int
    height: int


def embedded_preview(raw: Any) -> Preview | None:
    """The camera's embedded JPEG and its pixel size, or None (no preview, or a bitmap one)."""
    try:
        with quiet_stderr():
            thumb = raw.extract_thumb()
    except (rawpy.LibRawError, OSError, ValueError):
        return None
    if thumb.format != rawpy.ThumbFormat.JPEG:
        return None
    data = bytes(thumb.data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Exception:  # a damaged preview is no preview
        return None
    return Preview(data, width, height)


def _reason(error: BaseException) -> str:
    """A short reason key for `label.raw_reason.<key>` (plain words for the merchant)."""
    if isinstance(error, rawpy.LibRawFileUnsupportedError | rawpy.NotSupportedError):
        return "unsupported"
    if isinstance(error, rawpy.LibRawIOError | OSError):
        return "io_error"
    if isinstance(error, rawpy.LibRawDataError):
        return "data_error"
    if isinstance(error, rawpy.LibRawUnsufficientMemoryError | rawpy.LibRawMemPoolOverflowError | MemoryError):
        return "memory"
    if isinstance(error, rawpy.LibRawTooBigError):
        return "too_big"
    return "decode_failed"


def postprocess_arguments(settings: Mapping[str, Any]) -> dict[str, Any]:
    arguments = dict(settings)
    arguments["output_color"] = rawpy.ColorSpace[str(settings.get("output_color", "sRGB"))]
    return arguments


def _saturation_override(raw: Any) -> int | None:
    """A white level for files whose declared one is below their own data (a film scanner's NEF says 255
    for 16-bit samples, and LibRaw then clips the whole picture to white); None when the file is right."""
    try:
        declared = int(raw.white_level)
        with quiet_stderr():
            brightest = int(raw.raw_image_visible.max())  # unpacks: fails here for data LibRaw cannot read
    except Exception:  # rawpy raises its own LibRaw errors too; postprocess reports those properly below
        return None
    if declared <= 0 or brightest <= declared:
        return None
    return int((1 << brightest.bit_length()) - 1)


def develop_raw(data: bytes, settings: Mapping[str, Any], preview_fraction: float,
                orientation_hint: int | None = None, opener: RawOpener | None = None) -> Developed:
    """Develop RAW bytes; raises `Refused` (raw.unsupported / raw.preview_only) when it cannot."""
    version = libraw_version()
    decoder = f"LibRaw {version}"
    try:
        with quiet_stderr():
            raw = (opener or open_raw)(data)
    except (rawpy.LibRawError, rawpy.NotSupportedError, OSError, MemoryError, ValueError) as error:
        raise Refused("raw.unsupported", reason=_reason(error), detail=str(error)) from error
    try:
        sizes = raw.sizes
        flip = int(getattr(sizes, "flip", 0) or 0)
        full = (int(sizes.width), int(sizes.height))
        displayed = (full[1], full[0]) if LIBRAW_FLIP_ORIENTATION.get(flip, 1) in SWAPPING_ORIENTATIONS else full
        preview = embedded_preview(raw)
        preview_size = (preview.width, preview.height) if preview else None
        if preview is not None and choose_method(preview_size, full, preview_fraction) == METHOD_PREVIEW:
            orientation = orientation_hint or LIBRAW_FLIP_ORIENTATION.get(flip, 1)
            return Developed(METHOD_PREVIEW, preview.width, preview.height, orientation, decoder,
                             jpeg=preview.data, libraw_version=version, color_space=None,
                             settings={"source": "camera JPEG embedded in the RAW, bytes kept as is",
                                       "orientation": "pixels as the camera stored them; Orientation tag kept",
                                       "developed_size": list(displayed)})
        arguments = postprocess_arguments(settings)
        saturation = _saturation_override(raw)
        if saturation is not None:
            arguments["user_sat"] = saturation
            settings = {**settings, "user_sat": saturation}
        try:
            with quiet_stderr():
                pixels = raw.postprocess(**arguments)
        except (rawpy.LibRawError, rawpy.NotSupportedError, OSError, MemoryError, ValueError) as error:
            if preview is not None:
                raise Refused("raw.preview_only", preview_size=f"{preview.width}×{preview.height}",
                              full_size=f"{displayed[0]}×{displayed[1]}", detail=str(error)) from error
            raise Refused("raw.unsupported", reason=_reason(error), detail=str(error)) from error
    finally:
        close = getattr(raw, "close", None)
        if close is not None:
            close()
    image = Image.fromarray(pixels)
    recorded = {key: (value if isinstance(value, bool | int | float | str) else str(value))
                for key, value in settings.items()}
    return Developed(METHOD_LIBRAW, image.width, image.height, 1, decoder, image=image,
                     libraw_version=version, color_space=1,
                     settings={**recorded, "orientation": "camera orientation applied to the pixels; tag set to 1",
                               "developed_size": [image.width, image.height]})
