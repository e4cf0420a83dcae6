"""`python app.py --self-test`: every bundled resource loads, from source too, and it exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.cli.selftest import run

ROOT = Path(__file__).resolve().parent.parent


def test_self_test_passes_from_source(tmp_path: Path) -> None:
    env = dict(os.environ, YUANTU_DATA_DIR=str(tmp_path / "数据"), QT_QPA_PLATFORM="offscreen",
               PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "app.py"), "--self-test"], capture_output=True, text=True,
                            encoding="utf-8", env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout
    for check in ("rules profiles", "RAW decode", "HEIC", "face model", "image matching", "Qt platform",
                  "translations"):
        assert check in result.stdout


def test_self_test_rejects_unknown_arguments(tmp_path: Path) -> None:
    env = dict(os.environ, YUANTU_DATA_DIR=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, str(ROOT / "app.py"), "--self-test", "--bogus"], capture_output=True,
                            text=True, env=env, timeout=120, check=False)
    assert result.returncode == 2
    assert "usage" in result.stderr


def test_core_checks_are_data_and_all_pass(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("YUANTU_DATA_DIR", str(tmp_path))
    results = run()
    assert all(isinstance(name, str) and isinstance(ok, bool) and isinstance(detail, str)
               for name, ok, detail in results)
    assert [name for name, ok, _detail in results if not ok] == []


def test_a_failing_check_is_reported_not_raised(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import core.cli.selftest as selftest

    def broken() -> str:
        raise FileNotFoundError("centerface.onnx missing")

    monkeypatch.setattr(selftest, "CHECKS", (("face model", broken),))
    assert selftest.run() == [("face model", False, "FileNotFoundError: centerface.onnx missing")]
