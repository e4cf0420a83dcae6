"""Issue 14, "ready must be true": explanations per photo, model proof per face, shoot relation per
image, and a review that reuses what it learned about unchanged files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.base.rules import load_profile
from core.case.build import PersonInput, create_case, make_entry
from core.case.casefile import SCHEMA_VERSION, FaceMark, load_case, save_case
from core.case.explanations import ExplainRequest, parse_request
from core.case.export import ExportError, export_case
from core.case.file_facts import FileFacts
from core.case.review import review_case, settle_legacy
from core.faces import detect as faces_module
from tests.case_shoot import Shoot
from tests.conftest import make_jpeg

LINK = "https://detail.1688.com/offer/623456789012.html"


def _small(path: Path, seed: int, taken: str = "2026:05:01 10:01:00") -> Path:
    """A camera original under 200 KB: the size rule blocks it."""
    made = make_jpeg(path, width=400, height=300, seed=seed, serial="032021001234", taken=taken)
    assert made.stat().st_size < 204_800
    return made


def _open(review: Any) -> set[tuple[str, str | None]]:
    return {(i.finding.code, Path(i.file).name if i.file else None) for i in review.open_blockers()}


# ----- 1. explanations are per photo ---------------------------------------------------------------
def test_explaining_one_photo_leaves_the_other_blocked_before_and_after_reopening(tmp_path: Path,
                                                                                   shoot: Shoot) -> None:
    a, b = _small(tmp_path / "p" / "DSCN0021.jpg", 3), _small(tmp_path / "p" / "two_faces_1.jpg", 4)
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="s", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(shoot.bts[0]), str(a), str(b)])
    case = load_case(folder)
    review = review_case(case, folder)
    assert {("size.too_small", "DSCN0021.jpg"), ("size.too_small", "two_faces_1.jpg")} <= _open(review)
    issue = next(i for i in review.open_blockers() if i.file == str(a))
    case.explain(issue.finding.code, issue.key, "平台客服确认这张可以", issue.file)
    assert ("size.too_small", "two_faces_1.jpg") in _open(review_case(case, folder))
    save_case(case, folder)
    reopened = review_case(load_case(folder), folder)
    assert ("size.too_small", "two_faces_1.jpg") in _open(reopened)
    assert ("size.too_small", "DSCN0021.jpg") not in _open(reopened)
    assert reopened.file_state(str(a)) == "explained" and reopened.file_state(str(b)) == "block"
    assert reopened.readiness().state == "blocked"
    stored = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    [explanation] = stored["explanations"]
    assert explanation["code"] == "size.too_small" and explanation["sha256"] == load_case(folder).bts[1].sha256


def test_status_text_is_honest_about_explanations(tmp_path: Path, shoot: Shoot) -> None:
    a = _small(tmp_path / "p" / "a.jpg", 5)
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="s", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(shoot.bts[0]), str(a)])
    case = load_case(folder)
    review = review_case(case, folder)
    assert review.readiness().text() == "还有 1 项需要解决才能导出"
    issue = review.open_blockers()[0]
    case.explain(issue.finding.code, issue.key, "理由", issue.file)
    review = review_case(case, folder)
    assert review.readiness().text() == "可以导出，但有 1 项是您说明了理由的：平台仍可能因此驳回"
    assert "全部就绪" not in review.readiness().text()
    assert review.readiness().text("en").startswith("Can be exported, but 1 item(s)")


def test_an_old_per_code_override_becomes_one_explanation_per_file_and_the_history_says_so(
        tmp_path: Path, shoot: Shoot) -> None:
    a, b = _small(tmp_path / "p" / "a.jpg", 6), _small(tmp_path / "p" / "b.jpg", 7)
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="s", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(a), str(b)])
    data = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    data.pop("explanations"), data.pop("faces"), data.pop("legacy_overrides")
    data.update(schema_version=1, overrides={"size.too_small": "旧版本的豁免"})
    (folder / "case.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    case = load_case(folder)
    assert case.schema_version == SCHEMA_VERSION and case.legacy_overrides == {"size.too_small": "旧版本的豁免"}
    review = review_case(case, folder)
    assert not any(i.finding.code == "size.too_small" for i in review.open_blockers())
    assert settle_legacy(case, review)
    save_case(case, folder)
    again = load_case(folder)
    assert sorted(e.file or "" for e in again.explanations) == sorted([str(a), str(b)])
    assert again.legacy_overrides == {}
    migrated = [h for h in again.history if h.action == "migrated"]
    assert migrated and sorted(f["file"] for f in migrated[0].detail["files"]) == sorted([str(a), str(b)])


def test_override_requests_parse_per_code_and_per_file() -> None:
    assert parse_request("size.too_small=太小") == ExplainRequest("size.too_small", "太小")
    assert parse_request("size.too_small@IMG 1.JPG=太小") == ExplainRequest("size.too_small", "太小", "IMG 1.JPG")
    assert parse_request("size.too_small@=x") is None and parse_request("nocode") is None


def test_cli_override_per_file_covers_only_that_file(tmp_path: Path, shoot: Shoot) -> None:
    a, b = _small(tmp_path / "p" / "a.jpg", 8), _small(tmp_path / "p" / "b.jpg", 9)
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="s", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(a), str(b)])
    refused = export_case(folder, tmp_path / "out", [ExplainRequest("size.too_small", "a 可以", "a.jpg")])
    assert refused.refused and [Path(i.file or "").name for i in refused.blockers] == ["b.jpg"]
    with pytest.raises(ExportError) as error:
        export_case(folder, tmp_path / "out", [ExplainRequest("size.too_small", "x", "nowhere.jpg")])
    assert error.value.finding.code == "export.override_no_file" and "nowhere.jpg" in error.value.finding.message
    done = export_case(folder, tmp_path / "out", [ExplainRequest("size.too_small", "两张都可以")])
    assert done.manifest is not None
    assert sorted(Path(e["source_path"]).name for e in done.manifest["explained"]) == ["a.jpg", "b.jpg"]
    assert len(load_case(folder).explanations) == 2


# ----- 3. model proof per face ---------------------------------------------------------------------
@pytest.fixture
def two_faces(monkeypatch: pytest.MonkeyPatch) -> None:
    """The detector finds two faces in every photo named face*.jpg, none elsewhere."""
    real = faces_module.detect_faces

    def fake(path: Any, cancel: Any = None) -> Any:
        if Path(path).name.startswith("face"):
            return faces_module.FaceResult(str(path), 2, [(100, 100, 200, 200), (900, 120, 210, 210)], 1600, 1200)
        result = real(path, cancel)
        return result

    monkeypatch.setattr(faces_module, "detect_faces", fake)


def test_two_faces_and_one_model_stay_blocked_naming_the_uncovered_face(tmp_path: Path, shoot: Shoot,
                                                                        two_faces: None) -> None:
    photo = make_jpeg(tmp_path / "p" / "face_shot.jpg", width=2000, height=1500, seed=21, quality=90,
                      serial="032021001234", taken="2026:05:01 10:01:00")
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="s", listings=[LINK], complaint=[str(photo)],
                bts=[str(p) for p in shoot.bts], models=[PersonInput("小红", [str(shoot.proof)], [str(photo)])])
    case = load_case(folder)
    review = review_case(case, folder)
    [issue] = [i for i in review.open_blockers() if i.finding.code == "face.model_proof_required"]
    assert issue.finding.params["uncovered"] == 1 and issue.finding.params["boxes"] == [[900, 120, 210, 210]]
    assert "其中 1 张还没有对应的模特证明" in issue.finding.message
    # the second face is a poster on the wall: a per-face declaration covers it
    case.faces[str(photo)] = [FaceMark((905, 118, 205, 212), declared="墙上的海报，不是模特")]
    review = review_case(case, folder)
    assert not any(i.finding.code == "face.model_proof_required" for i in review.open_blockers())
    assert review.file(str(photo)).faces == 2  # type: ignore[union-attr]
    # a face the detector missed, drawn by the user, counts like a detected one
    case.faces[str(photo)].append(FaceMark((1500, 600, 150, 150), drawn=True))
    review = review_case(case, folder)
    [issue] = [i for i in review.open_blockers() if i.finding.code == "face.model_proof_required"]
    assert issue.finding.params["boxes"] == [[1500, 600, 150, 150]] and issue.finding.params["faces"] == 3


def test_a_proof_photo_without_a_face_warns(tmp_path: Path, shoot: Shoot) -> None:
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="s", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(p) for p in shoot.bts], models=[PersonInput("小红", [str(shoot.proof)], [])])
    review = review_case(load_case(folder), folder)
    if not FileFacts(folder).faces_available():
        pytest.skip("the face check is not part of this build")
    assert any(w.finding.code == "face.proof_no_face" and "小红" in w.finding.message for w in review.warnings())


# ----- 4. shoot relation per image -----------------------------------------------------------------
def test_one_unrelated_behind_the_scenes_image_gets_its_own_finding(tmp_path: Path, shoot: Shoot) -> None:
    old = make_jpeg(tmp_path / "p" / "IMG_2005.JPG", width=2000, height=1500, seed=31, quality=90, make="Canon",
                    model="Canon EOS 300D", serial="1", taken="2005:03:01 09:00:00")
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="s", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[*map(str, shoot.bts), str(old)])
    review = review_case(load_case(folder), folder)
    shoot_issues = [i for i in review.warnings() if i.finding.code == "bts.not_same_shoot"]
    assert [Path(i.file or "").name for i in shoot_issues] == ["IMG_2005.JPG"]
    assert "拍摄于 2005 年，和投诉图不是同一次拍摄" in shoot_issues[0].finding.message
    assert all(review.file(str(p)).shares_shoot for p in shoot.bts)  # type: ignore[union-attr]
    facts = review.shoot()
    assert [c["serial"] for c in facts["cameras"]] == ["032021001234"]
    assert [Path(u["file"]).name for u in facts["unrelated"]] == ["IMG_2005.JPG"]


# ----- 5. a review that keeps up -------------------------------------------------------------------
def test_a_case_field_edit_reads_no_file_and_an_added_photo_is_the_only_one_inspected(
        tmp_path: Path, shoot: Shoot) -> None:
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="s", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(shoot.bts[0])])
    case = load_case(folder)
    facts = FileFacts(folder)
    review_case(case, folder, facts=facts)
    assert facts.counts["inspect"] == 2  # each file once per review
    facts.counts.clear()
    case.seller = "改了店名"
    review_case(case, folder, facts=facts)
    assert facts.counts == {}, facts.counts  # nothing hashed, inspected, decoded or detected again
    case.bts.append(make_entry(shoot.bts[1], folder, load_profile("1688"), convert=False))
    review_case(case, folder, facts=facts)
    assert facts.counts["inspect"] == 1 and facts.counts["sha256"] == 1
    shoot.bts[0].write_bytes(shoot.bts[0].read_bytes() + b"\0")  # size and mtime change: read again
    facts.counts.clear()
    review = review_case(case, folder, facts=facts)
    assert facts.counts["inspect"] == 1
    assert any(i.finding.code == "case.source_changed" for i in review.open_blockers())


def test_the_authorization_page_comes_from_the_case_and_its_signed_scan_goes_into_the_bundle(
        tmp_path: Path, shoot: Shoot) -> None:
    from core.case.authorization import attach_authorization, render_authorization

    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="仿冒小店", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(p) for p in shoot.bts],
                models=[PersonInput("小红", [str(shoot.proof)], [str(shoot.complaint)])])
    case = load_case(folder)
    page = render_authorization(review_case(case, folder), "小红")
    assert "模特肖像使用授权书" in page and "小红" in page and "2026-05-01" in page and "模特签名" in page
    assert "仿冒小店" in page and shoot.complaint.name in page and "<script" not in page
    scan = make_jpeg(tmp_path / "signed" / "授权书扫描.jpg", width=900, height=1200, seed=5, exif=b"")
    before = scan.read_bytes()
    attach_authorization(case, folder, "小红", str(scan))
    save_case(case, folder)
    assert scan.read_bytes() == before  # the user's scan is only read
    result = export_case(folder, tmp_path / "out")
    assert result.manifest is not None and result.bundle is not None
    paths = [f["path"] for f in result.manifest["files"] if f["role"] == "model_proof"]
    assert any("授权书" in p for p in paths), paths
    copied = next(p for p in paths if "授权书" in p)
    assert (result.bundle / copied).read_bytes() == before


def test_a_re_export_with_the_same_override_gives_the_same_bytes(tmp_path: Path, shoot: Shoot,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The explanation the bundle records is the one the case stores (not a second one made a moment later)."""
    import itertools

    from core.case import casefile

    ticks = itertools.count()
    monkeypatch.setattr(casefile, "now_iso", lambda: f"2026-12-01T10:00:{next(ticks) % 60:02d}+08:00")
    a = _small(tmp_path / "p" / "a.jpg", 12)
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="s", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(shoot.bts[0]), str(a)])
    request = [ExplainRequest("size.too_small", "确认过")]
    first = export_case(folder, tmp_path / "one", request)
    second = export_case(folder, tmp_path / "two", request)
    assert first.zip is not None and second.zip is not None
    assert first.zip.read_bytes() == second.zip.read_bytes()
