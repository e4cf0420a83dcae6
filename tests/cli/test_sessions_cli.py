"""`app.py sessions` and `app.py suggest-bts` from the command line, JSON shape included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app import main
from tests.conftest import CORPUS, ROOT
from tests.core.library.test_suggestions import build_shoot


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_sessions_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = build_shoot(tmp_path / "lib")
    data = run_json(capsys, "sessions", "--json", str(tmp_path / "lib"))
    assert isinstance(data, list)
    for session in data:
        assert set(session) >= {"id", "camera", "start", "end", "files"}
        assert set(session["camera"]) == {"make", "model", "serial"}
    home = next(s for s in data if str(files["complaint"]) in s["files"])
    assert home["camera"]["serial"] == "041022001234" and len(home["files"]) == 6
    assert home["start"] == "2026-05-01T10:10:00" and home["end"] == "2026-05-01T10:40:00"


def test_sessions_gap_option_and_files_as_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = build_shoot(tmp_path / "lib")
    shoot = [str(files[k]) for k in ("complaint", "a", "b")]
    assert len(run_json(capsys, "sessions", "--json", *shoot)) == 1  # type: ignore[arg-type]
    assert len(run_json(capsys, "sessions", "--json", "--gap", "60", *shoot)) == 3  # type: ignore[arg-type]
    assert main(["sessions", "--gap", "-5", *shoot]) == 2


def test_sessions_says_what_it_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "readme.txt"
    note.write_text("hello")
    assert run_json(capsys, "sessions", "--json", str(note)) == []
    assert main(["sessions", "--lang", "en", str(note)]) == 0
    err = capsys.readouterr().err
    assert "not an image" in err and "readme.txt" in err  # the cause, and the file it applies to


def test_suggest_bts_exact_command_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = build_shoot(tmp_path / "lib")
    shoot, phone = tmp_path / "lib" / "2026-05-01 新品 拍摄", tmp_path / "lib" / "assistant phone"
    data = run_json(capsys, "suggest-bts", str(files["complaint"]), "--library", str(shoot), "--library", str(phone),
                    "--json", "--lang", "en")
    assert isinstance(data, list)
    assert [Path(s["path"]).name for s in data] == ["IMG_0102.JPG", "IMG_0103.JPG", "IMG_0104.JPG",
                                                    "IMG_7001.JPG", "IMG_0105.JPG"]
    assert data[3]["reasons"][0] == "another device, during the same shoot"
    assert data[-1]["passes"] is False and data[-1]["failing"] == ["size.too_small"]
    assert all(isinstance(s["score"], float) for s in data)


def test_suggest_bts_table_and_bad_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = build_shoot(tmp_path / "lib")
    assert main(["suggest-bts", str(files["complaint"]), "--library", str(tmp_path / "lib")]) == 0
    assert "同一台相机" in capsys.readouterr().out
    assert main(["suggest-bts", str(files["complaint"]), "--library", str(tmp_path / "nowhere")]) == 2


@pytest.mark.corpus
def test_every_corpus_file_goes_through_both_commands(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    env = {"YUANTU_DATA_DIR": str(tmp_path / "appdata"), "PATH": "/usr/bin:/bin"}
    every = [str(p) for p in sorted(CORPUS.rglob("*")) if p.is_file() and p.name != "manifest.csv"]
    done = subprocess.run([sys.executable, "app.py", "sessions", "--json", *every], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    listed = {p for s in json.loads(done.stdout) for p in s["files"] + sum(s.get("companions", {}).values(), [])}
    assert str(CORPUS / "sessions" / "d800_a" / "1.jpg") in listed
    for complaint in ("sessions/p6000/DSCN0021.jpg", "raw/blackmagic.dng", "misnamed/Random.docx",
                      "broken/truncated.jpg"):
        done = subprocess.run([sys.executable, "app.py", "suggest-bts", str(CORPUS / complaint), "--library",
                               str(CORPUS), "--json"], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120)
        if complaint.endswith(".docx"):  # not an image: said, with the file, instead of an empty list
            assert done.returncode == 2 and "Random.docx" in done.stderr and "不是图片" in done.stderr
            continue
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        suggestions = json.loads(done.stdout)
        if complaint.startswith("sessions/p6000"):
            assert len(suggestions) == 8 and all(not s["passes"] for s in suggestions)  # all under 200KB


def test_suggest_bts_with_an_unusable_catalog_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import sqlite3

    files = build_shoot(tmp_path / "lib")

    def full_disk(*_: object, **__: object) -> None:
        raise sqlite3.OperationalError(errno.errorcode[errno.ENOSPC])

    monkeypatch.setattr(sqlite3, "connect", full_disk)
    assert main(["suggest-bts", str(files["complaint"]), "--library", str(tmp_path / "lib")]) == 1
    assert "照片库索引无法使用" in capsys.readouterr().err  # Chinese by default, with the remedy
    assert main(["suggest-bts", str(files["complaint"]), "--library", str(tmp_path / "lib"), "--lang", "en"]) == 1
    assert "library catalog cannot be used" in capsys.readouterr().err


def test_suggest_bts_says_when_it_rereads_the_library_and_keeps_its_json(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    files = build_shoot(tmp_path / "lib")
    command = ["suggest-bts", str(files["complaint"]), "--library", str(tmp_path / "lib"), "--json",
               "--catalog", str(tmp_path / "catalog.sqlite3")]
    first = run_json(capsys, *command)
    db = sqlite3.connect(tmp_path / "catalog.sqlite3")  # as an app with older readers left it
    db.execute("UPDATE files SET facts_version = NULL")
    db.commit()
    db.close()
    assert main(command) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == first  # --json is the same, the notice goes to stderr
    assert "正在重新读取" in err and "照片本身不会被改动" in err
    assert main([*command, "--lang", "en"]) == 0
    assert "re-reading" not in capsys.readouterr().err  # nothing left to re-read: nothing said
