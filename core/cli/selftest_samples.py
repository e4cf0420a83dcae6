"""Tiny sample files the packaged self-test decodes: a DNG written here, a HEIC written by pillow-heif.

Nothing is shipped or downloaded: the files are generated at run time, so the self-test proves that
LibRaw (rawpy) and libheif (pillow-heif) inside the build can decode real files and OpenCV can match a
photo, with no licence question about sample images. The DNG writer is the smallest file LibRaw accepts as a Bayer DNG:
one uncompressed 16-bit strip, an RGGB colour filter pattern and the DNG colour tags.
"""

from __future__ import annotations

import io
import random
import struct
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# TIFF field types
_SHORT, _LONG, _RATIONAL, _SRATIONAL, _ASCII, _BYTE = 3, 4, 5, 10, 2, 1
_TYPE_SIZE = {_BYTE: 1, _ASCII: 1, _SHORT: 2, _LONG: 4, _RATIONAL: 8, _SRATIONAL: 8}
_TYPE_FORMAT = {_BYTE: "B", _SHORT: "H", _LONG: "I"}

Entry = tuple[int, int, Sequence[int] | bytes]

WHITE_LEVEL = 4095


def _rational_values(pairs: Sequence[tuple[int, int]]) -> list[int]:
    return [value for pair in pairs for value in pair]


def _entry_bytes(field_type: int, values: Sequence[int] | bytes) -> tuple[int, bytes]:
    if field_type == _ASCII:
        assert isinstance(values, bytes)
        data = values + b"\0"
        return len(data), data
    if field_type in (_RATIONAL, _SRATIONAL):
        fmt = "<" + ("i" if field_type == _SRATIONAL else "I") * len(values)
        return len(values) // 2, struct.pack(fmt, *values)
    return len(values), struct.pack("<" + _TYPE_FORMAT[field_type] * len(values), *values)


def _bayer_pixels(width: int, height: int) -> bytes:
    """An RGGB mosaic of a warm gradient: enough structure for a decode to be checkable."""
    rows = bytearray()
    for y in range(height):
        for x in range(width):
            red_site = y % 2 == 0 and x % 2 == 0
            blue_site = y % 2 == 1 and x % 2 == 1
            level = 600 + (x * 2400) // max(width - 1, 1)
            value = level * 3 // 2 if red_site else level // 2 if blue_site else level
            rows += struct.pack("<H", min(value, WHITE_LEVEL))
    return bytes(rows)


def tiny_dng(width: int = 64, height: int = 48) -> bytes:
    """A valid, uncompressed Bayer DNG of `width` x `height` pixels (both even), about 6 KB."""
    if width % 2 or height % 2:
        raise ValueError("a Bayer DNG needs an even width and height")
    pixels = _bayer_pixels(width, height)
    identity = [(1, 1), (0, 1), (0, 1), (0, 1), (1, 1), (0, 1), (0, 1), (0, 1), (1, 1)]
    # XYZ -> camera matrix (sRGB-like primaries); LibRaw refuses a DNG without one
    colour_matrix = [(32404, 10000), (-15371, 10000), (-4985, 10000),
                     (-9692, 10000), (18760, 10000), (415, 10000),
                     (556, 10000), (-2040, 10000), (10572, 10000)]
    entries: list[Entry] = [
        (254, _LONG, [0]),  # NewSubfileType: the main image
        (256, _LONG, [width]),
        (257, _LONG, [height]),
        (258, _SHORT, [16]),  # BitsPerSample
        (259, _SHORT, [1]),  # Compression: none
        (262, _SHORT, [32803]),  # PhotometricInterpretation: CFA
        (271, _ASCII, b"Yuantu"),
        (272, _ASCII, b"Self-test DNG"),
        (273, _LONG, [0]),  # StripOffsets, patched below
        (274, _SHORT, [1]),
        (277, _SHORT, [1]),  # SamplesPerPixel
        (278, _LONG, [height]),  # RowsPerStrip
        (279, _LONG, [len(pixels)]),  # StripByteCounts
        (284, _SHORT, [1]),  # PlanarConfiguration
        (33421, _SHORT, [2, 2]),  # CFARepeatPatternDim
        (33422, _BYTE, [0, 1, 1, 2]),  # CFAPattern: RGGB
        (50706, _BYTE, [1, 4, 0, 0]),  # DNGVersion
        (50707, _BYTE, [1, 1, 0, 0]),  # DNGBackwardVersion
        (50708, _ASCII, b"Yuantu Self-test DNG"),  # UniqueCameraModel
        (50714, _LONG, [0]),  # BlackLevel
        (50717, _LONG, [WHITE_LEVEL]),  # WhiteLevel
        (50721, _SRATIONAL, _rational_values(colour_matrix)),  # ColorMatrix1
        (50727, _RATIONAL, _rational_values([(1, 1), (1, 1), (1, 1)])),  # AnalogBalance
        (50728, _RATIONAL, _rational_values([(1, 2), (1, 1), (2, 3)])),  # AsShotNeutral
        (50778, _SHORT, [21]),  # CalibrationIlluminant1: D65
        (50723, _SRATIONAL, _rational_values(identity)),  # CameraCalibration1
    ]
    entries.sort(key=lambda entry: entry[0])
    ifd_offset = 8
    ifd_size = 2 + 12 * len(entries) + 4
    extra = bytearray()
    extra_start = ifd_offset + ifd_size
    packed: list[tuple[int, int, int, bytes]] = []
    for tag, field_type, values in entries:
        count, data = _entry_bytes(field_type, values)
        packed.append((tag, field_type, count, data))
        if len(data) > 4:
            extra += data + (b"\0" if len(data) % 2 else b"")
    strip_offset = extra_start + len(extra)
    out = io.BytesIO()
    out.write(b"II*\0" + struct.pack("<I", ifd_offset))
    out.write(struct.pack("<H", len(packed)))
    cursor = extra_start
    for tag, field_type, count, data in packed:
        if tag == 273:
            data = struct.pack("<I", strip_offset)
        if len(data) <= 4:
            out.write(struct.pack("<HHI", tag, field_type, count) + data.ljust(4, b"\0"))
        else:
            out.write(struct.pack("<HHII", tag, field_type, count, cursor))
            cursor += len(data) + (len(data) % 2)
    out.write(struct.pack("<I", 0))
    out.write(extra)
    out.write(pixels)
    return out.getvalue()


def tiny_heic(width: int = 64, height: int = 48) -> bytes:
    """A HEIC written by pillow-heif (libheif + x265) from a small Pillow gradient."""
    import pillow_heif
    from PIL import Image

    image = Image.new("RGB", (width, height))
    image.putdata([(4 * x % 256, 5 * y % 256, 128) for y in range(height) for x in range(width)])
    buffer = io.BytesIO()
    pillow_heif.from_pillow(image).save(buffer, quality=80)
    return buffer.getvalue()


def product_photo(seed: int, size: tuple[int, int] = (1200, 900)) -> Image.Image:
    """A textured stand-in for a product shot (random shapes on a grey ground): corners enough for ORB.
    Generated, like the other samples, so the matching self-test needs no shipped image."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", size, tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(220):
        x, y, extent = rng.randrange(size[0]), rng.randrange(size[1]), rng.randrange(10, 90)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((x, y, x + extent, y + extent * rng.uniform(0.4, 1.6)), fill=colour)
        else:
            draw.rectangle((x, y, x + extent, y + extent * rng.uniform(0.3, 1.2)), fill=colour,
                           outline=(0, 0, 0))
    return image
