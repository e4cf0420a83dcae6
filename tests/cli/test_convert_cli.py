"""`python app.py convert`: the JSON contract, the table, exit codes, and a quiet stderr."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.conversion.raw import quiet_stderr
from tests.conftest import CORPUS, make_jpeg, noise_image

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"source", "output", "method", "width", "height", "bytes", "quality", "findings", "record"}


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "app.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=300, cwd=ROOT)


def test_quiet_stderr_hides_what_native_code_prints(capfd: pytest.CaptureFixture[str]) -> None:
    with quiet_stderr(), quiet_stderr():  # nested use restores once, at the end
        os.write(2, b"data corrupted at 1378\n")
    os.write(2, b"visible\n")
    assert capfd.readouterr().err == "visible\n"


def test_convert_json_contract_without_the_corpus(tmp_path: Path) -> None:
    from core.photo.readers.heif import register_opener

    register_opener()
    heic = tmp_path / "源 文件" / "IMG_0003.heic"
    heic.parent.mkdir()
    noise_image(900, 600).save(heic, "HEIF", quality=95)
    jpeg = make_jpeg(tmp_path / "源 文件" / "photo.jpg", 200, 100)
    before = hashlib.sha256(heic.read_bytes()).hexdigest()
    out = tmp_path / "输出"
    result = run_app("convert", "--json", "--out", str(out), str(heic), str(jpeg), str(tmp_path / "missing.cr2"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    items = json.loads(result.stdout)
    assert [Path(i["source"]).name for i in items] == ["IMG_0003.heic", "photo.jpg", "missing.cr2"]
    for item in items:
        assert set(item) >= KEYS
        for finding in item["findings"]:
            assert {"code", "severity", "message", "remedy"} <= set(finding)
    converted, plain, missing = items
    assert converted["method"] == "heif" and (converted["width"], converted["height"]) == (900, 600)
    assert Path(converted["output"]).parent == out and Path(converted["output"]).is_file()
    assert converted["record"]["source_sha256"] == before == hashlib.sha256(heic.read_bytes()).hexdigest()
    assert [f["code"] for f in plain["findings"]] == ["convert.not_needed"] and plain["output"] is None
    assert [f["code"] for f in missing["findings"]] == ["file.unreadable"] and missing["method"] is None


def test_convert_table_in_english(tmp_path: Path) -> None:
    jpeg = make_jpeg(tmp_path / "photo.jpg", 200, 100)
    result = run_app("convert", "--lang", "en", "--out", str(tmp_path / "out"), str(jpeg))
    assert result.returncode == 0, result.stderr
    assert "convert.not_needed" in result.stdout and "already a JPG" in result.stdout


def test_convert_requires_an_output_folder(tmp_path: Path) -> None:
    result = run_app("convert", str(tmp_path / "x.dng"))
    assert result.returncode == 2 and "--out" in result.stderr


@pytest.mark.corpus
def test_corpus_raws_through_the_cli_keep_libraw_noise_out(tmp_path: Path) -> None:
    names = ["raw/blackmagic.dng", "raw/canon_eos_6d.dng", "raw/canon_stripped.cr2", "raw/nikon_z9_he.dng",
             "raw/nikon_stripped.nef", "raw/nikon_coolscan.nef"]
    sources = [CORPUS / name for name in names]
    if not all(s.exists() for s in sources):
        pytest.skip(f"corpus not found at {CORPUS}")
    result = run_app("convert", "--json", "--out", str(tmp_path), *map(str, sources))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    items = json.loads(result.stdout)
    methods = {Path(i["source"]).name: i["method"] for i in items}
    assert methods["blackmagic.dng"] == methods["canon_eos_6d.dng"] == "libraw"
    assert methods["canon_stripped.cr2"] is None
    codes = {Path(i["source"]).name: [f["code"] for f in i["findings"]] for i in items}
    assert codes["canon_stripped.cr2"] == ["raw.truncated"]
    assert "raw.preview_only" in codes["nikon_z9_he.dng"] or methods["nikon_z9_he.dng"] == "embedded_preview"
