"""The bundle plan and its manifest: which file goes where, and everything a reviewer may ask about it.

`plan_bundle` decides every file's place in the bundle (numbered folder per form field, names kept,
made unique, with the extension that fits the content); `build_manifest` turns the plan and the case
review into `manifest.json` data. Nothing here depends on the moment of export: the same saved case
gives the same plan and the same manifest, byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from core import APP_NAME, APP_NAME_EN, __version__
from core.base import jsontext
from core.base.findings import catalog
from core.base.rules import check_table
from core.case.build import SELLER_BYTES, safe_name
from core.case.casefile import ROLE_BTS, ROLE_COMPLAINT, ROLE_PROOF, Case, MatchRecord
from core.case.comparisons import COMPARISON_PREFIX, OK, proofs
from core.case.listing import normalised_links
from core.case.review import CaseReview, FileReview, Issue
from core.photo import filetypes
from core.photo.conversion_record import load_record

MANIFEST_VERSION = 2  # 2: explanations per file (issue 14), shoot facts with unrelated images apart
RECORD_SUFFIX = ".conversion.json"
AUTHORIZATION_SUFFIX = "授权书"
@dataclass
class PlannedFile:
    role: str
    bundle_path: str  # POSIX path inside the bundle folder
    copy_from: Path  # the file whose bytes go there (the user's original, a conversion, an ID photo copy)
    sha256: str  # what the copy must hash to
    review: FileReview
    source_path: str  # the user's file (ID photos: their copy inside the case folder)
    source_sha256: str | None
    record_from: Path | None = None  # conversion record file, copied beside into the records folder
    record_path: str | None = None
    record: dict[str, Any] | None = None
    models: list[str] = field(default_factory=list)
    bytes: int | None = None  # filled after copying


@dataclass
class PlannedComparison:
    """A comparison picture (listing image beside the original) for one complaint image: it goes into the
    bundle byte for byte, proven by sha256 like every other file, but is no field of the complaint form."""

    bundle_path: str
    copy_from: Path  # the picture in CASE_DIR/evidence (core.case.comparisons)
    sha256: str  # of the case's file when the plan was made
    shows: str  # bundle path of the complaint image whose original it compares with the listing
    source_path: str  # that complaint image's source
    bytes: int | None = None  # filled after copying
    record: MatchRecord | None = None  # the choice it was drawn for (listing image, score, when)


@dataclass
class BundlePlan:
    name: str
    files: list[PlannedFile]
    links: list[str]
    layout: dict[str, Any]
    comparisons: list[PlannedComparison] = field(default_factory=list)

    def for_source(self, source: str | None) -> PlannedFile | None:
        return next((p for p in self.files if p.source_path == source), None)


def bundle_layout(review: CaseReview) -> dict[str, Any]:
    layout: dict[str, Any] = dict(check_table(review.profile, "case").get("bundle", {}))
    layout.setdefault("name_prefix", "complaint")
    layout.setdefault("links_file", "links.txt")
    layout.setdefault("records_folder", "records")
    layout.setdefault("comparison_folder", "evidence")
    folders = {ROLE_COMPLAINT: "1_complaint", ROLE_BTS: "2_bts", ROLE_PROOF: "3_model_proof"}
    layout["folders"] = {**folders, **layout.get("folders", {})}
    return layout


def bundle_name(case: Case, layout: dict[str, Any]) -> str:
    seller = re.sub(r"_{2,}", "_", safe_name(case.seller, "seller", SELLER_BYTES)).strip("_ ") or "seller"
    return safe_name(f"{layout['name_prefix']}_{seller}_{case.created_date}", "bundle")


def _file_name(path: Path, kind: str) -> str:
    name = safe_name(path.name, "image")
    suffix = PurePosixPath(name).suffix.lstrip(".")
    if not filetypes.extension_fits(kind, suffix):  # inspection promised the bundle uses the right suffix
        preferred = filetypes.PREFERRED_EXTENSION.get(kind)
        if preferred:
            name = f"{PurePosixPath(name).stem or 'image'}.{preferred}"
    return name


def _unique(folder: str, name: str, taken: set[str]) -> str:
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
    candidate, counter = name, 2
    while f"{folder}/{candidate}".lower() in taken:  # Windows folders ignore case
        candidate = f"{stem}_{counter}{suffix}"
        counter += 1
    taken.add(f"{folder}/{candidate}".lower())
    return f"{folder}/{candidate}"


def _load_record(output: Path) -> dict[str, Any] | None:
    record = load_record(output)
    return record.to_json() if record is not None else None


def plan_bundle(review: CaseReview) -> BundlePlan:
    case = review.case
    layout = bundle_layout(review)
    folders: dict[str, str] = layout["folders"]
    taken: set[str] = set()
    planned: list[PlannedFile] = []
    for file in review.files:
        if file.role == ROLE_PROOF:
            continue
        entry = file.entry
        assert entry is not None
        kind = file.report.type if file.report else entry.kind
        path = _unique(folders[file.role], _file_name(file.submitted, kind), taken)
        item = PlannedFile(file.role, path, file.submitted, entry.submitted_sha256() or "", file, entry.source,
                           entry.sha256, models=[m.name for m in case.models_in(entry.source)])
        if entry.converted:
            record_file = Path(str(file.submitted) + RECORD_SUFFIX)
            item.record = _load_record(file.submitted)
            if record_file.is_file():
                item.record_from = record_file
                item.record_path = f"{layout['records_folder']}/{PurePosixPath(path).name}{RECORD_SUFFIX}"
        planned.append(item)
    for model in case.models:
        for proof in model.proof:
            file = review.file(proof.path) or FileReview(ROLE_PROOF, proof.path, review.case_dir / proof.path)
            name = _file_name(Path(f"{model.name}{Path(proof.path).suffix}"), "unknown")
            path = _unique(folders[ROLE_PROOF], name, taken)
            planned.append(PlannedFile(ROLE_PROOF, path, review.case_dir / proof.path, proof.sha256, file,
                                       proof.path, proof.sha256, models=[model.name]))
        for scan in model.authorization:  # the signed 模特授权书, beside the ID photo in the same field
            file = review.file(scan.path) or FileReview(ROLE_PROOF, scan.path, review.case_dir / scan.path)
            name = _file_name(Path(f"{model.name}_{AUTHORIZATION_SUFFIX}{Path(scan.path).suffix}"), "unknown")
            path = _unique(folders[ROLE_PROOF], name, taken)
            planned.append(PlannedFile(ROLE_PROOF, path, review.case_dir / scan.path, scan.sha256, file,
                                       scan.path, scan.sha256, models=[model.name]))
    links = normalised_links(case.listings, review.profile)
    return BundlePlan(bundle_name(case, layout), planned, links, layout,
                      _plan_comparisons(review, planned, layout, taken))


def _plan_comparisons(review: CaseReview, planned: list[PlannedFile], layout: dict[str, Any],
                      taken: set[str]) -> list[PlannedComparison]:
    """The recorded comparison pictures that still prove a complaint image (core.case.comparisons.proofs),
    in the complaint images' order, each beside the bundle path of the image it proves."""
    comparisons = []
    for proof in proofs(review.case, review.case_dir):
        item = next((p for p in planned if p.role == ROLE_COMPLAINT and p.source_path == proof.entry.source), None)
        if proof.state != OK or proof.sha256 is None or item is None:
            continue  # stale or lost: the review says so; the complaint goes without it rather than not at all
        name = _file_name(Path(f"{COMPARISON_PREFIX}{PurePosixPath(item.bundle_path).stem}.jpg"), "jpeg")
        path = _unique(layout["comparison_folder"], name, taken)
        comparisons.append(PlannedComparison(path, proof.path, proof.sha256, item.bundle_path, item.source_path,
                                             record=proof.record))
    return comparisons


def _issue_json(issue: Issue, plan: BundlePlan) -> dict[str, Any]:
    target = plan.for_source(issue.file)
    return {**issue.finding.to_json(), "file": target.bundle_path if target else None, "source_path": issue.file}


def _bundle_path(plan: BundlePlan, source: str) -> str:
    target = plan.for_source(source)
    return target.bundle_path if target else source


def _shoot_json(review: CaseReview, plan: BundlePlan) -> dict[str, Any]:
    shoot = review.shoot()
    for camera in shoot["cameras"]:
        camera["files"] = [_bundle_path(plan, s) for s in camera["files"]]
    for image in shoot["unrelated"]:
        image["file"] = _bundle_path(plan, image["file"])
    return shoot


def _explained_json(issue: Issue, plan: BundlePlan) -> dict[str, Any]:
    assert issue.explanation is not None
    return {**_issue_json(issue, plan), "sha256": issue.key, "reason": issue.explanation.reason,
            "explained_at": issue.explanation.at}


def build_manifest(review: CaseReview, plan: BundlePlan) -> dict[str, Any]:
    case, profile = review.case, review.profile
    labels = catalog(review.language)
    files = []
    for item in plan.files:
        report = item.review.report
        files.append({
            "role": item.role,
            "form_field": labels.label("case.role." + item.role),
            "path": item.bundle_path,
            "sha256": item.sha256,
            "bytes": item.bytes,
            "source_path": item.source_path,
            "source_sha256": item.source_sha256,
            "conversion": item.record,
            "conversion_record_file": item.record_path,
            "capture_time": report.taken_at if report else None,
            "camera": report.camera.to_json() if report else None,
            "width": report.width if report else None,
            "height": report.height if report else None,
            "faces": item.review.faces,
            "models": item.models,
            "no_model_reason": case.no_model.get(item.source_path),
            "findings": [finding.to_json() for finding in item.review.findings],
            "explained": [{"code": i.finding.code, "reason": i.explanation.reason} for i in review.explained()
                          if i.file == item.source_path and i.explanation is not None],
            "face_coverage": [f.to_json() for f in item.review.coverage.faces] if item.review.coverage else None,
        })
    for entry in files:  # each complaint image names its comparison pictures (only when it has one)
        beside = [c.bundle_path for c in plan.comparisons if c.shows == entry["path"]]
        if beside:
            entry["comparisons"] = beside
    manifest: dict[str, Any] = {
        "manifest_version": MANIFEST_VERSION,
        "app": {"name": APP_NAME, "name_en": APP_NAME_EN, "version": __version__},
        "profile": {"id": profile.id, "name": profile.name(review.language)},
        "language": review.language,
        "case": {"seller": case.seller, "created": case.created_date, "listings": plan.links,
                 "listings_entered": case.listings, "notes": case.notes},
        "files": files,
        "models": [{"name": m.name, "proof": [p.bundle_path for p in plan.files
                                              if p.role == ROLE_PROOF and m.name in p.models],
                    "appears_in": [plan.for_source(s).bundle_path for s in m.appears_in  # type: ignore[union-attr]
                                   if plan.for_source(s)]} for m in case.models],
        # Every explained blocker, one entry per file (DECISIONS: explanations are per photo).
        "explained": [_explained_json(issue, plan) for issue in review.explained()],
        "warnings": [_issue_json(issue, plan) for issue in review.warnings()],
        "shoot": _shoot_json(review, plan),
    }
    if plan.comparisons:  # only then: a case without one keeps the manifest it always had, byte for byte
        manifest["comparisons"] = [_comparison_json(c, review, labels) for c in plan.comparisons]
    return manifest


def _comparison_json(item: PlannedComparison, review: CaseReview, labels: Any) -> dict[str, Any]:
    """One comparison picture: where it is, the complaint image (and form field) it stands beside, and the
    choice it records: which listing image, which original (path and sha256), score, region, when."""
    data: dict[str, Any] = {
        "path": item.bundle_path, "sha256": item.sha256, "bytes": item.bytes,
        "source_path": str(item.copy_from.relative_to(review.case_dir).as_posix()),
        "shows": item.shows, "form_field": labels.label("case.role." + ROLE_COMPLAINT), "original": item.source_path,
        "description": labels.label("case.comparison.description"),
    }
    record = item.record
    if record is None or record.legacy:  # kept by name before schema 4: nothing more is known
        return {**data, "recorded": False}
    return {**data, "recorded": True, "original_sha256": record.original_sha256,
            "listing": {"name": record.listing_name, "sha256": record.listing_sha256, "part": record.part},
            "score": record.score, "region": record.region, "listing_region": record.listing_region,
            "mirrored": record.mirrored, "ambiguous": record.ambiguous, "runner_up": record.runner_up,
            "chosen_at": record.at}


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (jsontext.dumps(manifest, indent=2) + "\n").encode("utf-8")
