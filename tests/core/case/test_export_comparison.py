"""Find-my-original evidence in a case: the choice is recorded (listing image, original, score, region,
comparison picture, when), the export bundle and report.html take the picture from that record, and a
picture that no longer proves the complaint image (another original chosen, the file changed, deleted)
is never exported as proof. An old case whose picture exists only by name still exports it."""

from __future__ import annotations

import json
import zipfile
from html import escape
from pathlib import Path

import pytest
from PIL import Image

from core.base.findings import catalog
from core.base.rules import load_profile
from core.case.build import PersonInput, create_case, make_entry
from core.case.casefile import MIGRATIONS, SCHEMA_VERSION, load_case, save_case
from core.case.comparisons import adopt_match, legacy_comparison_path, prepare_match, proofs
from core.case.export import ExportError, export_case
from core.case.manifest import BundlePlan
from core.case.review import CaseReview, review_case
from core.matching.query import Candidate
from tests.case_shoot import Shoot, sha
from tests.conftest import make_jpeg

LINK = "https://detail.1688.com/offer/623456789012.html"
FOLDER = "附_投诉图对比"
COMPLAINT_FIELD = "1_投诉图"


@pytest.fixture
def case_dir(tmp_path: Path, shoot: Shoot) -> Path:
    folder = tmp_path / "case"
    create_case(folder, profile_id="1688", seller="好店", listings=[LINK], complaint=[str(shoot.complaint)],
                bts=[str(p) for p in shoot.bts], models=[PersonInput("小红", [str(shoot.proof)], [])])
    return folder


def listing_of(original: Path, target: Path, box: tuple[int, int, int, int] = (200, 150, 1400, 1050),
               mirrored: bool = False) -> tuple[Path, Candidate]:
    """The thief's copy: a crop of the original at half size (a WebP, as listings often are), and the
    candidate find-my-original returns for it (original displayed pixels -> listing pixels)."""
    x0, y0, x1, y1 = box
    with Image.open(original) as opened:
        crop = opened.convert("RGB").crop(box).resize(((x1 - x0) // 2, (y1 - y0) // 2))
    if mirrored:
        crop = crop.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    target.parent.mkdir(parents=True, exist_ok=True)
    crop.save(target, "WEBP", quality=80)
    w, h = crop.size
    transform = ([[-0.5, 0.0, (x1 - 1) / 2], [0.0, 0.5, -y0 / 2]] if mirrored
                 else [[0.5, 0.0, -x0 / 2], [0.0, 0.5, -y0 / 2]])
    candidate = Candidate(str(original), 0.93, mirrored, [x0, y0, x1 - x0, y1 - y0], [0, 0, w, h], 1, [], 0.93, 40,
                          transform, (2000, 1500))
    return target, candidate


def choose(case_dir: Path, listing: Path, candidate: Candidate, **options: object) -> None:
    """What the window does when the user picks a candidate: keep the evidence, record the choice."""
    record = prepare_match(case_dir, listing, candidate, **options)  # type: ignore[arg-type]
    case = load_case(case_dir)
    adopt_match(case, record)
    save_case(case, case_dir)


def manifest_of(result: object) -> dict[str, object]:
    bundle = result.bundle  # type: ignore[attr-defined]
    return json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_recorded_comparison_is_copied_listed_and_shown(tmp_path: Path, shoot: Shoot, case_dir: Path) -> None:
    listing, candidate = listing_of(shoot.complaint, tmp_path / "下载" / "对方主图.webp")
    before = {p: sha(p) for p in (shoot.complaint, listing)}
    choose(case_dir, listing, candidate)
    assert {p: sha(p) for p in before} == before  # the original and the listing image are only read

    (record,) = load_case(case_dir).matches
    assert record.listing_name == "对方主图.webp" and record.listing_sha256 == before[listing]
    assert record.original == str(shoot.complaint) and record.original_sha256 == before[shoot.complaint]
    assert (case_dir / record.listing_copy).read_bytes() == listing.read_bytes()  # type: ignore[operator]
    kept = case_dir / record.comparison
    assert record.comparison_sha256 == sha(kept) and record.at and not record.ambiguous
    assert record.region == [200, 150, 1200, 900] and record.part == 1 and record.score == 0.93

    result = export_case(case_dir, tmp_path / "out")
    assert result.bundle is not None and result.zip is not None and result.blockers == []
    bundled = result.bundle / FOLDER / f"对比_{shoot.complaint.stem}.jpg"
    assert bundled.read_bytes() == kept.read_bytes()
    assert [p.name for p in (result.bundle / FOLDER).iterdir()] == [bundled.name]
    manifest = manifest_of(result)
    assert manifest == result.manifest
    (entry,) = manifest["comparisons"]  # type: ignore[misc]
    assert entry["path"] == f"{FOLDER}/{bundled.name}" and entry["sha256"] == sha(kept) == sha(bundled)
    assert entry["shows"] == f"{COMPLAINT_FIELD}/{shoot.complaint.name}" and entry["original"] == str(shoot.complaint)
    assert entry["form_field"] == catalog("zh_CN").label("case.role.complaint") and entry["recorded"] is True
    assert entry["original_sha256"] == before[shoot.complaint] and entry["source_path"] == record.comparison
    assert entry["listing"] == {"name": "对方主图.webp", "sha256": before[listing], "part": 1}
    assert entry["score"] == 0.93 and entry["mirrored"] is False and entry["ambiguous"] is False
    assert entry["region"] == [200, 150, 1200, 900] and entry["chosen_at"] == record.at
    assert all(f["path"] != entry["path"] for f in manifest["files"])  # type: ignore[attr-defined]

    html = (result.bundle / "report.html").read_text(encoding="utf-8")
    for labels in (catalog("zh_CN"), catalog("en")):
        assert escape(labels.label("report.comparison_caption", file=entry["shows"])) in html
    assert html.count('<img class="comparison"') == 2 and "对方主图.webp" in html and entry["sha256"] in html
    with zipfile.ZipFile(result.zip) as archive:
        assert archive.read(f"{result.bundle.name}/{entry['path']}") == kept.read_bytes()
    again = export_case(case_dir, tmp_path / "again")  # the same saved case gives the same bytes
    assert again.zip is not None and again.zip.read_bytes() == result.zip.read_bytes()


def test_a_picture_found_only_by_name_proves_nothing_in_a_new_case(tmp_path: Path, shoot: Shoot,
                                                                    case_dir: Path) -> None:
    plain = export_case(case_dir, tmp_path / "plain")
    assert plain.manifest is not None and "comparisons" not in plain.manifest
    make_jpeg(legacy_comparison_path(case_dir, str(shoot.complaint)), width=600, height=200, seed=8, exif=b"")
    again = export_case(case_dir, tmp_path / "again")
    assert again.zip is not None and plain.zip is not None and again.zip.read_bytes() == plain.zip.read_bytes()
    html = (again.bundle / "report.html").read_text(encoding="utf-8")  # type: ignore[operator]
    assert 'class="comparison"' not in html


def test_a_schema_3_case_with_a_picture_by_name_still_exports_it(tmp_path: Path, shoot: Shoot,
                                                                   case_dir: Path) -> None:
    data = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
    data["schema_version"] = 3
    for key in ("matches", "comparisons_by_name"):
        data.pop(key)
    (case_dir / "case.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    kept = make_jpeg(legacy_comparison_path(case_dir, str(shoot.complaint)), width=1200, height=400, seed=7, exif=b"")
    assert MIGRATIONS[3](data) == {**data, "matches": [], "comparisons_by_name": True}
    case = load_case(case_dir)
    assert case.schema_version == SCHEMA_VERSION == 4 and case.comparisons_by_name and case.matches == []

    result = export_case(case_dir, tmp_path / "out")
    (entry,) = manifest_of(result)["comparisons"]  # type: ignore[misc]
    assert entry["recorded"] is False and entry["sha256"] == sha(kept)
    assert (result.bundle / entry["path"]).read_bytes() == kept.read_bytes()  # type: ignore[operator]
    # once the user chooses through find-my-original, the record decides, not the name
    listing, candidate = listing_of(shoot.complaint, tmp_path / "listing.webp")
    choose(case_dir, listing, candidate)
    (entry,) = manifest_of(export_case(case_dir, tmp_path / "out2"))["comparisons"]  # type: ignore[misc]
    assert entry["recorded"] is True and entry["sha256"] != sha(kept)


def test_choosing_another_original_never_exports_the_old_picture(tmp_path: Path, shoot: Shoot,
                                                                 case_dir: Path) -> None:
    listing, first = listing_of(shoot.complaint, tmp_path / "listing.webp")
    choose(case_dir, listing, first)
    old = load_case(case_dir).matches[0]
    # the user looks again and picks the neighbouring frame for the same listing image: it becomes the complaint
    _, second = listing_of(shoot.spare, tmp_path / "unused.webp")
    choose(case_dir, listing, second, ambiguous=True, runner_up=str(shoot.complaint))
    case = load_case(case_dir)
    (record,) = case.matches
    assert record.original == str(shoot.spare) and record.ambiguous and record.runner_up == str(shoot.complaint)
    assert case.history[-1].action == "matched"
    assert case.history[-1].detail["replaced"] == [{"original": old.original, "comparison": old.comparison}]
    assert (case_dir / old.comparison).is_file()  # kept in the case folder, but proves nothing now
    a = case.complaint[0]
    third = case.bts[0]
    case.complaint, case.bts = [third], [a, *case.bts[1:]]  # another picture made the complaint image by hand
    save_case(case, case_dir)
    result = export_case(case_dir, tmp_path / "by_hand")
    assert result.manifest is not None and result.bundle is not None and "comparisons" not in result.manifest

    case.complaint, case.bts = [make_entry(shoot.spare, case_dir, load_profile("1688"))], [a, third, *case.bts[1:]]
    save_case(case, case_dir)  # as the window does it: the chosen original is the complaint, the old one BTS
    result = export_case(case_dir, tmp_path / "out")
    (entry,) = manifest_of(result)["comparisons"]  # type: ignore[misc]
    assert entry["shows"] == f"{COMPLAINT_FIELD}/{shoot.spare.name}" and entry["sha256"] == record.comparison_sha256
    assert entry["ambiguous"] is True and entry["runner_up"] == str(shoot.complaint)
    bundled = result.bundle / entry["path"]  # type: ignore[operator]
    assert bundled.read_bytes() == (case_dir / record.comparison).read_bytes()
    assert bundled.read_bytes() != (case_dir / old.comparison).read_bytes()


def test_several_listing_images_each_map_to_their_complaint_image(tmp_path: Path, shoot: Shoot) -> None:
    folder = tmp_path / "case"
    a, b = shoot.complaint, shoot.spare
    create_case(folder, profile_id="1688", seller="好店", listings=[LINK], complaint=[str(a), str(b)],
                bts=[str(p) for p in shoot.bts], models=[PersonInput("小红", [str(shoot.proof)], [])])
    one, for_a = listing_of(a, tmp_path / "listing_1.webp")
    choose(folder, one, for_a)
    # a collage: two originals side by side in one listing image, each its own part
    collage = tmp_path / "collage.png"
    left, right = (Image.open(listing_of(x, tmp_path / f"cell_{x.stem}.webp")[0]).convert("RGB") for x in (b, a))
    sheet = Image.new("RGB", (left.width + right.width, left.height), "white")
    sheet.paste(left, (0, 0))
    sheet.paste(right, (left.width, 0))
    sheet.save(collage)
    _, in_left = listing_of(b, tmp_path / "x.webp")
    _, in_right = listing_of(a, tmp_path / "y.webp")
    in_right.transform[0][2] += left.width
    in_right.listing_region[0] = left.width
    in_right.part = 2
    choose(folder, collage, in_left)
    choose(folder, collage, in_right)
    case = load_case(folder)
    assert [(Path(m.original).name, m.part) for m in case.matches] == [(a.name, 1), (b.name, 1), (a.name, 2)]
    assert len({m.comparison for m in case.matches}) == 3  # never one picture's name for another

    result = export_case(folder, tmp_path / "out", {"case.complaint_count": "两张照片都被对方盗用"})
    assert result.bundle is not None
    entries = manifest_of(result)["comparisons"]
    shows = [(e["shows"], e["listing"]["name"], e["listing"]["part"]) for e in entries]  # type: ignore[attr-defined]
    assert shows == [(f"{COMPLAINT_FIELD}/{a.name}", "listing_1.webp", 1),
                     (f"{COMPLAINT_FIELD}/{a.name}", "collage.png", 2),
                     (f"{COMPLAINT_FIELD}/{b.name}", "collage.png", 1)]
    assert len({e["path"] for e in entries}) == 3  # type: ignore[attr-defined]
    fields = {f["path"]: f.get("comparisons") for f in manifest_of(result)["files"]}  # type: ignore[attr-defined]
    assert fields[f"{COMPLAINT_FIELD}/{a.name}"] == [entries[0]["path"], entries[1]["path"]]  # type: ignore[index]
    assert fields[f"{COMPLAINT_FIELD}/{b.name}"] == [entries[2]["path"]]  # type: ignore[index]
    assert all(v is None for k, v in fields.items() if not k.startswith(COMPLAINT_FIELD))
    by_record = {m.comparison_sha256 for m in case.matches}
    assert {e["sha256"] for e in entries} == by_record  # type: ignore[attr-defined]
    for e in entries:  # type: ignore[attr-defined]
        assert sha(result.bundle / e["path"]) == e["sha256"]


def test_a_changed_original_makes_its_picture_stale(tmp_path: Path, shoot: Shoot, case_dir: Path) -> None:
    listing, candidate = listing_of(shoot.complaint, tmp_path / "listing.webp")
    choose(case_dir, listing, candidate, original_sha256="0" * 64)  # drawn for other bytes than the case has
    case = load_case(case_dir)
    review = review_case(case, case_dir, "en")
    (stale,) = [i for i in review.warnings() if i.finding.code == "case.comparison_stale"]
    assert stale.file == str(shoot.complaint) and shoot.complaint.name in stale.finding.message
    result = export_case(case_dir, tmp_path / "out")
    assert result.manifest is not None and "comparisons" not in result.manifest
    assert "case.comparison_stale" in {w["code"] for w in result.manifest["warnings"]}


def test_a_deleted_picture_is_drawn_again_or_named(tmp_path: Path, shoot: Shoot, case_dir: Path) -> None:
    listing, candidate = listing_of(shoot.complaint, tmp_path / "listing.webp", mirrored=True)
    choose(case_dir, listing, candidate)
    (record,) = load_case(case_dir).matches
    kept = case_dir / record.comparison
    drawn = kept.read_bytes()
    kept.unlink()
    result = export_case(case_dir, tmp_path / "out")
    (entry,) = manifest_of(result)["comparisons"]  # type: ignore[misc]
    assert kept.read_bytes() == drawn and entry["sha256"] == record.comparison_sha256  # the same picture again
    assert entry["mirrored"] is True

    kept.unlink()
    (case_dir / str(record.listing_copy)).unlink()  # and the listing image's copy: nothing to draw from
    review = review_case(load_case(case_dir), case_dir, "en")
    (lost,) = [i for i in review.warnings() if i.finding.code == "case.comparison_missing"]
    assert lost.file == str(shoot.complaint) and str(kept) in lost.finding.message
    result = export_case(case_dir, tmp_path / "out2")
    assert result.manifest is not None and "comparisons" not in result.manifest and result.bundle is not None
    assert "case.comparison_missing" in {w["code"] for w in result.manifest["warnings"]}


def test_the_chosen_original_moved_away_before_export_is_named(tmp_path: Path, shoot: Shoot,
                                                                case_dir: Path) -> None:
    listing, candidate = listing_of(shoot.complaint, tmp_path / "listing.webp")
    choose(case_dir, listing, candidate)
    (record,) = load_case(case_dir).matches
    (case_dir / record.comparison).unlink()  # nothing to redraw from either: the original is gone
    shoot.complaint.rename(tmp_path / "moved.jpg")
    result = export_case(case_dir, tmp_path / "out")
    assert result.refused and result.bundle is None and not (tmp_path / "out").exists()
    missing = [i for i in result.blockers if i.finding.code == "case.source_missing"]
    assert missing and missing[0].file == str(shoot.complaint)
    assert str(shoot.complaint) in missing[0].finding.message or shoot.complaint.name in missing[0].finding.message
    assert [p.state for p in proofs(load_case(case_dir), case_dir)] == ["lost"]


def test_comparison_changed_during_export_is_refused(tmp_path: Path, shoot: Shoot, case_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    listing, candidate = listing_of(shoot.complaint, tmp_path / "listing.webp")
    choose(case_dir, listing, candidate)
    kept = case_dir / load_case(case_dir).matches[0].comparison
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


def test_linked_cases_keep_the_evidence_of_their_pictures(tmp_path: Path, shoot: Shoot, case_dir: Path) -> None:
    """A resubmission after a rejection, and pictures moved into an earlier same-seller case, bring the
    recorded match and its files along (copied, verified), so the comparison still proves the picture."""
    from core.case import lifecycle
    from core.case.linked import add_images_to_case, resubmit

    listing, candidate = listing_of(shoot.complaint, tmp_path / "listing.webp")
    choose(case_dir, listing, candidate)
    case = load_case(case_dir)
    (record,) = case.matches
    lifecycle.note_exported(case, "2026-12-01T09:00:00+08:00")
    lifecycle.submit(case, lifecycle.parse_time("2026-12-01 10:00"), "N1")
    lifecycle.record_result(case, "rejected", reason="bts_unrelated")
    save_case(case, case_dir)
    new_folder, new = resubmit(case_dir)
    assert new.matches == [record]
    assert [p.state for p in proofs(load_case(new_folder), new_folder)] == ["ok"]
    assert (new_folder / record.comparison).read_bytes() == (case_dir / record.comparison).read_bytes()

    earlier = tmp_path / "earlier"
    create_case(earlier, profile_id="1688", seller="好店", listings=[LINK], complaint=[], bts=[])
    merged = add_images_to_case(earlier, load_case(case_dir), case_dir)
    assert merged.matches == [record] and (earlier / str(record.listing_copy)).is_file()
    assert [p.state for p in proofs(load_case(earlier), earlier)] == ["ok"]
