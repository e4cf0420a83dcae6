"""Every corpus file gets a report with the right type, size and readability findings (manifest.csv)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.inspection.inspect import inspect_path
from core.photo.facts import clean_text
from core.photo.filetypes import RAW_TYPES
from tests.conftest import CORPUS, CorpusEntry, corpus_params

RAW_TRUTHS = {"raw_decodes", "raw_preview_only", "raw_metadata_only"}
HEIC_TRUTHS = {"heic_original", "heic_no_camera", "heic_edited"}


def expected_type(entry: CorpusEntry) -> str | None:
    if entry.truth in HEIC_TRUTHS:
        return "heic"
    if entry.truth in RAW_TRUTHS:
        return Path(entry.file).suffix.lower().lstrip(".")
    if entry.truth in ("not_image", "exiftool_truth"):
        return "unknown"
    return "jpeg"


@pytest.mark.corpus
@pytest.mark.parametrize("entry", corpus_params())
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "full"])
def test_every_corpus_file_gets_a_report(entry: CorpusEntry, fast: bool) -> None:
    report = inspect_path(entry.path, fast=fast)
    codes = report.codes()
    assert report.bytes == entry.bytes
    assert report.type == expected_type(entry)
    json.dumps(report.to_json(), ensure_ascii=False)  # serialisable, always
    for finding in report.findings:
        assert finding.message and finding.severity in ("ok", "warn", "block")

    readable_truths = {"original", "original_too_small", "edited", "no_metadata", "jpeg_named_png",
                       "jpeg_named_heic", "odd_exif", "faces=2"} | HEIC_TRUTHS | {"raw_decodes", "raw_preview_only"}
    if entry.truth in readable_truths or entry.truth.startswith("session="):
        assert "file.unreadable" not in codes
    if entry.truth in ("broken", "not_image", "exiftool_truth"):
        assert "file.unreadable" in codes and report.verdict == "block"
    if entry.truth == "malformed_exif":
        assert {"metadata.malformed", "file.unreadable"} & set(codes), "damage must be said"
        assert report.camera.make == "Canon"  # what could be read is still read
    if report.type == "jpeg":
        size_codes = sorted(code for code in codes if code.startswith("size."))
        wanted = []
        if entry.bytes < 204_800:
            wanted = ["size.too_small"]
        elif entry.bytes > 20_000_000:
            wanted = ["size.too_large"]
        assert size_codes == wanted
        assert ("format.extension_mismatch" in codes) == entry.truth.startswith("jpeg_named_")
    if entry.truth in RAW_TRUTHS | HEIC_TRUTHS:
        assert report.type in RAW_TYPES | {"heic"}
        convertible = "format.convertible" in codes
        truncated = "raw.truncated" in codes
        assert convertible != truncated
        assert truncated == (entry.truth == "raw_metadata_only")
    if entry.truth == "raw_metadata_only":
        assert report.camera.make and report.camera.model and report.taken_at, "metadata stays readable"


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["canon_eos_6d"])
def test_raw_facts_match_exiftool(name: str) -> None:
    truth_file = CORPUS / "raw" / f"{name}.exiftool.json"
    if not truth_file.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))[0]

    def tag(tag_name: str) -> str | None:
        for key, value in truth.items():
            if key.split(":")[-1] == tag_name:
                return clean_text(value)
        return None

    report = inspect_path(CORPUS / "raw" / f"{name}.dng")
    assert report.camera.make == tag("Make")
    assert report.camera.model == tag("Model")
    assert report.camera.serial == tag("SerialNumber")
    original = tag("DateTimeOriginal")
    assert original and report.taken_at and report.taken_at.startswith(original.replace(":", "-", 2).replace(" ", "T"))
