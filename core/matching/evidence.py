"""The comparison picture a reviewer sees: the listing image, the original with the part it shows
outlined, and the original laid onto the listing (aligned overlay) beside the difference between them,
each with a caption saying what it is (in Chinese by default: the platform's reviewer reads it), drawn
with the app's own font so it reads the same on every computer.

Drawn from the user's files, written only into the case folder (or wherever the caller says); the
original is read, never written. One JPEG, so it goes into the bundle and report.html as is.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageOps

from core.base.fileops import atomic_write_bytes
from core.base.findings import catalog
from core.base.resources import shipped_font
from core.matching.query import Candidate
from core.photo.decode import decode

PANEL = 520  # each panel's long side, px
GAP = 12
CAPTION = 18  # caption font size, px; two lines under each panel


def _fit(image: Image.Image, edge: int) -> Image.Image:
    small = image.copy()
    small.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    return small


def captions(query: str | os.PathLike[str], candidate: Candidate, lang: str | None = None) -> list[tuple[str, str]]:
    """(what the panel is, which file) for each of the four panels, in the catalog's language."""
    labels = catalog(lang or "zh_CN")
    listing, original = os.path.basename(os.fspath(query)), os.path.basename(candidate.path)
    return [(labels.label("match.panel.listing"), listing), (labels.label("match.panel.original"), original),
            (labels.label("match.panel.overlay"), ""), (labels.label("match.panel.difference"), "")]


def comparison_picture(query: str | os.PathLike[str], candidate: Candidate, lang: str | None = None) -> Image.Image:
    """Listing, original with the matched region outlined, overlay, difference: two by two, captioned."""
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
    # Two by two (listing | original above, overlay | difference below): about square, so it shows large in
    # the app's dialog, in report.html and in an image viewer, where a strip of four was a thin band.
    cell_w = max(p.size[0] for p in panels)
    cell_h = max(p.size[1] for p in panels) + GAP + 2 * round(CAPTION * 1.4)
    sheet = Image.new("RGB", (2 * cell_w + 3 * GAP, 2 * cell_h + 3 * GAP), (250, 250, 250))
    draw = ImageDraw.Draw(sheet)
    font = _font()
    for number, (panel, lines) in enumerate(zip(panels, captions(query, candidate, lang), strict=True)):
        left = GAP + (number % 2) * (cell_w + GAP)
        top = GAP + (number // 2) * (cell_h + GAP)
        sheet.paste(panel, (left + (cell_w - panel.size[0]) // 2, top))
        for row, text in enumerate(lines):
            draw.text((left, top + cell_h - (2 - row) * round(CAPTION * 1.4)), _fitted_text(draw, text, font, cell_w),
                      fill=(40, 40, 40) if row == 0 else (110, 110, 110), font=font)
    return sheet


def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = shipped_font()
    return ImageFont.truetype(str(path), CAPTION) if path else ImageFont.load_default(CAPTION)


def _fitted_text(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
                 width: int) -> str:
    """`text` cut with an ellipsis in the middle (a file name keeps its end) to fit `width` px."""
    if not text or draw.textlength(text, font=font) <= width:
        return text
    keep = len(text)
    while keep > 2 and draw.textlength(text[: keep // 2] + "…" + text[-(keep - keep // 2):], font=font) > width:
        keep -= 1
    return text[: keep // 2] + "…" + text[-(keep - keep // 2):]


def _outlined(original: Image.Image, candidate: Candidate, k: float) -> Image.Image:
    small = _fit(original, PANEL)
    s = small.size[0] / original.size[0] / k  # displayed pixels -> panel pixels
    x, y, w, h = candidate.region
    draw = ImageDraw.Draw(small)
    box = (x * s, y * s, (x + w) * s, (y + h) * s)
    for inset in range(3):
        draw.rectangle((box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset), outline=(230, 30, 30))
    return small


def save_comparison(query: str | os.PathLike[str], candidate: Candidate, target: str | os.PathLike[str],
                    lang: str | None = None) -> Path:
    """Write the comparison picture as a JPEG at `target` (atomically); returns its path."""
    picture = comparison_picture(query, candidate, lang)
    encoded = io.BytesIO()
    picture.save(encoded, "JPEG", quality=90)
    path = Path(target)
    atomic_write_bytes(path, encoded.getvalue())
    return path
