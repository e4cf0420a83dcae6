"""The ownership-evidence page for a complaint rejected because the accused also supplied an original."""

from __future__ import annotations

from pathlib import Path

from core.case import evidence, lifecycle
from core.case.build import create_case
from core.case.casefile import save_case
from core.case.export import export_case
from core.case.review import review_case
from tests.case_shoot import Shoot, hashes, sha

LINK = "https://detail.1688.com/offer/623456789012.html"


def test_evidence_gathers_the_whole_shoot_serials_times_and_export_hashes(tmp_path: Path, shoot: Shoot) -> None:
    before = hashes(shoot.all_files())
    folder = tmp_path / "case"
    case = create_case(folder, profile_id="1688", seller="盗图店", listings=[LINK], complaint=[str(shoot.complaint)],
                       bts=[str(p) for p in shoot.bts], no_model_reason="只拍了商品")
    result = export_case(folder, tmp_path / "out")
    assert result.bundle is not None
    case = result.review.case
    now = lifecycle.local_now()
    lifecycle.submit(case, now, "E-1", now=now)
    lifecycle.record_result(case, "rejected", reason="accused_has_original", now=now)
    save_case(case, folder)
    found = evidence.gather(review_case(case, folder, "zh_CN"))
    assert [Path(f.path).name for f in found.shoot] == ["IMG_4100.JPG", "IMG_4101.JPG", "IMG_4102.JPG",
                                                         "IMG_4103.JPG"]  # the spare frame too
    assert found.serials == ["032021001234"]
    assert found.earliest is not None and Path(found.earliest.path).name == "IMG_4100.JPG"
    complaint = next(p for p in found.photos if p["role"] == "complaint")
    assert complaint["sha256_added"] == complaint["sha256_exported"] == sha(shoot.complaint)
    page = evidence.write(found, folder, "zh_CN")
    text = page.read_text(encoding="utf-8")
    assert page.parent == folder and "建议走司法途径" in text and "032021001234" in text and "E-1" in text
    assert hashes(shoot.all_files()) == before  # the originals are only read
    assert "legal route" in evidence.render(found, "en").lower()
