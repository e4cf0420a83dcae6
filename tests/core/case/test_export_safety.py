"""The export never replaces what is not a previous bundle: the case folder, a folder of the user's own
photos, or any other folder that happens to carry the bundle's name is left alone, and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.case.build import create_case
from core.case.casefile import load_case
from core.case.export import ExportError, export_case
from tests.case_shoot import Shoot, hashes

LINK = "https://detail.1688.com/offer/623456789012.html"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _make_case(folder: Path, shoot: Shoot) -> Path:
    create_case(folder, profile_id="1688", seller="店", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(p) for p in shoot.bts], no_model_reason="产品照，没有模特")
    return folder


def test_the_case_folder_is_never_replaced_by_its_bundle(tmp_path: Path, shoot: Shoot) -> None:
    made = _make_case(tmp_path / "case", shoot)
    name = f"侵权投诉_店_{load_case(made).created_date}"
    case_dir = made.rename(tmp_path / name)  # the user named the case folder like the bundle
    before, photos = _tree(case_dir), hashes(shoot.all_files())
    with pytest.raises(ExportError) as error:
        export_case(case_dir, tmp_path)  # the bundle would land exactly on the case folder
    assert error.value.finding.code == "export.would_replace" and name in error.value.finding.message
    after = _tree(case_dir)  # the review may refresh its face cache in .cache; nothing else changes
    assert {k: v for k, v in after.items() if k in before} == before and hashes(shoot.all_files()) == photos
    assert not (tmp_path / (name + ".zip")).exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".yuantu-export-")]


def test_a_folder_of_source_photos_is_never_replaced(tmp_path: Path, shoot: Shoot) -> None:
    from core.case.casefile import now_iso

    name = f"侵权投诉_店_{now_iso()[:10]}"
    photos = shoot.complaint.parent.rename(tmp_path / "src" / name)  # the shoot's folder has the bundle's name
    moved = Shoot(photos / shoot.complaint.name, [photos / p.name for p in shoot.bts], photos / shoot.spare.name,
                  shoot.proof)
    case_dir = _make_case(tmp_path / "case", moved)
    assert load_case(case_dir).created_date == now_iso()[:10]
    before = _tree(photos)
    with pytest.raises(ExportError) as error:
        export_case(case_dir, tmp_path / "src")
    assert error.value.finding.code == "export.would_replace"
    assert _tree(photos) == before


def test_an_unrelated_folder_with_the_bundle_name_is_kept(tmp_path: Path, shoot: Shoot) -> None:
    case_dir = _make_case(tmp_path / "case", shoot)
    name = f"侵权投诉_店_{load_case(case_dir).created_date}"
    mine = tmp_path / "out" / name
    mine.mkdir(parents=True)
    (mine / "我的笔记.txt").write_text("不要删", encoding="utf-8")
    with pytest.raises(ExportError) as error:
        export_case(case_dir, tmp_path / "out", lang="en")
    assert error.value.finding.code == "export.would_replace" and "export" in error.value.finding.message.lower()
    assert _tree(mine) == {"我的笔记.txt": "不要删".encode()}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [name]


def test_a_previous_bundle_is_still_replaced(tmp_path: Path, shoot: Shoot) -> None:
    case_dir = _make_case(tmp_path / "case", shoot)
    first = export_case(case_dir, tmp_path / "out")
    assert first.bundle is not None
    shutil.rmtree(first.bundle / "2_花絮图")  # damaged by hand: a re-export puts it right
    again = export_case(case_dir, tmp_path / "out")
    assert again.bundle == first.bundle and (again.bundle / "2_花絮图").is_dir()
