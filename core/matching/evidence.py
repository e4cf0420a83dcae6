"""The comparison picture a reviewer sees: the listing image, the original with the part it shows
outlined, and the original laid onto the listing (aligned overlay) beside the difference between them.

Drawn from the user's files, written only into the case folder (or wherever the caller says); the
original is read, never written. One JPEG, so it goes into the bundle and report.html as is.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageOps

from core.base.fileops import atomic_write_bytes
from core.matching.query import Candidate
from core.photo.decode import decode

PANEL = 520  # each panel's long side, px
GAP = 12


def _fit(image: Image.Image, edge: int) -> Image.Image:
    small = image.copy()
    small.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    return small


def comparison_picture(query: str | os.PathLike[str], candidate: Candidate) -> Image.Image:
    """Listing | original with the matched region outlined | overlay | difference, side by side."""
    with Image.open(query) as opened:
        opened.load()
        listing = ImageOps.exif_transpose(opened)
        if listing.mode in ("RGBA", "LA", "P", "PA"):
            rgba = listing.convert("RGBA")
            listing = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
        listing = listing.convert("RGB")
    original = decode(Path(candidate.path), 1600, draft="short").image
    k = candidate.size[0] / max(1, original.size[0])  # decoded pixels -> the original's displayed pixels
    to_listing = np.array(candidate.transform, float) @ np.diag([k, k, 1.0])
    x, y, w, h = candidate.listing_region
    warped = cv2.warpAffine(np.asarray(original), to_listing, listing.size, flags=cv2.INTER_AREA,
                            borderValue=(255, 255, 255))
    mask = cv2.warpAffine(np.full(original.size[::-1], 255, np.uint8), to_listing, listing.size) > 0
    ours = np.asarray(listing).astype(np.int16)
    overlay = np.where(mask[..., None], (ours + warped) // 2, ours).astype(np.uint8)
    difference = np.where(mask[..., None], 255 - np.abs(ours - warped).clip(0, 255), 255).astype(np.uint8)
    crop = (x, y, x + max(1, w), y + max(1, h))
    panels = [_fit(listing, PANEL), _outlined(original, candidate, k),
              _fit(Image.fromarray(overlay).crop(crop), PANEL), _fit(Image.fromarray(difference).crop(crop), PANEL)]
    width = sum(p.size[0] for p in panels) + GAP * (len(panels) + 1)
    height = max(p.size[1] for p in panels) + 2 * GAP
    sheet = Image.new("RGB", (width, height), (250, 250, 250))
    left = GAP
    for panel in panels:
        sheet.paste(panel, (left, GAP))
        left += panel.size[0] + GAP
    return sheet


def _outlined(original: Image.Image, candidate: Candidate, k: float) -> Image.Image:
    small = _fit(original, PANEL)
    s = small.size[0] / original.size[0] / k  # displayed pixels -> panel pixels
    x, y, w, h = candidate.region
    draw = ImageDraw.Draw(small)
    box = (x * s, y * s, (x + w) * s, (y + h) * s)
    for inset in range(3):
        draw.rectangle((box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset), outline=(230, 30, 30))
    return small


def save_comparison(query: str | os.PathLike[str], candidate: Candidate, target: str | os.PathLike[str]) -> Path:
    """Write the comparison picture as a JPEG at `target` (atomically); returns its path."""
    picture = comparison_picture(query, candidate)
    encoded = io.BytesIO()
    picture.save(encoded, "JPEG", quality=90)
    path = Path(target)
    atomic_write_bytes(path, encoded.getvalue())
    return path
