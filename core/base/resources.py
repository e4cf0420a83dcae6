"""Where the bundled resources live, in a source checkout and in a PyInstaller build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The `resources/` folder: beside the code, or inside the frozen bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


# The app's own Chinese font (a subset of Noto Sans CJK SC, OFL, made by scripts/build_font_subset.py): what the
# app draws into pictures (the ID-photo watermark, the comparison picture's captions) never depends on the
# system's fonts, so it looks the same on Windows, macOS and Linux and a computer without Chinese fonts still
# gets the Chinese text.
SHIPPED_FONT = ("fonts", "YuantuSansSC-Regular.otf")


def shipped_font() -> Path | None:
    """The shipped CJK font file; None only when the installation lacks it."""
    path = resource(*SHIPPED_FONT)
    return path if path.is_file() else None
