"""Models (the people in the photos) and their proof: ID photos, kept for reuse only when asked.

A model has a name, proof photo(s) (the model holding the front of their ID card, any common image
format) and the images they appear in. ID photos are personal data: they live in the case folder and
the export; a model is stored in the app-data models folder (`core.base.appdata.models_dir()`) only when
the user ticks "keep for later cases", and can be deleted there. Nothing here writes to a proof photo:
kept copies are byte-identical and sha256-verified, and the purpose watermark goes on a copy.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from core.base.appdata import models_dir
from core.base.fileops import CopyMismatch, atomic_write_bytes, atomic_write_text, copy_verified
from core.base.resources import shipped_font
from core.photo.decode import decode

MODEL_FILE = "model.json"
_ID_PATTERN = re.compile(r"^[0-9a-f]{32}$")


def new_model_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Person:
    name: str
    proof_files: list[str] = field(default_factory=list)  # paths of the ID photos
    appears_in: list[str] = field(default_factory=list)  # source paths of the images the model is in
    id: str = field(default_factory=new_model_id)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "proof_files": list(self.proof_files),
                "appears_in": list(self.appears_in)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Person:
        return cls(str(data["name"]), [str(p) for p in data.get("proof_files", [])],
                   [str(p) for p in data.get("appears_in", [])], str(data.get("id") or new_model_id()))


class PersonStoreError(Exception):
    """A kept model cannot be saved, read or deleted; the message says which and why."""


def _folder(model_id: str) -> Path:
    if not _ID_PATTERN.match(model_id):  # ids come from files: never let one name a path outside the store
        raise PersonStoreError(f"not a model id: {model_id!r}")
    return models_dir() / model_id


def keep_model(model: Person) -> Person:
    """Store a model for later cases (the user ticked "keep for later cases"): its name and verified
    copies of its ID photos, in `models_dir()/<id>/`. Where the model appears is case data and is not
    kept. All or nothing: on any error the store is left as it was. Returns the kept model, whose
    proof_files point into the store."""
    target = _folder(model.id)
    staging = models_dir() / f".{model.id}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        proofs: list[dict[str, Any]] = []
        for index, proof in enumerate(model.proof_files, start=1):
            source = Path(proof)
            name = f"proof_{index:02d}{source.suffix.lower()}"
            proofs.append({"file": name, "sha256": copy_verified(source, staging / name),
                           "original_name": source.name})
        record = {"id": model.id, "name": model.name, "proofs": proofs,
                  "kept_at": _dt.datetime.now().astimezone().isoformat(timespec="seconds")}
        atomic_write_text(staging / MODEL_FILE, json.dumps(record, ensure_ascii=False, indent=2))
        if target.exists():  # keeping again replaces the earlier copy
            shutil.rmtree(target)
        os.replace(staging, target)
    except (OSError, CopyMismatch) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PersonStoreError(f"could not keep model {model.name!r}: {error}") from error
    return load_kept_model(model.id)


def load_kept_model(model_id: str) -> Person:
    folder = _folder(model_id)
    try:
        record = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
        proofs = [str(folder / str(proof["file"])) for proof in record.get("proofs", [])]
        return Person(str(record["name"]), proofs, [], model_id)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PersonStoreError(f"kept model {model_id} cannot be read: {error}") from error


def kept_models() -> list[Person]:
    """Every model kept for later cases, by name; unreadable entries are skipped."""
    found: list[Person] = []
    for folder in sorted(models_dir().iterdir()):
        if folder.is_dir() and _ID_PATTERN.match(folder.name):
            try:
                found.append(load_kept_model(folder.name))
            except PersonStoreError:
                continue
    return sorted(found, key=lambda model: model.name)


def delete_kept_model(model_id: str) -> bool:
    """Remove a kept model and its ID photos from the store; False when it was not there."""
    folder = _folder(model_id)
    if not folder.exists():
        return False
    try:
        shutil.rmtree(folder)
    except OSError as error:
        raise PersonStoreError(f"could not delete kept model {model_id}: {error}") from error
    return True


# --- purpose watermark on a copy of an ID photo ----------------------------------------------------------

WATERMARK_ZH = "仅限图片侵权投诉使用 {date}"
WATERMARK_EN = "For image-infringement complaint only {date}"

def find_cjk_font() -> Path | None:
    """The shipped font the watermark is drawn with (core.base.resources.shipped_font); None only when the
    installation lacks it (then the English line is drawn and the result says so)."""
    return shipped_font()


@dataclass(frozen=True)
class WatermarkResult:
    path: Path
    text: str  # the text actually drawn
    font: Path | None  # the CJK font used; None when the text fell back to English
    fallback: bool  # True: Chinese was asked for but no CJK font was found, so English was drawn


def watermark_copy(proof_path: str | os.PathLike[str], out_path: str | os.PathLike[str],
                   text: str | None = None, date: _dt.date | None = None) -> WatermarkResult:
    """Write a watermarked COPY of an ID photo to `out_path` (JPEG, no metadata); the proof itself is
    only read. `text` defaults to "仅限图片侵权投诉使用 <date>", drawn with the shipped font; should that
    font be missing, the English line "For image-infringement complaint only <date>" is drawn instead, and
    the result says so."""
    source, target = Path(proof_path), Path(out_path)
    if target.resolve() == source.resolve():
        raise ValueError("the watermarked copy must not replace the proof photo")
    day = (date or _dt.date.today()).isoformat()
    wanted = text if text is not None else WATERMARK_ZH.format(date=day)
    font = find_cjk_font()
    fallback = font is None and any(ord(char) > 0x2E7F for char in wanted)
    drawn = WATERMARK_EN.format(date=day) if fallback else wanted
    _draw_watermark(source, target, drawn, font)
    return WatermarkResult(target, drawn, font, fallback)


def _draw_watermark(source: Path, target: Path, text: str, font_path: Path | None) -> None:
    """Repeat `text` diagonally across the whole photo, half transparent: the ID stays readable, and
    the purpose cannot be cropped away. Written atomically (temporary file, then rename)."""
    photo = decode(source, None).image  # full size, upright as the phone showed it
    width, height = photo.size
    size = max(14, min(width, height) // 16)
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    font = ImageFont.truetype(str(font_path), size) if font_path else ImageFont.load_default(size)
    diagonal = int((width**2 + height**2) ** 0.5) + 2 * size
    layer = Image.new("RGBA", (diagonal, diagonal), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    step_x, step_y = max(1, round(right - left) + 3 * size), max(1, round(bottom - top) * 4)
    for row, y in enumerate(range(0, diagonal, step_y)):
        offset = (row % 2) * step_x // 2  # stagger the rows like bricks
        for x in range(-offset, diagonal, step_x):
            draw.text((x, y), text, font=font, fill=(255, 255, 255, 110), stroke_width=max(1, size // 14),
                      stroke_fill=(0, 0, 0, 90))
    layer = layer.rotate(30, resample=Image.Resampling.BICUBIC)
    x0, y0 = (diagonal - width) // 2, (diagonal - height) // 2
    marked = Image.alpha_composite(photo.convert("RGBA"), layer.crop((x0, y0, x0 + width, y0 + height)))
    encoded = io.BytesIO()
    marked.convert("RGB").save(encoded, "JPEG", quality=92)
    atomic_write_bytes(target, encoded.getvalue())
