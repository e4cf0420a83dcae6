"""Prove a refactoring left the command line alone: every sub-command on the corpus, at two commits, diffed.

    python scripts/compare_cli_json.py OLD_REV [NEW_REV]      # NEW_REV defaults to the working tree

Each revision is checked out with `git worktree add --detach` into a temporary folder (the working tree
itself is used for the new side when no NEW_REV is given), and the same list of runs (`RUNS`) is made
in each with the same interpreter: `inspect` (full, `--fast`, English), `convert`, `sessions`,
`suggest-bts`, `faces`, `case new`, `case show` and `export`. Every run gets its own app-data folder
(`YUANTU_DATA_DIR`) and output folders inside a per-side scratch folder, so nothing of the user's is read
or written, and the corpus is only read. Before comparing, the two scratch folders and the two checkouts
are replaced by `<RUN>` and `<REPO>` in the output; nothing else is rewritten, so "identical" means the
same bytes on stdout, the same exit status, the same stderr and the same files written (sha256 of each,
JSON sidecars compared after the same two replacements). Exit status 0 when every run matches, 1 otherwise,
with a unified diff of each difference.

Why a script and not a test: it needs two checkouts and a minute or two of CPU, and the lead runs it once
per restructuring branch (old commit = the one before the move).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
STARTED = datetime.now(UTC)


@dataclass(frozen=True)
class Run:
    name: str
    argv: tuple[str, ...]  # {corpus}, {run} (the side's scratch folder) and {files} are filled in


def _corpus_files(corpus: Path) -> list[str]:
    """Every corpus file but the manifest and ExifTool's reference JSON, in a fixed order."""
    files = [p for p in sorted(corpus.rglob("*")) if p.is_file()]
    return [str(p) for p in files if p.name not in ("manifest.csv", "README.md") and p.suffix != ".json"]


def runs(corpus: Path) -> list[Run]:
    shoot = sorted((corpus / "sessions" / "p6000").glob("*.jpg"))  # one camera, minutes apart
    complaint, bts = str(shoot[0]), [str(p) for p in shoot[1:3]]
    case_args = ("{run}/case", "--seller", "示例店铺", "--listing", "https://detail.1688.com/offer/1.html",
                 "--complaint", complaint, *[a for b in bts for a in ("--bts", b)],
                 "--no-model-reason", "product only")
    return [
        Run("inspect", ("inspect", "--json", "{files}")),
        Run("inspect-fast", ("inspect", "--fast", "--json", "{files}")),
        Run("inspect-en", ("inspect", "--json", "--lang", "en", "{files}")),
        Run("inspect-table", ("inspect", "{files}")),
        Run("inspect-taobao", ("inspect", "--json", "--profile", "taobao", "{files}")),
        Run("convert", ("convert", "--json", "--out", "{run}/converted", "--workers", "1",
                        "{corpus}/raw", "{corpus}/heic", "{corpus}/originals/jolla.jpg", "{corpus}/broken")),
        Run("sessions", ("sessions", "--json", "{corpus}")),
        Run("sessions-table", ("sessions", "{corpus}")),
        Run("suggest-bts", ("suggest-bts", complaint, "--library", "{corpus}/sessions", "--library",
                            "{corpus}/originals", "--catalog", "{run}/catalog.sqlite3", "--json")),
        Run("faces", ("faces", "--json", "{corpus}/faces", "{corpus}/originals", "{corpus}/broken")),
        Run("case-new", ("case", "new", "--json", *case_args)),
        Run("case-show", ("case", "show", "--json", "{run}/case")),
        Run("case-show-en", ("case", "show", "--lang", "en", "{run}/case")),
        Run("export-blocked", ("export", "{run}/case", "--out", "{run}/bundle-blocked", "--json")),
        # every open blocker of `case-show` explained, so the bundle is written (folder, zip, report.html)
        Run("export", ("export", "{run}/case", "--out", "{run}/bundle", "--json", "{overrides}")),
        Run("usage-error", ("inspect",)),
        Run("help", ("--help",)),
    ]


@dataclass
class Outcome:
    status: int
    stdout: str
    stderr: str
    files: dict[str, str]  # relative path -> sha256, or normalised text for JSON sidecars


def _checkout(rev: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(where), rev], check=True)
    return where


def _files(folder: Path, replace: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    if not folder.exists():
        return found
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if not path.is_file() or path.name.endswith(("-wal", "-shm", "-journal")) or "logs" in parts:
            continue
        key = str(path.relative_to(folder))
        if path.suffix in (".sqlite3", ".sqlite", ".db"):
            found[key] = _normalise(_sqlite_dump(path), replace)
        elif path.suffix in (".json", ".html", ".txt", ".csv"):
            found[key] = _normalise(path.read_text(encoding="utf-8", errors="replace"), replace)
        else:
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?")


def _normalise(text: str, replace: dict[str, str]) -> str:
    """The two scratch folders and checkouts replaced, and clock readings taken during the run (a case's
    `created_at`, its history) replaced by `<NOW>`: a photo's own dates are years older and stay."""
    for old, new in replace.items():
        text = text.replace(old, new)
    return _STAMP.sub(lambda match: "<NOW>" if _during_run(match.group(0)) else match.group(0), text)


def _during_run(stamp: str) -> bool:
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return False
    if when.tzinfo is None:
        when = when.astimezone()  # a naive local reading
    return STARTED - timedelta(minutes=1) <= when <= datetime.now(UTC) + timedelta(minutes=1)


def _sqlite_dump(path: Path) -> str:
    """A catalog file's rows as SQL text, sorted: its bytes depend on page layout and its row ids on the order
    files were found in; what it holds does not (the app reads it back ordered by path)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return "\n".join(sorted(db.iterdump()))


def run_side(repo: Path, scratch: Path, corpus: Path, python: str, selected: list[Run]) -> dict[str, Outcome]:
    replace = {str(scratch): "<RUN>", str(repo): "<REPO>"}
    found = subprocess.run([python, "-c", "import core; print(core.__file__)"], cwd=repo, capture_output=True,
                           text=True, env={**os.environ, "PYTHONPATH": str(repo)})
    if not found.stdout.strip().startswith(str(repo)):
        sys.exit(f"{repo}: `import core` does not load this checkout ({found.stdout.strip() or found.stderr})")
    outcomes: dict[str, Outcome] = {}
    files = _corpus_files(corpus)
    for run in selected:
        argv: list[str] = []
        for part in run.argv:
            if part == "{files}":
                argv.extend(files)
            elif part == "{overrides}":
                argv.extend(_overrides(outcomes.get("case-show")))
            else:
                argv.append(part.replace("{corpus}", str(corpus)).replace("{run}", str(scratch)))
        env = {**os.environ, "PYTHONPATH": str(repo), "YUANTU_DATA_DIR": str(scratch / "appdata"),
               "QT_QPA_PLATFORM": "offscreen", "YUANTU_NO_ERROR_DIALOGS": "1", "PYTHONHASHSEED": "0"}
        done = subprocess.run([python, "app.py", *argv], cwd=repo, env=env, capture_output=True)
        outcomes[run.name] = Outcome(done.returncode,
                                     _normalise(done.stdout.decode("utf-8", "replace"), replace),
                                     _normalise(done.stderr.decode("utf-8", "replace"), replace), {})
        print(f"  {run.name}: exit {done.returncode}, {len(done.stdout)} bytes", file=sys.stderr)
    outcomes["(files written)"] = Outcome(0, "", "", _files(scratch, replace))
    return outcomes


def _overrides(shown: Outcome | None) -> list[str]:
    """`--override CODE=REASON` for each open blocker code a `case show --json` listed."""
    try:
        blockers = json.loads(shown.stdout)["blockers"] if shown else []
    except (ValueError, KeyError, TypeError):
        return []
    codes = dict.fromkeys(str(issue["code"]) for issue in blockers)
    return [arg for code in codes for arg in ("--override", f"{code}=compare_cli_json run")]


def _diff(name: str, what: str, old: str, new: str) -> list[str]:
    return list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"old/{name}/{what}", f"new/{name}/{what}",
                                     lineterm="", n=2))


def compare(old: dict[str, Outcome], new: dict[str, Outcome]) -> list[str]:
    report: list[str] = []
    for name in old:
        a, b = old[name], new[name]
        lines: list[str] = []
        if a.status != b.status:
            lines.append(f"exit status {a.status} -> {b.status}")
        lines += _diff(name, "stdout", a.stdout, b.stdout)
        lines += _diff(name, "stderr", a.stderr, b.stderr)
        for key in sorted(set(a.files) | set(b.files)):
            if a.files.get(key) != b.files.get(key):
                before, after = a.files.get(key, "<missing>"), b.files.get(key, "<missing>")
                lines += [f"file {key}:", *_diff(name, key, before, after)]
        print(f"{'SAME' if not lines else 'DIFF'}  {name}")
        if lines:
            report += [f"==== {name}", *lines]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="the commit before the change (e.g. the one before the move)")
    parser.add_argument("new", nargs="?", default=None, help="the commit after it (default: this working tree)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--python", default=sys.executable, help="interpreter for both sides (default: this one)")
    parser.add_argument("--only", default="", help="comma-separated run names (default: all)")
    parser.add_argument("--keep", action="store_true", help="keep the checkouts and outputs (their path is printed)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found at {args.corpus}")
    corpus = args.corpus.resolve()
    selected = [r for r in runs(corpus) if not args.only or r.name in args.only.split(",")]
    work = Path(tempfile.mkdtemp(prefix="yuantu-compare-"))
    checkouts: list[Path] = []
    try:
        sides: list[dict[str, Outcome]] = []
        for label, rev in (("old", args.old), ("new", args.new)):
            repo = ROOT if rev is None else _checkout(rev, work / f"{label}-repo")
            if rev is not None:
                checkouts.append(repo)
            scratch = work / f"{label}-run"
            scratch.mkdir()
            print(f"{label}: {rev or 'working tree'} in {repo}", file=sys.stderr)
            sides.append(run_side(repo, scratch, corpus, args.python, selected))
        report = compare(*sides)
    finally:
        if args.keep:
            print(f"kept: {work}", file=sys.stderr)
        else:
            for repo in checkouts:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(repo)], check=False)
            shutil.rmtree(work, ignore_errors=True)
    if report:
        print("\n".join(report))
        print(f"\n{sum(line.startswith('==== ') for line in report)} run(s) differ")
        return 1
    print(f"\nall {len(selected)} runs identical (stdout, stderr, exit status, files written)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
