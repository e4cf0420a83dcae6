"""The face check says "not checked" with inspect's own reason for every file inspect calls unreadable or
truncated, never "no face": libheif shows a cut HEIC and LibRaw a cut RAW's preview without complaint,
so the decode asks the same readers first (core.photo.decode)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from core.base.rules import load_profile
from core.faces.detect import detect_faces, model_proof_findings
from core.inspection.inspect import inspect_path
from tests.conftest import CORPUS, make_jpeg

UNREADABLE = {"file.unreadable", "raw.truncated"}


def _agree(path: Path) -> str:
    """Both commands' verdicts on one file; the reason they share."""
    report = inspect_path(path)
    flagged = [f for f in report.findings if f.code in UNREADABLE]
    assert flagged, report.codes()
    result = detect_faces(path)
    assert result.error is not None and result.faces == 0
    findings = model_proof_findings(result, False, None, load_profile().findings("en"))
    assert [f.code for f in findings] == ["face.not_checked"]
    reason = flagged[0].params.get("reason", "truncated")  # raw.truncated names no reason: it is one
    assert result.reason == reason
    return str(reason)


def _cut(source: Path, target: Path, keep: int) -> Path:
    target.write_bytes(source.read_bytes()[:keep])
    return target


def test_a_cut_heic_is_not_checked_as_inspect_says(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    whole = tmp_path / "whole.heic"
    pillow_heif.from_pillow(Image.effect_noise((640, 480), 60).convert("RGB")).save(whole, quality=90)
    cut = _cut(whole, tmp_path / "IMG_0001.HEIC", whole.stat().st_size - 500)
    assert _agree(cut) == "truncated"


def test_a_cut_jpeg_is_not_checked_as_inspect_says(tmp_path: Path) -> None:
    whole = make_jpeg(tmp_path / "whole.jpg", 800, 600)
    assert _agree(_cut(whole, tmp_path / "IMG_0002.JPG", whole.stat().st_size // 2)) == "truncated"


@pytest.mark.parametrize(("name", "keep"), [
    ("heic/iphone11promax.HEIC", 45_707),  # the cut the fuzzing found
    ("raw/canon_eos_6d.dng", 391_346),  # 95%: the embedded preview is still whole
    ("raw/nikon_coolscan.nef", 2_091_756),
    ("raw/blackmagic.dng", 3_191_635),
])
def test_corpus_files_cut_near_the_end(tmp_path: Path, name: str, keep: int) -> None:
    source = CORPUS / name
    if not source.is_file():
        pytest.skip(f"corpus not found at {CORPUS}")
    assert _agree(_cut(source, tmp_path / Path(name).name, keep)) == "truncated"
