"""The find-my-original comparison picture kept in a case (CASE_DIR/evidence/对比_<stem>.jpg) goes into the
bundle byte for byte, is named in the manifest and shown in report.html; a case without one exports exactly
as before."""

from __future__ import annotations

import json
import zipfile
from html import escape
from pathlib import Path

import pytest

from core.base.findings import catalog
from core.case.build import PersonInput, create_case
from core.case.export import ExportError, export_case
from core.case.manifest import BundlePlan, comparison_path
from core.case.review import CaseReview
from tests.case_shoot import Shoot, sha
from tests.conftest import make_jpeg

LINK = "https://detail.1688.com/offer/623456789012.html"
FOLDER = "附_投诉图对比"


@pytest.fixture
def case_dir(tmp_path: Path, shoot: Shoot) -> Path:
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="好店", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(p) for p in shoot.bts], models=[PersonInput("小红", [str(shoot.proof)], [])])
    return folder


def _comparison(case_dir: Path, source: Path) -> Path:
    path = comparison_path(case_dir, str(source))
    assert path == case_dir / "evidence" / f"对比_{source.stem}.jpg"  # where the match dialog saves it
    return make_jpeg(path, width=1200, height=400, seed=7, exif=b"")


def test_comparison_picture_is_copied_listed_and_shown(tmp_path: Path, shoot: Shoot, case_dir: Path) -> None:
    kept = _comparison(case_dir, shoot.complaint)
    make_jpeg(case_dir / "evidence" / "对比_IMG_9999.jpg", width=300, height=200, seed=8, exif=b"")  # not chosen
    result = export_case(case_dir, tmp_path / "out")
    assert result.bundle is not None and result.zip is not None and result.blockers == []
    bundled = result.bundle / FOLDER / f"对比_{shoot.complaint.stem}.jpg"
    assert bundled.read_bytes() == kept.read_bytes()
    assert sorted(p.name for p in (result.bundle / FOLDER).iterdir()) == [bundled.name]  # only the complaint's

    manifest = json.loads((result.bundle / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == result.manifest
    (entry,) = manifest["comparisons"]
    assert entry["path"] == f"{FOLDER}/{bundled.name}"
    assert entry["sha256"] == sha(kept) == sha(bundled) and entry["bytes"] == kept.stat().st_size
    assert entry["shows"] == f"1_投诉图/{shoot.complaint.name}" and entry["original"] == str(shoot.complaint)
    assert entry["source_path"] == f"evidence/{kept.name}"
    assert entry["description"] == catalog("zh_CN").label("case.comparison.description")
    assert all(f["path"] != entry["path"] for f in manifest["files"])  # no field of the complaint form

    html = (result.bundle / "report.html").read_text(encoding="utf-8")
    zh, en = catalog("zh_CN"), catalog("en")
    for labels in (zh, en):
        assert escape(labels.label("report.comparison")) in html
        assert escape(labels.label("report.comparison_caption", file=entry["shows"])) in html
    assert html.count('<img class="comparison"') == 2  # the picture itself, in both languages' sections
    assert entry["sha256"] in html and entry["path"] in html

    with zipfile.ZipFile(result.zip) as archive:
        assert archive.read(f"{result.bundle.name}/{entry['path']}") == kept.read_bytes()


def test_case_without_comparison_exports_as_before(tmp_path: Path, shoot: Shoot, case_dir: Path) -> None:
    plain = export_case(case_dir, tmp_path / "plain")
    assert plain.bundle is not None and plain.zip is not None and plain.manifest is not None
    assert "comparisons" not in plain.manifest
    assert not (plain.bundle / FOLDER).exists()
    html = (plain.bundle / "report.html").read_text(encoding="utf-8")
    assert catalog("zh_CN").label("report.comparison") not in html and 'class="comparison"' not in html
    # a comparison picture of some other original (one the dialog showed but the user did not choose) changes
    # nothing: the bundle is the same, byte for byte
    make_jpeg(case_dir / "evidence" / "对比_IMG_9999.jpg", width=300, height=200, seed=8, exif=b"")
    again = export_case(case_dir, tmp_path / "again")
    assert again.zip is not None and again.zip.read_bytes() == plain.zip.read_bytes()


def test_re_export_with_comparison_is_deterministic(tmp_path: Path, shoot: Shoot, case_dir: Path) -> None:
    _comparison(case_dir, shoot.complaint)
    first = export_case(case_dir, tmp_path / "one")
    second = export_case(case_dir, tmp_path / "two")
    assert first.zip is not None and second.zip is not None
    assert first.zip.read_bytes() == second.zip.read_bytes()


def test_comparison_changed_during_export_is_refused(tmp_path: Path, shoot: Shoot, case_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    kept = _comparison(case_dir, shoot.complaint)
    from core.case import export as export_module

    real = export_module.plan_bundle

    def plan_then_change(review: CaseReview) -> BundlePlan:
        plan = real(review)
        kept.write_bytes(kept.read_bytes() + b"\0")  # after the plan hashed it
        return plan

    monkeypatch.setattr(export_module, "plan_bundle", plan_then_change)
    with pytest.raises(ExportError) as raised:
        export_case(case_dir, tmp_path / "out")
    assert raised.value.finding.code == "export.source_changed"
    assert [p.name for p in (tmp_path / "out").iterdir()] == []  # all or nothing: nothing left behind
