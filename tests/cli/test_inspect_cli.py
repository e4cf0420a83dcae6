"""`python app.py inspect`: the JSON contract later issues rely on, the table, and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, make_jpeg, pad_jpeg_to

ROOT = Path(__file__).resolve().parents[2]


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "app.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, cwd=ROOT)


def test_inspect_json_contract(tmp_path: Path) -> None:
    good = pad_jpeg_to(make_jpeg(tmp_path / "好 照片.jpg", 640, 480, serial="0410"), 300_000)
    small = make_jpeg(tmp_path / "small.jpg", 200, 100)
    result = run_app("inspect", "--json", str(good), str(small), str(tmp_path / "missing.jpg"))
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stdout)
    assert [Path(r["path"]).name for r in reports] == ["好 照片.jpg", "small.jpg", "missing.jpg"]
    for report in reports:
        assert {"path", "type", "bytes", "width", "height", "camera", "taken_at", "software", "findings",
                "verdict"} <= set(report)
        assert set(report["camera"]) == {"make", "model", "serial"}
        for finding in report["findings"]:
            assert {"code", "severity", "message", "remedy"} <= set(finding)
    assert reports[0]["camera"]["serial"] == "0410"
    assert reports[0]["taken_at"] == "2026-05-01T10:00:00"
    assert [f["code"] for f in reports[1]["findings"] if f["severity"] == "block"] == ["size.too_small"]
    assert reports[2]["findings"][0]["code"] == "file.unreadable" and reports[2]["verdict"] == "block"


def test_inspect_table_and_english(tmp_path: Path) -> None:
    small = make_jpeg(tmp_path / "small.jpg", 200, 100)
    chinese = run_app("inspect", str(small))
    assert chinese.returncode == 0 and "不通过" in chinese.stdout and "size.too_small" in chinese.stdout
    english = run_app("inspect", "--lang", "en", "--json", str(small))
    assert "below the platform's 200KB minimum" in english.stdout


def test_usage_errors_exit_non_zero() -> None:
    assert run_app("inspect").returncode == 2
    assert run_app("inspect", "--profile", "nope", "x.jpg").returncode == 2
    assert run_app("no-such-command").returncode == 2


@pytest.mark.corpus
def test_whole_corpus_in_one_call_never_crashes() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    files = sorted(str(p) for p in CORPUS.rglob("*") if p.is_file())
    result = run_app("inspect", "--json", *files)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert len(json.loads(result.stdout)) == len(files)
