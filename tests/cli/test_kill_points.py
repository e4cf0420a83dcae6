"""`kill -9` at every disk-changing step of `case new` and `export`: what the user finds afterwards.

The hook is `core.fileops.checkpoint` (YUANTU_KILL_AT=N kills the process with SIGKILL at its Nth step;
YUANTU_FILEOPS_TRACE lists the steps). Each run is a forked copy of this test process running the real
CLI, so imports are paid once. After each kill the next command that touches the folder must find one of
the two states a user may see: nothing (and a rerun that works as if the first had never started), or
the finished result; for an export, the bundle folder and its zip together, and never less than the
previous bundle.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from core.base import fileops
from core.case.casefile import CaseError, load_case
from core.case.export import STAGING_PREFIX, recover_destination
from core.case.review import review_case
from core.cli import main as cli_main
from tests.case_shoot import Shoot, hashes
from tests.conftest import noise_image

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="kill points are tested with fork (POSIX)")

LINK = "https://detail.1688.com/offer/623456789012.html"


def _run(args: list[str], kill_at: int | None = None, trace: Path | None = None, review: Any = None) -> int:
    """Run the CLI in a forked child; its exit status, or -SIGNAL when it was killed. `review`: the case
    review the export would compute (it only reads), computed once here to keep each run short."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 99
        try:
            if review is not None:
                import core.case.export
                import core.cli.case_command

                core.case.export.review_case = lambda *_args, **_kwargs: review  # type: ignore[assignment]
                core.cli.case_command.review_case = lambda *_args, **_kwargs: review  # type: ignore[assignment]
            os.environ.pop(fileops.KILL_ENV, None)
            os.environ.pop(fileops.TRACE_ENV, None)
            if kill_at is not None:
                os.environ[fileops.KILL_ENV] = str(kill_at)
            if trace is not None:
                os.environ[fileops.TRACE_ENV] = str(trace)
            fileops._steps = 0
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the child exits right after
            status = cli_main(args)
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _steps(args: list[str], tmp_path: Path, review: Any = None) -> list[str]:
    trace = tmp_path / "trace.txt"
    trace.unlink(missing_ok=True)
    assert _run(args, trace=trace, review=review) == 0
    return trace.read_text(encoding="utf-8").splitlines()


def _heic(path: Path) -> Path:
    import pillow_heif

    buffer = io.BytesIO()
    pillow_heif.from_pillow(noise_image(640, 480)).save(buffer, quality=80)
    path.write_bytes(buffer.getvalue())
    return path


def _new_case_args(folder: Path, shoot: Shoot, heic: Path) -> list[str]:
    return ["case", "new", str(folder), "--seller", "好店", "--listing", LINK, "--complaint", str(shoot.complaint),
            "--bts", str(shoot.bts[0]), "--bts", str(shoot.bts[1]), "--bts", str(heic),
            "--model", "小红", "--model-proof", str(shoot.proof), "--model-in", str(shoot.complaint), "--json"]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.name.endswith(".tmp") or p.name == ".yuantu-new-case.json")


def test_case_new_is_all_or_nothing_at_every_kill_point(tmp_path: Path, shoot: Shoot) -> None:
    heic = _heic(shoot.complaint.parent / "IMG_4200.HEIC")
    sources = hashes([*shoot.all_files(), heic])
    folder = tmp_path / "案件"
    args = _new_case_args(folder, shoot, heic)
    assert _run(args) == 0
    expected = sorted(p.name for p in (folder / "converted").iterdir())
    assert expected == ["IMG_4200.jpg", "IMG_4200.jpg.conversion.json"]
    review = review_case(load_case(folder), folder)  # what `case new` prints; computed once, it only reads
    shutil.rmtree(folder)
    steps = _steps(args, tmp_path, review)
    assert len(steps) >= 10, steps
    for point in range(1, len(steps) + 1):
        shutil.rmtree(folder, ignore_errors=True)
        assert _run(args, kill_at=point, review=review) == -signal.SIGKILL, steps[point - 1]
        try:  # the next command to open the folder: the case is complete, or there is none
            case = load_case(folder)
        except CaseError as error:
            assert error.code == "case.not_found", (steps[point - 1], error.code)
            assert not folder.exists() or not [p for p in folder.iterdir()], (steps[point - 1], list(folder.rglob("*")))
            assert _run(args, review=review) == 0  # a rerun works as if nothing had happened
            case = load_case(folder)
        assert len(case.images()) == 4 and case.models[0].proof, steps[point - 1]
        assert sorted(p.name for p in (folder / "converted").iterdir()) == expected, steps[point - 1]
        assert _leftovers(folder) == [], steps[point - 1]
    assert hashes([*shoot.all_files(), heic]) == sources


def _bundle_state(out: Path) -> dict[str, bytes] | None:
    """The manifest of the bundle in `out` after checking its folder and zip agree; None when neither is there."""
    folders = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    zips = [p for p in out.iterdir() if p.suffix == ".zip"]
    assert [p.name for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)] == []
    if not folders and not zips:
        return None
    assert len(folders) == 1 and [z.name for z in zips] == [folders[0].name + ".zip"], sorted(out.iterdir())
    manifest = (folders[0] / "manifest.json").read_bytes()
    with zipfile.ZipFile(zips[0]) as archive:
        assert archive.read(f"{folders[0].name}/manifest.json") == manifest
        names = {n.removeprefix(folders[0].name + "/") for n in archive.namelist() if not n.endswith("/")}
    assert names == {p.relative_to(folders[0]).as_posix() for p in folders[0].rglob("*") if p.is_file()}
    return {"manifest": manifest}


@pytest.mark.parametrize("again", [False, True], ids=["first export", "re-export"])
def test_export_is_all_or_nothing_at_every_kill_point(tmp_path: Path, shoot: Shoot, again: bool) -> None:
    case_dir = tmp_path / "case"
    assert _run(["case", "new", str(case_dir), "--seller", "好店", "--listing", LINK, "--complaint",
                 str(shoot.complaint), "--bts", str(shoot.bts[0]), "--bts", str(shoot.bts[1]),
                 "--no-model-reason", "产品照"]) == 0
    sources = hashes(shoot.all_files())
    template = tmp_path / "template"
    args = ["export", str(case_dir), "--out", str(template), "--json"]
    assert _run(args) == 0
    previous = _bundle_state(template)
    review = review_case(load_case(case_dir), case_dir)
    steps = _steps(args, tmp_path, review)
    assert sum(step.split("\t")[1] == "rename" for step in steps) >= 2, steps
    for point in range(1, len(steps) + 1):
        out = tmp_path / f"out-{point}"
        if again:
            shutil.copytree(template, out)
        status = _run(["export", str(case_dir), "--out", str(out), "--json"], kill_at=point, review=review)
        # killed; or done before that step (cleaning a killed run's leftovers can change the count by one)
        assert status == -signal.SIGKILL or (status == 0 and point >= len(steps) - 2), steps[point - 1]
        if out.exists():
            recover_destination(out)  # what the next export to this folder does first
        state = _bundle_state(out) if out.exists() else None
        if again:  # the previous bundle (or the new one, complete) is always there
            assert state is not None and state == previous, steps[point - 1]
        else:
            assert state in (None, previous), steps[point - 1]
        load_case(case_dir)  # the case file reads after every kill
    out = tmp_path / f"out-{len(steps)}"
    assert _run(["export", str(case_dir), "--out", str(out), "--json"], review=review) == 0  # and exports again
    assert _bundle_state(out) == previous
    assert hashes(shoot.all_files()) == sources
    assert json.loads((case_dir / "case.json").read_text(encoding="utf-8"))["history"]
