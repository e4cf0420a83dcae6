"""`app.py export CASE_DIR --out DIR [--override CODE=REASON] [--json]`."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest

from core.case import export as export_module
from core.cli import main
from tests.case_shoot import Shoot, copied_shoot

LINK = "https://detail.1688.com/offer/623456789012.html"


@pytest.fixture
def case_dir(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> Path:
    shoot: Shoot = copied_shoot(tmp_path_factory.getbasetemp() / "shoot-cache", tmp_path / "src")
    folder = tmp_path / "case"
    assert main(["case", "new", str(folder), "--seller", "某某店", "--listing", LINK, "--complaint",
                 str(shoot.complaint), "--bts", str(shoot.bts[0])]) == 0
    capsys.readouterr()
    return folder


def test_blocked_export_exits_non_zero_and_writes_nothing(tmp_path: Path, case_dir: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["export", str(case_dir), "--out", str(out), "--json"]) == 3
    data = json.loads(capsys.readouterr().out)
    assert data["bundle"] is None and data["zip"] is None and data["blockers"] == ["case.bts_too_few"]
    assert data["manifest"] is None and not out.exists()
    assert main(["export", str(case_dir), "--out", str(out)]) == 3
    assert "case.bts_too_few" in capsys.readouterr().err


def test_override_lets_the_export_through_and_is_recorded(tmp_path: Path, case_dir: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["export", str(case_dir), "--out", str(out), "--override", "case.bts_too_few=只有一张现场照", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["blockers"] == []
    assert Path(data["bundle"]).is_dir() and Path(data["zip"]).is_file()
    assert data["manifest"]["explained"][0]["reason"] == "只有一张现场照"
    assert data["manifest"]["explained"][0]["code"] == "case.bts_too_few"


def test_bad_override_and_disk_full_are_messages(tmp_path: Path, case_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(case_dir), "--out", str(tmp_path / "o"), "--override", "case.bts_too_few"]) == 2
    assert "--override" in capsys.readouterr().err

    def full(*_: Any, **__: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export_module.shutil, "copyfile", full)
    out = tmp_path / "out"
    code = main(["export", str(case_dir), "--out", str(out), "--override", "case.bts_too_few=ok", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1 and "disk is full" in err and "Traceback" not in err
    assert not out.exists() or list(out.iterdir()) == []
