"""kill -9 during a status change: the case file holds the status before or after, never half of it."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.case import lifecycle
from core.case.casefile import Case, HistoryEntry, load_case, save_case

ROOT = Path(__file__).resolve().parents[3]  # the checkout (tests/core/case/ is three levels down)
CHILD = r"""
import os, sys, time
sys.path.insert(0, sys.argv[1])
case_dir, marker, where, when = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
import core.base.fileops as fileops

def pause():
    open(marker, "w").close()
    time.sleep(120)

if where == "mid_write":  # half the new case file is in the temporary file
    real_fdopen = os.fdopen
    class Half:
        def __init__(self, stream): self.stream = stream
        def __enter__(self): return self
        def __exit__(self, *exc): return self.stream.__exit__(*exc)
        def write(self, data):
            self.stream.write(data[: len(data) // 2]); self.stream.flush(); pause()
        def __getattr__(self, name): return getattr(self.stream, name)
    fileops.os.fdopen = lambda *a, **k: Half(real_fdopen(*a, **k))
elif where == "before_rename":  # written and flushed, not yet in place
    real_replace = os.replace
    def replace(a, b):
        pause(); real_replace(a, b)
    fileops.os.replace = replace
elif where == "after_rename":  # in place, the folder not yet synced
    fileops._fsync_folder = lambda folder: pause()
from core.cli import main
sys.exit(main(["case", "status", case_dir, "--submitted", when, "--number", "KILL-1"]))
"""


def _exported(folder: Path) -> None:
    case = Case(profile="1688", seller="某某店")
    when = (lifecycle.local_now() - dt.timedelta(hours=3)).isoformat()
    case.history.append(HistoryEntry(when, "exported", {}))
    lifecycle.note_exported(case, when)
    save_case(case, folder)


@pytest.mark.parametrize(("where", "after"), [("mid_write", False), ("before_rename", False),
                                              ("after_rename", True)])
def test_timeline_survives_kill_during_a_status_change(tmp_path: Path, where: str, after: bool) -> None:
    folder = tmp_path / "case"
    _exported(folder)
    marker = tmp_path / "paused"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(ROOT), str(folder), str(marker), where,
                              lifecycle.shown_time(lifecycle.local_now() - dt.timedelta(hours=2))],
                             env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
        assert time.monotonic() < deadline, "the status change never reached the write"
        time.sleep(0.02)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    assert child.returncode == -signal.SIGKILL
    case = load_case(folder)  # never half a file
    actions = [entry.action for entry in case.history]
    if after:
        assert case.status.state == "submitted" and case.status.number == "KILL-1"
        assert actions == ["exported", "submitted"]
    else:
        assert case.status.state == "exported" and case.status.number is None
        assert actions == ["exported"]
    # the change can be made (again) afterwards; a leftover temporary file is ignored
    if not after:
        lifecycle.change_status(folder, "submit", at=lifecycle.local_now() - dt.timedelta(hours=1),
                                number="K2")
        assert load_case(folder).status.number == "K2"
