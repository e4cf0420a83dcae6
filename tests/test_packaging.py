"""Build the installer with PyInstaller and run the built app's --self-test (slow: YUANTU_TEST_DIST=1).

`make dist` does the same with the size report; this test lets CI opt in without the Makefile.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("YUANTU_TEST_DIST") != "1", reason="set YUANTU_TEST_DIST=1 to build the app"),
]


def test_built_app_passes_its_self_test(tmp_path: Path) -> None:
    pytest.importorskip("PyInstaller", reason="PyInstaller comes with the dev extra: pip install -e '.[dev]'")
    dist, work = tmp_path / "dist", tmp_path / "build"
    build = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                            "--distpath", str(dist), "--workpath", str(work), str(ROOT / "yuantu.spec")],
                           capture_output=True, text=True, cwd=ROOT, timeout=1800, check=False)
    assert build.returncode == 0, build.stderr[-4000:]
    if sys.platform == "darwin":
        executable = dist / "Yuantu.app" / "Contents" / "MacOS" / "yuantu"
    elif sys.platform.startswith("win"):
        executable = dist / "yuantu" / "yuantu-cli.exe"
    else:
        executable = dist / "yuantu" / "yuantu"
    assert executable.is_file()
    # user data never next to the program: the self-test checks it; the data folder is a temp one
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", YUANTU_DATA_DIR=str(tmp_path / "用户 数据"))
    result = subprocess.run([str(executable), "--self-test"], capture_output=True, text=True, encoding="utf-8",
                            env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout
    assert not any(path.name in ("settings.json", "library.sqlite3") for path in executable.parent.rglob("*"))
