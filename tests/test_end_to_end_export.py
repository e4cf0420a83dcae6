"""End to end, as a photographer scripts it: `app.py case new` then `app.py export`, in a subprocess.

The happy path builds its shoot with Pillow + piexif (DECISIONS: the corpus holds no complete shoot); a
second run converts the corpus DNG as the complaint image and expects the "not the same shoot" warn; a
third builds the whole case from corpus files and must end in recorded overrides.
report.html is opened in headless Chromium when it is installed (CI installs it) and screenshotted.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.case_shoot import copied_shoot, hashes, sha
from tests.conftest import CORPUS, ROOT

LINK = "https://detail.1688.com/offer/623456789012.html?spm=a26352.13672862"
CHROMIUM = Path("/usr/bin/chromium")


def _app(args: list[str], data_dir: Path, expect: int = 0) -> dict[str, Any]:
    env = {**os.environ, "YUANTU_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "app.py", *args, "--json"], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)
    assert done.returncode == expect, done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def _screenshot(report: Path, tmp_path: Path) -> Path:
    png = tmp_path / "report.png"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--screenshot={png}",
                    "--window-size=1200,2000", report.as_uri()],
                   capture_output=True, timeout=120, check=False)
    return png


def test_happy_path_bundle(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    shoot = copied_shoot(tmp_path_factory.getbasetemp() / "shoot-cache", tmp_path / "照片 源")
    before = hashes(shoot.all_files())
    data_dir, case_dir = tmp_path / "appdata", tmp_path / "案件 一"
    created = _app(["case", "new", str(case_dir), "--profile", "1688", "--seller", "某某 旗舰店", "--listing", LINK,
                    "--complaint", str(shoot.complaint), "--bts", str(shoot.bts[0]), "--bts", str(shoot.bts[1]),
                    "--model", "小红", "--model-proof", str(shoot.proof), "--model-in", str(shoot.complaint)], data_dir)
    assert created["blockers"] == []
    first = _app(["export", str(case_dir), "--out", str(tmp_path / "导出")], data_dir)
    bundle, archive, manifest = Path(first["bundle"]), Path(first["zip"]), first["manifest"]
    assert first["blockers"] == [] and bundle.is_dir() and archive.is_file()
    listed = {entry["path"] for entry in manifest["files"]}
    on_disk = {p.relative_to(bundle).as_posix() for p in bundle.glob("[0-9]_*/*")}
    assert listed == on_disk and len(listed) == 4
    for entry in manifest["files"]:
        copied = bundle / entry["path"]
        assert sha(copied) == entry["sha256"]
        if entry["role"] != "model_proof":
            assert sha(Path(entry["source_path"])) == entry["sha256"] == entry["source_sha256"]
            assert entry["camera"] == {"make": "Canon", "model": "Canon EOS 5D Mark IV", "serial": "032021001234"}
    assert sha(bundle / "3_模特证明" / "小红.jpg") == before[shoot.proof]
    first_zip = archive.read_bytes()
    second = _app(["export", str(case_dir), "--out", str(tmp_path / "导出")], data_dir)
    assert Path(second["zip"]).read_bytes() == first_zip and second["manifest"] == manifest
    assert hashes(shoot.all_files()) == before
    if not CHROMIUM.exists():
        pytest.skip("chromium not installed (Debian package `chromium`; .ci/run installs it): report not rendered")
    png = _screenshot(bundle / "report.html", tmp_path)
    assert png.is_file() and png.stat().st_size > 50_000
    from PIL import Image

    with Image.open(png) as shot:
        assert shot.size == (1200, 2000)
        colours = shot.convert("RGB").resize((60, 100)).getcolors(6000) or []
        assert len(colours) > 50  # not a blank page: text, thumbnails, badges


@pytest.mark.corpus
def test_converted_dng_complaint_from_another_shoot(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    dng = CORPUS / "raw" / "canon_eos_6d.dng"
    if not dng.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    source = tmp_path / "raw 原片" / dng.name  # a copy: the test may not even risk the shared corpus
    source.parent.mkdir()
    shutil.copyfile(dng, source)
    shoot = copied_shoot(tmp_path_factory.getbasetemp() / "shoot-cache", tmp_path / "src")
    before = hashes([source, *shoot.bts])
    data_dir, case_dir = tmp_path / "appdata", tmp_path / "case"
    created = _app(["case", "new", str(case_dir), "--seller", "盗图店", "--listing", LINK, "--complaint", str(source),
                    "--bts", str(shoot.bts[0]), "--bts", str(shoot.bts[1]), "--no-model-reason", "只有商品"], data_dir)
    entry = created["case"]["complaint"][0]
    assert entry["converted"].startswith("converted/") and entry["conversion_method"] in ("libraw", "embedded_preview")
    assert (case_dir / entry["converted"]).is_file()
    assert "bts.not_same_shoot" in {w["code"] for w in created["warnings"]}
    open_codes = sorted({b["code"] for b in created["blockers"]})
    refused = _app(["export", str(case_dir), "--out", str(tmp_path / "out")], data_dir, expect=3 if open_codes else 0)
    if open_codes:
        assert refused["blockers"] == open_codes and not (tmp_path / "out").exists()
    overrides = [arg for code in open_codes for arg in ("--override", f"{code}=测试：已人工核对")]
    done = _app(["export", str(case_dir), "--out", str(tmp_path / "out"), *overrides], data_dir)
    manifest = done["manifest"]
    complaint = next(f for f in manifest["files"] if f["role"] == "complaint")
    assert complaint["source_path"] == str(source) and complaint["source_sha256"] == before[source]
    assert complaint["conversion"]["source_sha256"] == before[source]
    assert complaint["conversion"]["output_sha256"] == complaint["sha256"]
    assert (Path(done["bundle"]) / complaint["conversion_record_file"]).is_file()
    assert complaint["camera"]["make"] == "Canon"
    assert "bts.not_same_shoot" in {w["code"] for w in manifest["warnings"]}
    assert sorted({o["code"] for o in manifest["explained"]}) == open_codes
    assert hashes([source, *shoot.bts]) == before


@pytest.mark.corpus
def test_case_from_corpus_files_ends_in_recorded_overrides(tmp_path: Path) -> None:
    """The issue's corpus run: the corpus DNG converted as the complaint image, behind-the-scenes from one
    corpus session (sessions/p6000: under 200 KB, so they block), a model proof; every blocker must be
    overridden with a reason before anything is written, and the corpus files stay byte-identical."""
    dng = CORPUS / "raw" / "canon_eos_6d.dng"
    bts = [CORPUS / "sessions" / "p6000" / "DSCN0012.jpg", CORPUS / "sessions" / "p6000" / "DSCN0021.jpg"]
    proof = CORPUS / "faces" / "two_faces_2.jpg"
    if not all(p.exists() for p in (dng, *bts, proof)):
        pytest.skip(f"corpus not found at {CORPUS}")
    before = hashes([dng, *bts, proof])
    data_dir, case_dir, out = tmp_path / "appdata", tmp_path / "投诉 案件", tmp_path / "导出"
    created = _app(["case", "new", str(case_dir), "--seller", "盗图店", "--listing", LINK, "--complaint", str(dng),
                    *[arg for path in bts for arg in ("--bts", str(path))], "--model", "小红",
                    "--model-proof", str(proof), "--model-in", str(dng)], data_dir)
    open_codes = sorted({b["code"] for b in created["blockers"]})
    assert "size.too_small" in open_codes  # the P6000 frames are 150-160 KB
    assert "bts.not_same_shoot" in {w["code"] for w in created["warnings"]}

    refused = _app(["export", str(case_dir), "--out", str(out)], data_dir, expect=3)
    assert refused["blockers"] == open_codes and not out.exists()

    overrides = [arg for code in open_codes for arg in ("--override", f"{code}=平台已接受这组文件")]
    done = _app(["export", str(case_dir), "--out", str(out), *overrides], data_dir)
    manifest, bundle = done["manifest"], Path(done["bundle"])
    roles = sorted(f["role"] for f in manifest["files"])
    assert roles.count("bts") == 2 and roles.count("complaint") == 1 and roles.count("model_proof") == 1
    for entry in manifest["files"]:
        assert sha(bundle / entry["path"]) == entry["sha256"]
        if entry["role"] == "bts":  # originals are copied byte for byte
            assert entry["sha256"] == before[Path(entry["source_path"])]
    covered = {o["code"]: o for o in manifest["explained"]}
    assert sorted(covered) == open_codes
    assert all(o["reason"] == "平台已接受这组文件" for o in manifest["explained"])
    # one entry per file: both P6000 frames are too small, each is listed with its own reason
    assert sorted(o["source_path"] for o in manifest["explained"] if o["code"] == "size.too_small") == \
        sorted(str(p) for p in bts)
    again = _app(["export", str(case_dir), "--out", str(tmp_path / "again"), *overrides], data_dir)
    assert Path(again["zip"]).read_bytes() == Path(done["zip"]).read_bytes()
    assert hashes([dng, *bts, proof]) == before
