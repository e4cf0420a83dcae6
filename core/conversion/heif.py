"""HEIC/HEIF to pixels through pillow-heif, upright and at full resolution.

libheif applies the container's rotation and mirror properties while decoding (pillow-heif then
sets the EXIF Orientation of the decoded image to 1); `exif_transpose` is applied after it so a
file whose only orientation is its EXIF tag is turned upright too, never twice.
"""

from __future__ import annotations

import io

import pillow_heif
from PIL import Image, ImageOps

from core.conversion.developed import METHOD_HEIF, Developed, Refused
from core.photo.readers.heif import register_opener


def libheif_version() -> str:
    return str(pillow_heif.libheif_version())


def develop_heif(data: bytes) -> Developed:
    """Decode HEIC bytes; raises `Refused("file.unreadable")` when libheif cannot."""
    register_opener()
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            icc = opened.info.get("icc_profile")
            original_orientation = opened.info.get("original_orientation")
            upright = ImageOps.exif_transpose(opened)
            image = upright.convert("RGB") if upright.mode != "RGB" else upright.copy()
    except Exception as error:  # libheif reports every kind of damage as a generic error
        raise Refused("file.unreadable", reason="damaged", detail=str(error)) from error
    version = libheif_version()
    return Developed(METHOD_HEIF, image.width, image.height, 1, f"libheif {version}", image=image,
                     icc_profile=icc if isinstance(icc, bytes) and icc else None,
                     color_space=None if icc else 1,
                     settings={"decoder": f"libheif {version}", "bit_depth": 8,
                               "color": "source colour profile embedded as is" if icc else "sRGB",
                               "orientation": "rotation applied to the pixels; tag set to 1",
                               "source_orientation": original_orientation,
                               "developed_size": [image.width, image.height]})
