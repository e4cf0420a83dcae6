"""The case review remembers face results per file content: a second review does not detect again,
a changed picture is checked afresh, and ID photos never enter the cache."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.base.fileops import sha256_file
from core.case.build import PersonInput, create_case
from core.case.casefile import load_case
from core.case.review import review_case
from core.faces import detect as faces
from core.faces.cache import cache_path
from tests.case_shoot import Shoot
from tests.conftest import make_jpeg

LINK = "https://detail.1688.com/offer/623456789012.html"


@pytest.fixture
def detected(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the complaint and behind-the-scenes files the real detector looked at (ID photos in
    CASE_DIR/proof are looked at too, for "a proof photo with no face", but never cached: see below)."""
    calls: list[str] = []
    real = faces.detect_faces

    def counting(path: Any, cancel: Any = None) -> Any:
        if Path(path).parent.name != "proof":
            calls.append(Path(path).name)
        return real(path, cancel)

    monkeypatch.setattr(faces, "detect_faces", counting)
    return calls


def _case(folder: Path, shoot: Shoot) -> Path:
    create_case(folder, profile_id="1688", seller="某某店", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(p) for p in shoot.bts], models=[PersonInput("小红", [str(shoot.proof)], [])])
    return folder


def _face_codes(folder: Path) -> dict[str, list[str]]:
    review = review_case(load_case(folder), folder)
    return {Path(r.source).name: sorted(f.code for f in r.findings if f.code.startswith("face."))
            for r in review.files if r.role != "model_proof"}


def test_a_second_review_does_not_detect_again(tmp_path: Path, shoot: Shoot, detected: list[str]) -> None:
    folder = _case(tmp_path / "case", shoot)
    first = _face_codes(folder)
    assert sorted(detected) == sorted(p.name for p in [shoot.complaint, *shoot.bts])
    detected.clear()
    assert _face_codes(folder) == first  # the same answers, from the cache
    assert detected == []
    stored = json.loads(cache_path(folder).read_text(encoding="utf-8"))
    assert len(stored["files"]) == 3
    assert str(tmp_path) not in cache_path(folder).read_text(encoding="utf-8")  # no paths, only content keys


def test_a_changed_picture_is_checked_again(tmp_path: Path, shoot: Shoot, detected: list[str]) -> None:
    folder = _case(tmp_path / "case", shoot)
    _face_codes(folder)
    detected.clear()
    make_jpeg(shoot.bts[0], width=1800, height=1200, seed=123)  # another program saved over the picture
    review = review_case(load_case(folder), folder)
    assert detected == [shoot.bts[0].name]
    changed = review.file(str(shoot.bts[0]))
    assert changed is not None and "case.source_changed" in {f.code for f in changed.findings}


def test_id_photos_never_enter_the_face_cache(tmp_path: Path, shoot: Shoot, detected: list[str]) -> None:
    folder = _case(tmp_path / "case", shoot)
    review_case(load_case(folder), folder)
    proof = folder / load_case(folder).models[0].proof[0].path
    assert shoot.proof.name not in detected
    stored = cache_path(folder).read_text(encoding="utf-8")
    assert len(json.loads(stored)["files"]) == 3
    assert sha256_file(proof) not in stored and sha256_file(shoot.proof) not in stored


def test_a_damaged_cache_or_a_new_detector_means_detecting_again(tmp_path: Path, shoot: Shoot,
                                                                  detected: list[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _case(tmp_path / "case", shoot)
    review_case(load_case(folder), folder)
    cache_path(folder).write_text("{not json", encoding="utf-8")
    detected.clear()
    review_case(load_case(folder), folder)
    assert len(detected) == 3
    monkeypatch.setattr("core.faces.cache.detector_fingerprint", lambda: "another detector")
    detected.clear()
    review_case(load_case(folder), folder)
    assert len(detected) == 3


def test_pictures_taken_out_of_the_case_drop_out_of_the_cache(tmp_path: Path, shoot: Shoot,
                                                              detected: list[str]) -> None:
    folder = _case(tmp_path / "case", shoot)
    review_case(load_case(folder), folder)
    case = load_case(folder)
    case.bts = case.bts[:1]
    review_case(case, folder)
    assert len(json.loads(cache_path(folder).read_text(encoding="utf-8"))["files"]) == 2
