"""`app.py case new` on a folder it cannot make or write (a file in the way, a full or read-only disk)
answers with a message naming the place and the cause, never a traceback, and leaves no half-made case."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from core.base import fileops
from core.cli import main
from tests.case_shoot import Shoot, hashes

LINK = "https://detail.1688.com/offer/623456789012.html"


def _new(folder: Path, shoot: Shoot, *extra: str) -> int:
    return main(["case", "new", str(folder), "--seller", "店", "--listing", LINK, "--complaint", str(shoot.complaint),
                 "--bts", str(shoot.bts[0]), "--bts", str(shoot.bts[1]), *extra])


def test_a_file_where_the_case_folder_should_be(tmp_path: Path, shoot: Shoot,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    in_the_way = tmp_path / "案件.txt"
    in_the_way.write_text("mine", encoding="utf-8")
    assert _new(in_the_way, shoot, "--json") == 1
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "case.create_failed" and str(in_the_way) in error["message"]
    assert in_the_way.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_full_or_read_only_disk_leaves_no_half_made_case(tmp_path: Path, shoot: Shoot, number: int,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    before = hashes(shoot.all_files())

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(fileops.os, "replace", refuse)  # the case file's atomic write fails at the end
    folder = tmp_path / "新 案件"
    assert _new(folder, shoot, "--lang", "en") == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and os.strerror(number) in captured.err
    assert not folder.exists() and hashes(shoot.all_files()) == before


def test_a_full_disk_at_any_step_of_case_new_names_the_case_and_leaves_nothing(
        tmp_path: Path, shoot: Shoot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """ENOSPC at each disk-changing step of `case new` in turn (the steps `checkpoint` marks), named as the
    OS names it: the message names the case folder or a file in it (never a hidden temporary file), and
    nothing is left, so the same command then works."""
    from core.case import casefile
    from core.case.casefile import load_case

    count = {"steps": 0, "fail_at": 0}

    def full_at(label: str, path: Any) -> None:
        count["steps"] += 1
        if count["steps"] == count["fail_at"]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fspath(path))

    from core.case import build

    for module in (fileops, casefile, build):
        monkeypatch.setattr(module, "checkpoint", full_at)
    folder = tmp_path / "案件"
    extra = ["--model", "小红", "--model-proof", str(shoot.proof), "--model-in", str(shoot.complaint), "--json"]
    assert _new(folder, shoot, *extra) == 0
    total = count["steps"]
    capsys.readouterr()
    shutil.rmtree(folder)
    for step in range(1, total + 1):
        count.update(steps=0, fail_at=step)
        status = _new(folder, shoot, *extra)
        out = capsys.readouterr().out
        if status == 0:  # a step after the case file (the review's cache): the case is complete
            load_case(folder)
        else:
            error = json.loads(out)["error"]
            assert error["code"] == "case.create_failed", (step, error)
            named = error["params"]["path"]
            assert named.startswith(str(folder)) and ".tmp" not in named and ".yuantu-new" not in named, named
            assert not folder.exists() or list(folder.iterdir()) == [], (step, list(folder.rglob("*")))
        shutil.rmtree(folder, ignore_errors=True)
