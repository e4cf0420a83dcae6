"""`python app.py faces --json PATH...`: per file path, faces, boxes; never a traceback on any corpus file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, corpus_entries, make_jpeg

ROOT = Path(__file__).resolve().parents[2]


def run_app(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "app.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, cwd=ROOT)


def test_faces_json_contract(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "产品 照片.jpg", 1200, 900)
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a photo", encoding="utf-8")
    result = run_app("faces", "--json", str(photo), str(notes), str(tmp_path / "missing.jpg"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = json.loads(result.stdout)
    assert [Path(r["path"]).name for r in rows] == ["产品 照片.jpg", "notes.jpg", "missing.jpg"]
    for row in rows:
        assert {"path", "faces", "boxes", "width", "height", "error", "findings"} <= set(row)
    assert rows[0]["faces"] == 0 and rows[0]["boxes"] == [] and rows[0]["error"] is None
    assert (rows[0]["width"], rows[0]["height"]) == (1200, 900)
    assert [f["code"] for f in rows[0]["findings"]] == ["face.none"]
    for row in rows[1:]:
        assert row["faces"] == 0 and row["error"]
        assert [(f["code"], f["severity"]) for f in row["findings"]] == [("face.not_checked", "warn")]


def test_table_output_in_english(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "a.jpg", 400, 300)
    result = run_app("faces", "--lang", "en", str(photo), str(tmp_path / "gone.jpg"))
    assert result.returncode == 0, result.stderr
    assert "[no face]" in result.stdout and "[not checked]" in result.stdout
    assert "no longer where it was" in result.stdout


@pytest.mark.corpus
def test_every_corpus_file_without_a_traceback() -> None:
    entries = corpus_entries()
    if not entries:
        pytest.skip(f"corpus not found at {CORPUS}")
    result = run_app("faces", "--json", *[str(entry.path) for entry in entries])
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = {row["path"]: row for row in json.loads(result.stdout)}
    assert set(rows) == {str(entry.path) for entry in entries}
    for entry in entries:
        row = rows[str(entry.path)]
        assert row["faces"] == len(row["boxes"])
        if entry.file.startswith("faces/"):
            assert row["faces"] == int(entry.faces)
            assert [f["code"] for f in row["findings"]] == ["face.model_proof_required"]
            assert all(len(box) == 4 for box in row["boxes"])
