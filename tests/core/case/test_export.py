"""The bundle: byte-identical originals, a complete manifest, a deterministic zip, and nothing partial
left behind when the disk fills, the destination is read-only or denied, or a source vanishes."""

from __future__ import annotations

import errno
import json
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from core.case import export as export_module
from core.case.build import PersonInput, create_case
from core.case.casefile import load_case
from core.case.export import ExportError, export_case
from tests.case_shoot import Shoot, hashes, sha

LINK = "https://detail.1688.com/offer/623456789012.html?spm=a2615.2177701"


@pytest.fixture
def case_dir(tmp_path: Path, shoot: Shoot) -> Path:
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller='好店/Shop:"A"? ', listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(p) for p in shoot.bts], models=[PersonInput("小红", [str(shoot.proof)], [])])
    return folder


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_bundle_holds_verified_copies_manifest_report_and_links(tmp_path: Path, shoot: Shoot, case_dir: Path) -> None:
    before = hashes(shoot.all_files())
    result = export_case(case_dir, tmp_path / "out")
    assert result.bundle is not None and result.zip is not None and result.blockers == []
    created = load_case(case_dir).created_date
    assert result.bundle.name == f"侵权投诉_好店_Shop_A_{created}"
    assert sorted(p.name for p in result.bundle.iterdir()) == ["1_投诉图", "2_花絮图", "3_模特证明", "manifest.json",
                                                                "report.html", "链接.txt"]
    manifest = json.loads((result.bundle / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == result.manifest
    files = {entry["path"]: entry for entry in manifest["files"]}
    assert set(files) == {p for p in _tree(result.bundle) if p.count("/") == 1 and p.split("/")[0][0].isdigit()}
    assert files[f"1_投诉图/{shoot.complaint.name}"]["role"] == "complaint"
    for entry in manifest["files"]:
        copied = result.bundle / entry["path"]
        assert sha(copied) == entry["sha256"] == entry["source_sha256"] and copied.stat().st_size == entry["bytes"]
        if entry["role"] != "model_proof":
            assert sha(Path(entry["source_path"])) == entry["sha256"]
            assert entry["camera"]["serial"] == "032021001234" and entry["capture_time"].startswith("2026-05-01T10:")
    assert sha(result.bundle / "3_模特证明" / "小红.jpg") == before[shoot.proof]
    assert manifest["case"]["listings"] == ["https://detail.1688.com/offer/623456789012.html"]
    assert (result.bundle / "链接.txt").read_bytes() == b"https://detail.1688.com/offer/623456789012.html\r\n"
    assert manifest["app"]["version"] and manifest["profile"]["id"] == "1688"
    assert manifest["shoot"]["span_minutes"] == 6.0
    html = (result.bundle / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html.replace("https://detail.1688.com/offer/623456789012.html", "")
    assert html.count("data:image/jpeg;base64,") >= 8 and "@media print" in html
    assert html.index("提交清单") < html.index("Checklist") and "032021001234" in html
    assert hashes(shoot.all_files()) == before
    history = load_case(case_dir).history
    assert history[-1].action == "exported" and history[-1].detail["zip"] == str(result.zip)
    with zipfile.ZipFile(result.zip) as archive:
        names = archive.namelist()
        assert names == sorted(names) and all(n.startswith(result.bundle.name + "/") for n in names)
        assert {info.date_time[:3] for info in archive.infolist()} == {tuple(int(x) for x in created.split("-"))}
        assert archive.read(f"{result.bundle.name}/1_投诉图/{shoot.complaint.name}") == shoot.complaint.read_bytes()


def test_same_case_same_bytes(tmp_path: Path, case_dir: Path) -> None:
    first = export_case(case_dir, tmp_path / "out")
    assert first.zip is not None
    first_zip = first.zip.read_bytes()
    again = export_case(case_dir, tmp_path / "out")  # replaces the first bundle in place
    elsewhere = export_case(case_dir, tmp_path / "other")
    assert again.zip is not None and elsewhere.zip is not None
    assert again.zip.read_bytes() == first_zip == elsewhere.zip.read_bytes()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([first.zip.name, first.zip.stem])


def test_refuses_with_blockers_and_writes_nothing(tmp_path: Path, shoot: Shoot) -> None:
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="s", listings=["not a link"], complaint=[str(shoot.complaint)],
                bts=[str(shoot.bts[0])])
    saved = (folder / "case.json").read_bytes()
    result = export_case(folder, tmp_path / "out")
    assert result.bundle is None and result.zip is None
    assert {i.finding.code for i in result.blockers} == {"listing.invalid", "listing.missing", "case.bts_too_few"}
    assert not (tmp_path / "out").exists() and (folder / "case.json").read_bytes() == saved
    partly = export_case(folder, tmp_path / "out", {"case.bts_too_few": "只有一张现场照"})
    assert partly.bundle is None and {i.finding.code for i in partly.blockers} == {"listing.invalid", "listing.missing"}


def test_overrides_are_recorded_with_the_files_they_cover(tmp_path: Path, shoot: Shoot) -> None:
    twin = tmp_path / "copies" / shoot.bts[0].name  # the same photo, copied to another folder
    twin.parent.mkdir()
    shutil.copyfile(shoot.bts[0], twin)
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="s", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(shoot.bts[0]), str(twin)])
    result = export_case(folder, tmp_path / "out", {"case.duplicate_image": "同一张现场照放了两次，平台允许"})
    assert result.manifest is not None
    [explained] = result.manifest["explained"]
    assert explained["code"] == "case.duplicate_image" and explained["reason"].startswith("同一张")
    assert explained["file"] == f"2_花絮图/{shoot.bts[0].stem}_2{shoot.bts[0].suffix}"
    stored = load_case(folder)
    assert [(e.code, e.file) for e in stored.explanations] == [("case.duplicate_image", str(twin))]
    assert any(h.action == "explained" and h.detail["file"] == str(twin) for h in stored.history)
    assert "同一张现场照放了两次" in (result.bundle / "report.html").read_text(encoding="utf-8")  # type: ignore[operator]


def _no_leftovers(out: Path) -> None:
    assert not out.exists() or list(out.iterdir()) == []


def _raise(number: int) -> Any:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError(number, os.strerror(number))
    return fail


@pytest.mark.parametrize(("target", "number", "code", "words"), [
    ("copyfile", errno.ENOSPC, "export.disk_full", "disk is full"),
    ("copyfile", errno.EACCES, "export.permission_denied", "permission denied"),
    ("rename", errno.EROFS, "export.read_only", "read-only"),
    ("mkdtemp", errno.EACCES, "export.permission_denied", "permission denied"),
    ("zip", errno.ENOSPC, "export.disk_full", "disk is full"),
])
def test_write_faults_leave_no_partial_bundle(tmp_path: Path, case_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                              target: str, number: int, code: str, words: str) -> None:
    out = tmp_path / "out"
    if target == "copyfile":
        monkeypatch.setattr(export_module.shutil, "copyfile", _raise(number))
    elif target == "rename":
        monkeypatch.setattr(export_module.os, "rename", _raise(number))
    elif target == "mkdtemp":
        monkeypatch.setattr(export_module.tempfile, "mkdtemp", _raise(number))
    else:
        monkeypatch.setattr(export_module.zipfile.ZipFile, "writestr", _raise(number))
    history = load_case(case_dir).history
    with pytest.raises(ExportError) as error:
        export_case(case_dir, out, lang="en")
    finding = error.value.finding
    assert finding.code == code and words in finding.message and "No partial bundle" in finding.message
    assert finding.params["file"] and finding.remedy
    _no_leftovers(out)
    assert load_case(case_dir).history == history


def test_a_failed_re_export_keeps_the_previous_bundle(tmp_path: Path, case_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    first = export_case(case_dir, tmp_path / "out")
    assert first.bundle is not None and first.zip is not None
    tree, zipped = _tree(first.bundle), first.zip.read_bytes()
    real_rename = os.rename
    calls: list[str] = []

    def second_rename_fails(src: Any, dst: Any) -> None:
        calls.append(str(dst))
        if len(calls) == 4:  # old folder and new folder placed, old zip moved aside; the new zip fails
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        real_rename(src, dst)

    monkeypatch.setattr(export_module.os, "rename", second_rename_fails)
    with pytest.raises(ExportError) as error:
        export_case(case_dir, tmp_path / "out")
    assert error.value.finding.code == "export.read_only"
    assert _tree(first.bundle) == tree and first.zip.read_bytes() == zipped
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([first.zip.name, first.bundle.name])


def test_a_source_deleted_mid_export_is_named(tmp_path: Path, shoot: Shoot, case_dir: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    victim = tmp_path / "victim.jpg"
    shutil.copyfile(shoot.bts[1], victim)
    real_copy = shutil.copyfile
    copies: list[str] = []

    def delete_then_copy(src: Any, dst: Any, **kwargs: Any) -> Any:
        copies.append(str(src))
        if len(copies) == 2:
            Path(shoot.bts[1]).unlink()  # the user moves a photo away while the export runs
        return real_copy(src, dst, **kwargs)

    monkeypatch.setattr(export_module.shutil, "copyfile", delete_then_copy)
    with pytest.raises(ExportError) as error:
        export_case(case_dir, tmp_path / "out")
    finding = error.value.finding
    assert finding.code == "export.source_vanished" and str(shoot.bts[1]) in finding.message
    assert "没有留下不完整的材料包" in finding.message
    _no_leftovers(tmp_path / "out")


def test_a_source_changed_mid_export_is_refused(tmp_path: Path, shoot: Shoot, case_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real_copy = shutil.copyfile

    def change_then_copy(src: Any, dst: Any, **kwargs: Any) -> Any:
        if Path(src) == shoot.bts[0]:
            Path(src).write_bytes(Path(src).read_bytes()[:-10])  # the test's own file, changed "by another app"
        return real_copy(src, dst, **kwargs)

    monkeypatch.setattr(export_module.shutil, "copyfile", change_then_copy)
    with pytest.raises(ExportError) as error:
        export_case(case_dir, tmp_path / "out")
    assert error.value.finding.code == "export.source_changed" and str(shoot.bts[0]) in error.value.finding.message
    _no_leftovers(tmp_path / "out")


def test_a_watermarked_id_photo_goes_out_and_the_copy_stays_untouched(tmp_path: Path, shoot: Shoot,
                                                                        case_dir: Path) -> None:
    from core.case.build import set_proof_watermark
    from core.case.casefile import save_case

    case = load_case(case_dir)
    untouched = case_dir / case.models[0].proof[0].path
    outcome = set_proof_watermark(case.models[0], case_dir, True)
    assert case.models[0].proof[0].original is None  # the given model is not changed
    case.models[0].proof = outcome.proof
    save_case(case, case_dir)
    marked = case_dir / outcome.proof[0].path
    assert outcome.text and "仅限图片侵权投诉使用" in outcome.text or outcome.fallback
    assert sha(untouched) == sha(shoot.proof) and sha(marked) != sha(shoot.proof)
    result = export_case(case_dir, tmp_path / "out", overrides={"face.model_proof_required": "测试"})
    assert result.bundle is not None, [i.finding.code for i in result.blockers]
    assert sha(result.bundle / "3_模特证明" / "小红.jpg") == sha(marked)
    back = set_proof_watermark(load_case(case_dir).models[0], case_dir, False)
    assert back.proof[0].path == untouched.relative_to(case_dir).as_posix() and back.proof[0].sha256 == sha(untouched)
    assert not marked.exists() and back.text is None
