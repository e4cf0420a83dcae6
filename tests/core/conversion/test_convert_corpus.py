"""Conversion of the real-world corpus (../shared/corpus/manifest.csv): acceptance of issue 4.

Expectations come from each file's truth label and from what inspection reads, never from file
names or hashes; the acceptance files of the issue are named where the issue names them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import rawpy

from core.base.jobs import Progress
from core.conversion.convert import ConversionResult, convert_batch, convert_file
from core.inspection.inspect import inspect_path
from core.photo.filetypes import RAW_TYPES
from tests.conftest import CORPUS, CorpusEntry, corpus_params

pytestmark = pytest.mark.corpus
RAW_TRUTHS = {"raw_decodes", "raw_preview_only", "raw_metadata_only"}
HEIC_TRUTHS = {"heic_original", "heic_no_camera", "heic_edited"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def developed_size(path: Path) -> tuple[int, int]:
    with rawpy.imread(str(path)) as raw:
        sizes = raw.sizes
        return (sizes.height, sizes.width) if sizes.flip in (5, 6) else (sizes.width, sizes.height)


@pytest.mark.parametrize("entry", corpus_params(lambda e: e.truth in RAW_TRUTHS | HEIC_TRUTHS))
def test_inspect_and_convert_agree_and_the_source_is_untouched(entry: CorpusEntry, tmp_path: Path) -> None:
    before = sha256(entry.path)
    report = inspect_path(entry.path)
    result = convert_file(entry.path, tmp_path / "out")
    assert sha256(entry.path) == before == entry.sha256
    codes = result.codes()
    assert ("raw.truncated" in report.codes()) == ("raw.truncated" in codes)  # one code per cause
    assert (result.output is None) == (result.method is None)
    assert "convert.failed" not in codes
    if entry.truth == "raw_metadata_only":
        assert codes == ["raw.truncated"] and result.output is None
    if entry.truth in {"raw_decodes"} | HEIC_TRUTHS:
        assert result.output is not None and result.method in ("libraw", "heif", "embedded_preview")
        assert Path(result.output).parent == tmp_path / "out"
    for finding in result.findings:
        assert finding.message and "{" not in finding.message and "{" not in finding.remedy


@pytest.mark.parametrize("name", ["raw/blackmagic.dng", "raw/canon_eos_6d.dng"])
def test_acceptance_dngs_convert_inside_the_limits_at_full_resolution(name: str, tmp_path: Path) -> None:
    source = CORPUS / name
    if not source.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    result = convert_file(source, tmp_path)
    assert result.output and result.method == "libraw"
    assert result.bytes is not None and 204_800 <= result.bytes <= 20_000_000
    assert (result.width, result.height) == developed_size(source)
    original, converted = inspect_path(source), inspect_path(result.output)
    assert (converted.width, converted.height) == developed_size(source)
    assert converted.camera.make == original.camera.make and converted.camera.model == original.camera.model
    assert converted.taken_at == original.taken_at  # blackmagic.dng has none: none is invented
    assert not converted.blockers()
    assert "LibRaw" in (converted.software or "")


def test_stripped_cr2_gives_its_metadata_in_inspect_and_a_clear_refusal_in_convert(tmp_path: Path) -> None:
    source = CORPUS / "raw/canon_stripped.cr2"
    if not source.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    report = inspect_path(source)
    assert report.camera.make == "Canon" and report.camera.model and report.taken_at
    result = convert_file(source, tmp_path)
    assert result.output is None and result.codes() == ["raw.truncated"]
    assert result.findings[0].severity == "block" and result.findings[0].params["basis"] == "explicit"


@pytest.mark.parametrize("entry", corpus_params(lambda e: e.truth == "raw_preview_only"))
def test_preview_only_raw_uses_a_full_size_preview_or_says_why_not(entry: CorpusEntry, tmp_path: Path) -> None:
    result = convert_file(entry.path, tmp_path, lang="en")
    if result.method == "embedded_preview":
        assert (result.width, result.height) == developed_size(entry.path)
    else:
        finding = next(f for f in result.findings if f.code == "raw.preview_only")
        assert finding.severity == "block" and "×" in finding.params["preview_size"]
        assert finding.params["preview_size"] in finding.message and result.output is None


@pytest.mark.parametrize("entry", corpus_params(lambda e: e.truth in HEIC_TRUTHS))
def test_heic_files_convert_upright_at_full_resolution(entry: CorpusEntry, tmp_path: Path) -> None:
    original = inspect_path(entry.path)
    result = convert_file(entry.path, tmp_path)
    assert result.method == "heif" and result.output
    converted = inspect_path(result.output)
    assert {result.width, result.height} == {original.width, original.height}
    assert converted.orientation == 1 and converted.camera.model == original.camera.model
    assert converted.taken_at == original.taken_at


@pytest.mark.parametrize("entry", corpus_params(lambda e: e.truth == "raw_decodes"))
def test_small_raw_keeps_the_best_file_with_size_too_small(entry: CorpusEntry, tmp_path: Path) -> None:
    result = convert_file(entry.path, tmp_path)
    assert result.bytes is not None
    assert ("size.too_small" in result.codes()) == (result.bytes < 204_800)
    if result.bytes < 204_800:
        assert result.quality == 100  # the highest quality was tried before giving up


def test_every_corpus_file_goes_through_convert_without_a_crash(tmp_path: Path) -> None:
    entries = [param.values[0] for param in corpus_params() if param.values[0] is not None]
    if not entries:
        pytest.skip(f"corpus not found at {CORPUS}")
    seen: list[Progress] = []
    results = convert_batch([e.path for e in entries], tmp_path, workers=1, progress=seen.append)
    assert [r.source for r in results] == [str(e.path) for e in entries] and len(seen) == len(entries)
    for entry, result in zip(entries, results, strict=True):
        assert result.findings, entry.file
        assert "convert.failed" not in result.codes(), entry.file
        report = inspect_path(entry.path, fast=True)
        if report.type == "jpeg":
            wanted = ["file.unreadable"] if "file.unreadable" in report.codes() else ["convert.not_needed"]
            assert result.codes() == wanted, entry.file
        if report.type == "unknown":
            assert result.codes() == ["file.unreadable"], entry.file


def test_batch_on_spawned_workers_keeps_order_and_reports_progress(tmp_path: Path) -> None:
    names = ["raw/canon_eos_6d.dng", "raw/canon_stripped.cr2", "heic/spring_1440x960.heic"]
    sources = [CORPUS / name for name in names]
    if not all(s.exists() for s in sources):
        pytest.skip(f"corpus not found at {CORPUS}")
    seen: list[Progress] = []
    results: list[ConversionResult] = convert_batch(sources, tmp_path, workers=2, progress=seen.append)
    assert [r.source for r in results] == [str(s) for s in sources]
    assert [p.done for p in seen] == [1, 2, 3] and all(p.total == 3 for p in seen)
    assert [r.method for r in results] == ["libraw", None, "heif"]
    written = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".jpg")
    assert written == ["canon_eos_6d.jpg", "spring_1440x960.jpg"]
    assert all(inspect_path(s).type in RAW_TYPES | {"heic"} for s in sources)


@pytest.mark.corpus
def test_film_scanner_nef_is_developed_not_clipped_to_white(tmp_path: Path) -> None:
    """The scanner's NEF declares a white level of 255 for 16-bit samples; taken at its word, LibRaw
    clips the whole picture to white. The developed JPEG must show the scene (like its own preview)."""
    import numpy as np
    from PIL import Image

    source = CORPUS / "raw" / "nikon_coolscan.nef"
    if not source.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    result = convert_file(source, tmp_path / "out")
    assert result.output and result.method == "libraw"
    with Image.open(result.output) as image:
        pixels = np.asarray(image.convert("L"), dtype=np.float32)
    assert pixels.mean() < 200 and (pixels >= 250).mean() < 0.5, "the picture is clipped to white"
