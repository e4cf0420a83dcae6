"""Bad command-line input gets a clear answer naming the file and the cause, at once: named pipes, missing
files, folders given to `inspect`, and file names that are not UTF-8 (issue 18)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_jpeg

ROOT = Path(__file__).resolve().parents[2]
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
needs_byte_names = pytest.mark.skipif(sys.platform in ("darwin", "win32"),
                                      reason="this file system refuses names that are not UTF-8")


def run_app(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """The CLI as a user runs it; a hang fails the test (TimeoutExpired) instead of stopping the suite."""
    return subprocess.run([sys.executable, str(ROOT / "app.py"), *map(os.fsencode, args)], capture_output=True,
                          timeout=timeout, cwd=ROOT)


@pytest.fixture
def pipe_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "shoot"
    make_jpeg(folder / "IMG_0001.JPG", 640, 480)
    os.mkfifo(folder / "IMG_0002.jpg")
    return folder


@needs_fifo
@pytest.mark.parametrize("command", [["inspect", "--json"], ["inspect", "--fast", "--json"], ["faces", "--json"],
                                     ["convert", "--json", "--out", "OUT"]],
                         ids=["inspect", "fast", "faces", "convert"])
def test_a_named_pipe_is_refused_at_once(pipe_folder: Path, command: list[str]) -> None:
    command = [str(pipe_folder.parent / "out") if part == "OUT" else part for part in command]
    result = run_app(*command, "--lang", "en", pipe_folder / "IMG_0002.jpg")
    assert result.returncode == 0, result.stderr
    row = json.loads(result.stdout)[0]
    reasons = [f["params"].get("reason") for f in row["findings"]]
    assert "not_regular" in reasons
    assert any("not a regular file" in f["message"] for f in row["findings"])


@needs_fifo
def test_a_named_pipe_inside_folders_does_not_stop_sessions_or_suggestions(pipe_folder: Path, tmp_path: Path) -> None:
    sessions = run_app("sessions", "--json", "--lang", "en", pipe_folder)
    assert sessions.returncode == 0, sessions.stderr
    assert b"not a regular file" in sessions.stderr and b"IMG_0002.jpg" in sessions.stderr
    suggest = run_app("suggest-bts", pipe_folder / "IMG_0001.JPG", "--library", pipe_folder, "--json",
                      "--catalog", tmp_path / "catalog.db")
    assert suggest.returncode == 0, suggest.stderr
    inspect = run_app("inspect", "--fast", "--json", pipe_folder)
    reasons = {Path(os.fsdecode(r["path"].encode())).name: [f["params"].get("reason") for f in r["findings"]]
               for r in json.loads(inspect.stdout)}
    assert "not_regular" in reasons["IMG_0002.jpg"] and "not_regular" not in reasons["IMG_0001.JPG"]


def test_missing_files_are_named_as_missing(tmp_path: Path) -> None:
    library = tmp_path / "library"
    make_jpeg(library / "IMG_0001.JPG", 640, 480)
    gone = tmp_path / "投诉图.jpg"
    suggest = run_app("suggest-bts", gone, "--library", library, "--json", "--catalog", tmp_path / "c.db")
    assert suggest.returncode == 2
    message = suggest.stderr.decode("utf-8")
    assert "投诉图.jpg" in message and "不存在" in message and suggest.stdout == b""
    sessions = run_app("sessions", "--json", "--lang", "en", library, tmp_path / "nowhere")
    assert sessions.returncode == 0
    assert "nowhere" in sessions.stderr.decode() and "gone" in sessions.stderr.decode()
    assert "not images" not in sessions.stderr.decode()


def test_inspect_expands_folders_as_the_readme_shows(tmp_path: Path) -> None:
    photos = tmp_path / "照片"
    make_jpeg(photos / "IMG_0001.JPG", 640, 480)
    make_jpeg(photos / "day2" / "IMG_0002.jpeg", 640, 480)
    (photos / "notes.txt").write_text("not a photo", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = run_app("inspect", "--fast", "--json", photos, photos / "IMG_0001.JPG", tmp_path / "empty")
    assert result.returncode == 0, result.stderr
    names = sorted(Path(r["path"]).name for r in json.loads(result.stdout))
    assert names == ["IMG_0001.JPG", "IMG_0002.jpeg"]  # each once; the text file is not an image file
    assert "empty" in result.stderr.decode("utf-8")


@needs_byte_names
def test_file_names_that_are_not_utf8_survive_json_and_case_files(tmp_path: Path) -> None:
    raw_name = os.fsencode(tmp_path) + b"/IMG_\xff\xfe\xe5\x9b\xbe.jpg"
    photo = Path(os.fsdecode(raw_name))
    make_jpeg(photo, 640, 480)
    inspected = run_app("inspect", "--fast", "--json", photo)
    assert inspected.returncode == 0, inspected.stderr
    inspected.stdout.decode("utf-8")  # valid UTF-8 JSON
    assert os.fsencode(json.loads(inspected.stdout)[0]["path"]) == raw_name  # the very same bytes
    case = tmp_path / "case"
    created = run_app("case", "new", case, "--seller", "某某店", "--listing",
                      "https://detail.1688.com/offer/123.html", "--complaint", photo)
    assert b"Traceback" not in created.stderr and created.returncode in (0, 1), created.stderr
    text = (case / "case.json").read_bytes().decode("utf-8")
    assert "\\udcff\\udcfe图.jpg" in text


def test_output_cut_short_by_the_reader_is_no_error(tmp_path: Path) -> None:
    """`app.py inspect ... | head`: when the reader stops early, the app stops quietly, no traceback."""
    folder = tmp_path / "很多 照片"
    make_jpeg(folder / "IMG_0000.JPG", 320, 240)
    for number in range(1, 400):  # more report than a pipe holds, so the app is still writing when it closes
        os.link(folder / "IMG_0000.JPG", folder / f"IMG_{number:04d}.JPG")
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "inspect", "--fast", str(folder)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(20)
    process.stdout.close()  # the reader is gone, as `head` goes after its lines
    errors = process.stderr.read().decode("utf-8", "replace")
    process.wait(timeout=120)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
