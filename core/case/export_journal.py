"""The export's journal: what a killed export left in the destination, finished or undone.

The staging folder of an export holds `journal.json`. It says "building" until the bundle folder and zip
are complete and flushed, then "placing" while the previous bundle and zip are moved aside into the
staging folder and the new ones renamed into place. The next export to that destination first finishes
what a killed one left (`recover_destination`): "placing" rolls forward, anything earlier rolls back.
Kept apart from `export` (building and placing the bundle), which re-exports the public names.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from pathlib import Path
from typing import Any

from core.base.fileops import atomic_write_text, process_alive, remove_tree, rename

STAGING_PREFIX = ".yuantu-export-"
JOURNAL = "journal.json"
PREVIOUS = "previous-"  # what a re-export moved aside, inside the staging folder
BUILDING, PLACING = "building", "placing"


def write_journal(work: Path, state: str, name: str, owner: int | None = None) -> None:
    record = {"state": state, "bundle": name, "zip": name + ".zip", "host": socket.gethostname(),
              "pid": os.getpid() if owner is None else owner}
    atomic_write_text(work / JOURNAL, json.dumps(record, ensure_ascii=False, indent=1) + "\n")


def _read_journal(work: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((work / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _roll_forward(work: Path, out: Path, journal: dict[str, Any]) -> None:
    """A killed export had its bundle and zip complete: put both in place (the previous ones it had not
    moved aside yet go into the staging folder, which is then removed)."""
    for key in ("bundle", "zip"):
        name = str(journal.get(key) or "")
        if not name or Path(name).name != name:
            continue
        staged, final = work / name, out / name
        if not os.path.lexists(staged):
            continue  # already in place
        if os.path.lexists(final):
            aside = work / (PREVIOUS + name)
            if os.path.lexists(aside):
                remove_tree(aside) if aside.is_dir() else aside.unlink()
            rename(final, aside)
        rename(staged, final)


def _roll_back(work: Path, out: Path) -> None:
    """A killed export had not finished its bundle: whatever it had moved aside goes back."""
    for entry in sorted(work.iterdir()):
        if entry.name.startswith(PREVIOUS):
            final = out / entry.name.removeprefix(PREVIOUS)
            if not os.path.lexists(final):
                rename(entry, final)


def finish_staging(work: Path, name: str, placed: bool) -> None:
    """Remove the staging folder, unless a failed re-export could not put the previous bundle back:
    then it stays, its journal handed to the next start (which rolls back), so the bundle is never lost."""
    with contextlib.suppress(OSError):
        if not placed and any(entry.name.startswith(PREVIOUS) for entry in work.iterdir()):
            write_journal(work, BUILDING, name, owner=0)
            return
    with contextlib.suppress(OSError):  # a folder that will not go is cleaned by the next export here
        remove_tree(work)


def _owner(work: Path, journal: dict[str, Any] | None) -> int | None:
    """The process id of the export that owns a staging folder (journal, else the folder's name)."""
    if journal is not None:
        pid = journal.get("pid")
        return pid if isinstance(pid, int) and journal.get("host") == socket.gethostname() else None
    digits = work.name.removeprefix(STAGING_PREFIX).split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def recover_destination(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Finish or undo what exports killed mid-way left in `out_dir`, then remove their staging folders.

    Run at the start of every export to that folder. A staging folder whose journal says "placing"
    rolls forward (the new folder and zip both stand); any other rolls back (a previous bundle moved
    aside is put back). Staging folders of an export still running are left alone. Returns the staging
    folders removed; an error leaves a folder for the next time rather than stopping this export."""
    out = Path(out_dir)
    removed: list[Path] = []
    try:
        candidates = sorted(p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX) and p.is_dir()
                            and not p.is_symlink())
    except OSError:
        return removed
    for work in candidates:
        journal = _read_journal(work)
        owner = _owner(work, journal)
        if owner and owner != os.getpid() and process_alive(owner):
            continue  # another export is still working here (exports in one process take turns)
        try:
            if journal is not None and journal.get("state") == PLACING:
                _roll_forward(work, out, journal)
            else:
                _roll_back(work, out)
            remove_tree(work)
        except OSError:
            continue
        removed.append(work)
    return removed
