"""Face check on the real-world corpus: the manifest's `faces` column, every file without a crash,
boxes in upright full-size pixels, and small faces in big photos (full-body and group shots)."""

from __future__ import annotations

import random
from pathlib import Path

import piexif
import pytest
from PIL import Image, ImageOps

from core.faces.detect import FaceResult, detect_faces
from tests.conftest import CORPUS, CorpusEntry, corpus_params

pytestmark = pytest.mark.corpus


def _boxes_inside(result: FaceResult) -> bool:
    assert result.width and result.height
    return all(x >= 0 and y >= 0 and w > 0 and h > 0 and x + w <= result.width and y + h <= result.height
               for x, y, w, h in result.boxes)


@pytest.mark.parametrize("entry", corpus_params(lambda e: e.faces != ""))
def test_labelled_faces(entry: CorpusEntry) -> None:
    result = detect_faces(entry.path)
    assert result.error is None, result.error
    expected = int(entry.faces)
    if expected == 0:
        assert result.faces == 0, f"no face in {entry.file}, got boxes {result.boxes}"
    elif entry.file.startswith("faces/"):
        assert result.faces == expected, result.boxes
    else:
        # counts in crowded small photos may include a half-hidden face; never a face too few to block
        assert 1 <= result.faces <= expected + 1, result.boxes
    assert len(result.scores) == result.faces and _boxes_inside(result)


@pytest.mark.parametrize("entry", corpus_params())
def test_every_corpus_file_gets_an_answer(entry: CorpusEntry) -> None:
    result = detect_faces(entry.path)
    assert result.faces == len(result.boxes)
    if result.error is None:
        assert _boxes_inside(result)
    else:
        assert result.faces == 0 and result.reason


def _faces_folder() -> Path:
    folder = CORPUS / "faces"
    if not folder.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return folder


def test_boxes_follow_exif_orientation_and_full_size(tmp_path: Path) -> None:
    """The same scene stored sideways with Orientation=6, and stored at 3x: boxes in displayed pixels."""
    source = _faces_folder() / "two_faces_1.jpg"
    upright = ImageOps.exif_transpose(Image.open(source)).convert("RGB")
    reference = detect_faces(source)
    sideways = tmp_path / "sideways.jpg"
    exif = piexif.dump({"0th": {piexif.ImageIFD.Orientation: 6}, "Exif": {}, "GPS": {}, "1st": {}})
    upright.transpose(Image.Transpose.ROTATE_90).save(sideways, quality=95, exif=exif)
    big = tmp_path / "big.jpg"
    upright.resize((upright.width * 3, upright.height * 3), Image.Resampling.BICUBIC).save(big, quality=92)

    turned, large = detect_faces(sideways), detect_faces(big)
    assert (turned.width, turned.height) == upright.size
    assert (large.width, large.height) == (upright.width * 3, upright.height * 3)
    assert turned.faces == large.faces == reference.faces == 2

    def centres(result: FaceResult, scale: float = 1.0) -> list[tuple[float, float]]:
        return sorted(((x + w / 2) / scale, (y + h / 2) / scale) for x, y, w, h in result.boxes)

    for expected, got in zip(centres(reference), centres(turned), strict=True):
        assert abs(expected[0] - got[0]) < 25 and abs(expected[1] - got[1]) < 25
    for expected, got in zip(centres(reference), centres(large, 3.0), strict=True):
        assert abs(expected[0] - got[0]) < 25 and abs(expected[1] - got[1]) < 25


@pytest.mark.parametrize("fraction", [0.03, 0.05, 0.1])
def test_small_faces_in_a_big_photo_are_found(tmp_path: Path, fraction: float) -> None:
    """A 12-megapixel scene with a couple standing far off (faces 3-10% of the short side), as in a
    full-body product shot or a behind-the-scenes photo: both faces are found, and nothing else.
    (bench/faces_recall.py measures this over many placements.)"""
    portrait = ImageOps.exif_transpose(Image.open(_faces_folder() / "two_faces_3.jpg")).convert("RGB")
    background_path = CORPUS / "originals" / "iphone6_hdr_no.jpg"
    if not background_path.is_file():
        pytest.skip("corpus background photo missing")
    background = ImageOps.exif_transpose(Image.open(background_path)).convert("RGB").resize((4000, 3000))
    face_width = detect_faces(_faces_folder() / "two_faces_3.jpg").boxes[0][2]
    scale = fraction * 3000 / face_width
    small = portrait.resize((int(portrait.width * scale), int(portrait.height * scale)), Image.Resampling.LANCZOS)
    spot = random.Random(6).randrange(0, 4000 - small.width), random.Random(7).randrange(0, 3000 - small.height)
    background.paste(small, spot)
    photo = tmp_path / "far.jpg"
    background.save(photo, quality=90)
    result = detect_faces(photo)
    assert result.faces == 2, f"small faces in a big photo: {result.boxes}"
    for x, y, w, h in result.boxes:
        assert spot[0] - w <= x <= spot[0] + small.width and spot[1] - h <= y <= spot[1] + small.height
