"""The app's core on files in a folder whose path has Chinese characters and spaces.

Merchants keep photos in folders like "投诉 照片 2026/新 建 文件夹" with names like "主图 01.jpg". Each
command must read them, name them right in its JSON, write beside them only where told, and leave
the originals byte-identical. Run through the CLI (a subprocess, as a user would) and the functions.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli.selftest_samples import tiny_dng, tiny_heic
from tests.conftest import make_jpeg

ROOT = Path(__file__).resolve().parent.parent


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def shoot(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "投诉 照片 2026" / "新 建 文件夹"
    folder.mkdir(parents=True)
    files = {
        "jpeg1": make_jpeg(folder / "主图 01.jpg", 800, 600, seed=1, taken="2026:05:01 10:00:00"),
        "jpeg2": make_jpeg(folder / "花絮 照片 02.jpg", 800, 600, seed=2, taken="2026:05:01 10:05:00"),
        "dng": folder / "相机 原片 03.dng",
        "heic": folder / "手机 原图 04.heic",
    }
    files["dng"].write_bytes(tiny_dng())
    files["heic"].write_bytes(tiny_heic())
    return files


def _run_app(*arguments: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, YUANTU_DATA_DIR=str(data_dir), PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "app.py"), *arguments], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=180, check=False)


def _hashes(files: dict[str, Path]) -> dict[str, str]:
    return {key: _sha256(path) for key, path in files.items()}


def test_cli_inspect_reads_chinese_spaced_paths(shoot: dict[str, Path], tmp_path: Path) -> None:
    before = _hashes(shoot)
    result = _run_app("inspect", "--json", *map(str, shoot.values()), data_dir=tmp_path / "数据 目录")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    reports = json.loads(result.stdout)
    assert [Path(report["path"]).name for report in reports] == [path.name for path in shoot.values()]
    assert [report["type"] for report in reports] == ["jpeg", "jpeg", "dng", "heic"]
    assert reports[0]["width"] == 800 and reports[0]["camera"]["make"] == "Canon"
    assert _hashes(shoot) == before


def test_functions_inspect_chinese_spaced_paths(shoot: dict[str, Path]) -> None:
    from core.inspection.inspect import inspect_path

    before = _hashes(shoot)
    reports = {key: inspect_path(path) for key, path in shoot.items()}
    assert reports["jpeg1"].camera.make == "Canon"
    assert reports["jpeg1"].taken_at is not None and reports["jpeg1"].taken_at.startswith("2026-05-01T10:00")
    assert "file.unreadable" not in reports["dng"].codes()
    assert reports["heic"].width == 64
    assert _hashes(shoot) == before


def test_convert_into_chinese_spaced_folder(shoot: dict[str, Path], tmp_path: Path) -> None:
    from core.conversion.convert import convert_file

    before = _hashes(shoot)
    out_dir = tmp_path / "转换 结果" / "第 1 批"
    out_dir.mkdir(parents=True)
    result = convert_file(shoot["heic"], out_dir)
    assert result.output is not None, [finding.to_json() for finding in result.findings]
    output = Path(result.output)
    assert output.parent == out_dir and output.is_file()
    assert output.read_bytes()[:2] == b"\xff\xd8"
    assert _hashes(shoot) == before


def test_cli_convert_chinese_spaced_paths(shoot: dict[str, Path], tmp_path: Path) -> None:
    before = _hashes(shoot)
    out_dir = tmp_path / "导出 图片"
    result = _run_app("convert", "--json", "--workers", "1", "--out", str(out_dir), str(shoot["dng"]),
                      str(shoot["heic"]), data_dir=tmp_path / "数据")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    results = json.loads(result.stdout)
    assert [Path(item["source"]).name for item in results] == [shoot["dng"].name, shoot["heic"].name]
    written = [Path(item["output"]) for item in results if item["output"]]
    assert written, results
    assert all(path.parent == out_dir and path.is_file() for path in written)
    assert _hashes(shoot) == before


def test_sessions_over_chinese_spaced_folder(shoot: dict[str, Path], tmp_path: Path) -> None:
    from core.library.sessions import sessions_for_paths

    folder = shoot["jpeg1"].parent
    sessions = sessions_for_paths([str(folder)])
    listed = {Path(path).name for session in sessions for path in session.files}
    assert {shoot["jpeg1"].name, shoot["jpeg2"].name} <= listed
    together = [session for session in sessions if shoot["jpeg1"].name in {Path(p).name for p in session.files}]
    assert shoot["jpeg2"].name in {Path(path).name for path in together[0].files}

    result = _run_app("sessions", "--json", str(folder.parent), data_dir=tmp_path / "数据")
    assert result.returncode == 0, result.stderr
    names = {Path(path).name for session in json.loads(result.stdout) for path in session["files"]}
    assert {shoot["jpeg1"].name, shoot["jpeg2"].name} <= names


def test_app_data_under_chinese_spaced_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.base import appdata

    root = tmp_path / "用户 数据" / "原图 助手"
    monkeypatch.setenv(appdata.ENV_OVERRIDE, str(root))
    assert appdata.data_root() == root and root.is_dir()
    assert appdata.cases_dir().parent == root and appdata.log_dir().is_dir()


def test_default_app_data_is_per_user_not_beside_the_program(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the override, data goes to the platform's per-user folder, never next to the executable."""
    from platformdirs import user_data_dir

    from core import APP_ID
    from core.base import appdata

    monkeypatch.delenv(appdata.ENV_OVERRIDE, raising=False)
    monkeypatch.setattr(appdata.Path, "mkdir", lambda *args, **kwargs: None)  # look, do not create
    root = appdata.data_root()
    assert root == Path(user_data_dir(APP_ID, appauthor=False))
    program = Path(sys.executable).resolve().parent
    assert program not in root.resolve().parents and root.resolve() != program
