"""What every per-file check is handed: the file, its headers, the rules profile, and what is already known.

A check is a function `(context) -> list[Finding]`. Checks read limits and severities from the
rules profile and texts from the message catalog; they never hold user-facing text. The context
decodes the preview once for every check that needs pixels, and carries the conversion source's
evidence (loaded by `inspect_path`), so no check has to call inspection again.

Work is bounded (issue 18): the preview is decoded only when the stored picture is within the profile's
pixel budget (`[budget]` in `checks/inspection.toml`), and searches get their own bound from `budget()`;
a check that stops there says so with `file.too_large_to_check` instead of running for minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from core.base.findings import Finding, FindingFactory
from core.base.rules import Profile, check_table
from core.photo.conversion_record import ConversionRecord
from core.photo.decode import NotDecoded, decode
from core.photo.metadata import ImageMetadata

# The thumbnail check compares at twice an EXIF thumbnail's size (160 x 120 in nearly every camera) and the
# readability check needs every scan decoded at any scale: a short side of 512 lets JPEG scaling do 1/4 or
# 1/8 of the work of the 1024 it was (plain inspect ~35% less CPU per file, bench/RESULTS.md).
PREVIEW_EDGE = 512
TOO_LARGE = "too_large"  # preview_error when the picture is over the decode budget
_DEFAULT_BUDGET = {"decode_pixels": 120_000_000, "search_cells": 4_000_000}


@dataclass(frozen=True)
class SourceEvidence:
    """What the RAW/HEIC behind one of the app's conversions says (DECISIONS.md: judged by their source)."""

    record: ConversionRecord
    source_name: str
    # The source's own findings when it is still on disk; None when it is gone (the record must do).
    findings: list[Finding] | None


@dataclass
class CheckContext:
    path: Path
    kind: str
    size: int
    metadata: ImageMetadata
    profile: Profile
    factory: FindingFactory
    fast: bool
    facts: dict[str, Any] = field(default_factory=dict)
    # Set by inspect_path for the app's own conversions: the record and the source's own findings.
    source: SourceEvidence | None = None
    _preview: Image.Image | None = None
    _preview_error: str | None = None

    def preview(self) -> Image.Image | None:
        """The image decoded once at reduced scale (JPEG draft mode), in grey (every pixel check compares
        brightness), as stored (not turned: the thumbnail check tries the turns itself), through Pillow even
        for a RAW; None when it cannot be decoded."""
        if self._preview is None and self._preview_error is None:
            pixels = (self.metadata.width or 0) * (self.metadata.height or 0)
            if pixels > self.budget("decode_pixels"):
                # Past Pillow's own guard nothing could open it at all: that is file.unreadable, as before.
                bomb = Image.MAX_IMAGE_PIXELS is not None and pixels > 2 * Image.MAX_IMAGE_PIXELS
                self._preview_error = "DecompressionBombError: too many pixels" if bomb else TOO_LARGE
                return None
            try:
                self._preview = decode(self.path, PREVIEW_EDGE, kind=self.kind, orientation=None, check_headers=False,
                                       raw_preview=False, mode="L").image
            except Exception as error:  # any decoder failure means "cannot be decoded", said once
                cause = error.__cause__ if isinstance(error, NotDecoded) and error.__cause__ else error
                self._preview_error = f"{type(cause).__name__}: {cause}"
        return self._preview

    @property
    def preview_error(self) -> str | None:
        return self._preview_error

    def budget(self, name: str) -> int:
        """One bound on a check's work: `decode_pixels` (stored pixels decoded for the pixel checks) or
        `search_cells` (cells of one correlation search)."""
        table = check_table(self.profile, "inspection").get("budget", {})
        return int(table.get(name, _DEFAULT_BUDGET[name]))

    def too_large(self, check: str) -> Finding:
        """The finding that says a check stopped at its work bound."""
        width, height = self.metadata.width or 0, self.metadata.height or 0
        return self.make("file.too_large_to_check", check=check,
                         check_text=self.factory.catalog.label("check." + check), width=width, height=height,
                         megapixels=round(width * height / 1_000_000, 1))

    def make(self, code: str, severity: str | None = None, **params: Any) -> Finding:
        return self.factory.make(code, severity, **params)



Check = Callable[[CheckContext], list[Finding]]
