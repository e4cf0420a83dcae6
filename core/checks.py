"""The registry of per-file checks run by inspection, and the context they share.

A check is a function `(context) -> list[Finding]`. Checks read limits and severities from the
rules profile and texts from the message catalog; they never hold user-facing text. Checks that
need decoded pixels declare `needs_pixels` and are skipped by `inspect --fast`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from core.findings import Finding, FindingFactory
from core.metadata import ImageMetadata
from core.rules import Profile

PREVIEW_EDGE = 1024


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
    _preview: Image.Image | None = None
    _preview_error: str | None = None

    def preview(self) -> Image.Image | None:
        """The image decoded at reduced scale (JPEG draft mode), once; None when it cannot be decoded."""
        if self._preview is None and self._preview_error is None:
            try:
                if self.kind == "heic":
                    from core.readers.heif import register_opener

                    register_opener()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    with Image.open(self.path) as image:
                        image.draft("RGB", (PREVIEW_EDGE, PREVIEW_EDGE))
                        image.load()
                        self._preview = image.convert("RGB")
            except Exception as error:  # any decoder failure means "cannot be decoded", said once
                self._preview_error = f"{type(error).__name__}: {error}"
        return self._preview

    @property
    def preview_error(self) -> str | None:
        return self._preview_error

    def make(self, code: str, severity: str | None = None, **params: Any) -> Finding:
        return self.factory.make(code, severity, **params)


Check = Callable[[CheckContext], list[Finding]]


@dataclass(frozen=True)
class RegisteredCheck:
    name: str
    function: Check
    needs_pixels: bool


_CHECKS: list[RegisteredCheck] = []


def register(name: str, *, needs_pixels: bool = False) -> Callable[[Check], Check]:
    def decorator(function: Check) -> Check:
        if not any(existing.name == name for existing in _CHECKS):
            _CHECKS.append(RegisteredCheck(name, function, needs_pixels))
        return function

    return decorator


def registered() -> list[RegisteredCheck]:
    return list(_CHECKS)
