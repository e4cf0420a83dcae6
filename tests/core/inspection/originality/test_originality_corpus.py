"""原图 pre-check on the real-world corpus: originals stay clean, edits and stripped files are caught."""

from __future__ import annotations

import pytest

from core.inspection.inspect import inspect_path
from tests.conftest import CorpusEntry, corpus_params

pytestmark = pytest.mark.corpus


def _original_codes(entry: CorpusEntry, fast: bool = False) -> dict[str, str]:
    report = inspect_path(entry.path, fast=fast)
    return {f.code: f.severity.value for f in report.findings if f.code.startswith("original.")}


@pytest.mark.parametrize("entry", corpus_params(lambda e: e.truth in ("original", "original_too_small")))
def test_camera_originals_get_nothing_above_ok(entry: CorpusEntry) -> None:
    codes = _original_codes(entry)
    assert {code for code, severity in codes.items() if severity != "ok"} == set()


@pytest.mark.parametrize("entry", corpus_params(lambda e: e.truth == "edited"))
def test_edited_files_are_flagged_with_their_evidence(entry: CorpusEntry) -> None:
    report = inspect_path(entry.path)
    flagged = [f for f in report.findings if f.code.startswith("original.") and f.severity != "ok"]
    assert flagged, report.codes()
    assert all(f.params or f.code.startswith("original.no_") for f in flagged)


@pytest.mark.parametrize("entry", corpus_params(lambda e: e.truth in ("no_metadata", "heic_no_camera")))
def test_stripped_files_warn(entry: CorpusEntry) -> None:
    codes = _original_codes(entry)
    assert {"warn", "block"} & set(codes.values()), codes


@pytest.mark.parametrize("entry", corpus_params(lambda e: e.truth == "heic_edited"))
def test_cropped_heic_is_flagged(entry: CorpusEntry) -> None:
    assert _original_codes(entry).get("original.size_mismatch") == "block"


@pytest.mark.parametrize("entry", corpus_params(lambda e: not e.file.endswith(".json")))
def test_every_corpus_file_gets_an_answer(entry: CorpusEntry) -> None:
    for fast in (True, False):
        report = inspect_path(entry.path, fast=fast)
        assert not [f for f in report.findings if "originality" in str(f.params.get("detail", ""))], report.codes()
