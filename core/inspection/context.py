"""What every per-file check is handed: the file, its headers, the rules profile, and what is already known.

A check is a function `(context) -> list[Finding]`. Checks read limits and severities from the
rules profile and texts from the message catalog; they never hold user-facing text. The context
decodes the preview once for every check that needs pixels, and carries the conversion source's
evidence (loaded by `inspect_path`), so no check has to call inspection again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from core.base.findings import Finding, FindingFactory
from core.base.rules import Profile
from core.photo.conversion_record import ConversionRecord
from core.photo.decode import NotDecoded, decode
from core.photo.metadata import ImageMetadata

PREVIEW_EDGE = 1024


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
        """The image decoded at reduced scale (JPEG draft mode) as stored (not turned: the thumbnail check
        tries the turns itself), through Pillow even for a RAW, once; None when it cannot be decoded."""
        if self._preview is None and self._preview_error is None:
            try:
                self._preview = decode(self.path, PREVIEW_EDGE, kind=self.kind, orientation=None,
                                       raw_preview=False).image
            except Exception as error:  # any decoder failure means "cannot be decoded", said once
                cause = error.__cause__ if isinstance(error, NotDecoded) and error.__cause__ else error
                self._preview_error = f"{type(cause).__name__}: {cause}"
        return self._preview

    @property
    def preview_error(self) -> str | None:
        return self._preview_error

    def make(self, code: str, severity: str | None = None, **params: Any) -> Finding:
        return self.factory.make(code, severity, **params)



Check = Callable[[CheckContext], list[Finding]]
