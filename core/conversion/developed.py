"""What a decoder hands to the JPEG writer: developed pixels or the camera's own JPEG, or a refusal.

The RAW (core/conversion/raw.py) and HEIF (core/conversion/heif.py) decoders both return `Developed`;
when a file cannot be converted they raise `Refused` with the finding code that says why, so the
orchestrator (core/conversion/convert.py) turns every failure into a finding, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PIL import Image

METHOD_PREVIEW = "embedded_preview"
METHOD_LIBRAW = "libraw"
METHOD_HEIF = "heif"


@dataclass
class Developed:
    method: str  # embedded_preview | libraw | heif
    width: int  # output pixel size as stored
    height: int
    orientation: int  # the Orientation tag to write: 1 when the pixels were turned upright
    decoder: str  # "LibRaw 0.22.2" / "libheif 1.23.6", for the Software tag and the record
    image: Image.Image | None = None  # developed pixels (RGB), when the JPEG is to be encoded
    jpeg: bytes | None = None  # the camera's own JPEG, kept as is (embedded preview)
    libraw_version: str | None = None
    icc_profile: bytes | None = None  # kept from the source (HEIC: often Display P3)
    color_space: int | None = 1  # EXIF ColorSpace: 1 sRGB, 0xFFFF uncalibrated; None: keep the source's
    settings: dict[str, Any] = field(default_factory=dict)
    notes: list[tuple[str, str | None, dict[str, Any]]] = field(default_factory=list)  # (code, severity, params)


class Refused(Exception):
    """The source cannot be converted; `code` is the finding that says why (same code as inspect)."""

    def __init__(self, code: str, severity: str | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.severity = severity
        self.params = params
