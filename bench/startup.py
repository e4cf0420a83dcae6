"""Start-up: `app.py inspect ONE_FILE` against `exiftool ONE_FILE`, what each sub-command imports, and the
window's time to first paint under Xvfb, all in one run (the machine is shared: only same-run ratios count).

    python bench/startup.py [--file PATH] [--runs N] [--no-record]

- wall time of the whole process, median of N alternating runs: `python app.py inspect FILE` (and
  `--json`, `--fast`) beside `exiftool FILE`, and `python -c pass` for the interpreter alone;
- `python -X importtime app.py inspect FILE`: the import total, the slowest top-level imports, and which
  heavy modules (numpy, sqlite3, the catalog, the face network, rawpy, pillow-heif, Qt) each sub-command
  loads on a small real input: a command should load only what it uses;
- time to first paint: from launching `python app.py` to the main window's first Paint event, under
  `xvfb-run` (the real xcb window system; skipped with a note when Xvfb is missing), median of N.
Every child gets an empty temporary data folder (`YUANTU_DATA_DIR`), so no user state is read or written.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CORPUS, ROOT, record

PYTHON = sys.executable
HEAVY = {
    "numpy": ("numpy",),
    "sqlite3": ("sqlite3", "_sqlite3"),
    "catalog": ("core.library.catalog", "core.catalog"),
    "face network": ("core.faces.centerface", "onnxruntime", "core.faces.net", "core.face_net"),
    "rawpy": ("rawpy",),
    "pillow-heif": ("pillow_heif",),
    "Qt": ("PySide6.QtCore",),
}

# The probe runs the real entry point (`app.main([])`) and stops the event loop at the main window's first
# paint; `ui.application.create_application` is wrapped only to put an event filter on the application.
PAINT_PROBE = r"""
import os, sys, time
sys.path.insert(0, os.getcwd())
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
import app
import ui.application as application

class Probe(QObject):
    done = False
    def eventFilter(self, watched, event):
        if (not Probe.done and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and watched.isWindow() and type(watched).__name__ == "MainWindow"):
            Probe.done = True
            print(f"FIRST_PAINT {time.time():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False

probe = Probe()
create = application.create_application
def create_with_probe(arguments):
    made = create(arguments)
    made.installEventFilter(probe)
    return made
application.create_application = create_with_probe
sys.exit(app.main([]))
"""


def _env(data: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "YUANTU_DATA_DIR": str(data), "YUANTU_NO_ERROR_DIALOGS": "1"}


def _wall(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode(errors='replace')[-400:]}")
    return elapsed


def wall_times(file: Path, runs: int, data: Path) -> dict[str, float]:
    commands = {
        "python -c pass": [PYTHON, "-c", "pass"],
        "exiftool FILE": ["exiftool", str(file)],
        "app.py inspect FILE": [PYTHON, "app.py", "inspect", str(file)],
        "app.py inspect --json FILE": [PYTHON, "app.py", "inspect", "--json", str(file)],
        "app.py inspect --fast FILE": [PYTHON, "app.py", "inspect", "--fast", str(file)],
    }
    if shutil.which("exiftool") is None:
        del commands["exiftool FILE"]
    times: dict[str, list[float]] = {name: [] for name in commands}
    env = _env(data)
    for argv in commands.values():  # one warm-up each: the page cache, .pyc files
        _wall(argv, env)
    for _ in range(runs):  # alternating, so a busy moment on the shared machine hits every command alike
        for name, argv in commands.items():
            times[name].append(_wall(argv, env))
    return {name: statistics.median(values) for name, values in times.items()}


def import_profile(argv: list[str], data: Path) -> tuple[float, list[tuple[float, str]], set[str]]:
    """Total import time, top-level imports by cumulative time, and every module imported."""
    done = subprocess.run([PYTHON, "-X", "importtime", *argv], cwd=ROOT, env=_env(data), capture_output=True,
                          text=True)
    rows = re.findall(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", done.stderr)
    total = sum(int(own) for own, _, _, _ in rows) / 1e6
    top = sorted(((int(cumulative) / 1e6, name) for _, cumulative, indent, name in rows if len(indent) == 1),
                 reverse=True)
    return total, top, {name for _, _, _, name in rows}


def heavy_in(modules: set[str]) -> str:
    found = [label for label, names in HEAVY.items() if any(name in modules for name in names)]
    return ", ".join(found) or "none"


def first_paint(runs: int, data_root: Path) -> list[float] | None:
    runner = shutil.which("xvfb-run")
    if runner is None:
        return None
    times: list[float] = []
    for index in range(runs + 1):
        data = data_root / f"paint{index}"
        env = {**_env(data), "QT_QPA_PLATFORM": "xcb"}
        started = time.time()
        done = subprocess.run([runner, "-a", PYTHON, "-c", PAINT_PROBE], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)
        match = re.search(r"FIRST_PAINT (\d+\.\d+)", done.stdout)
        if match is None:
            sys.exit(f"no first paint seen: {done.stdout[-300:]} {done.stderr[-600:]}")
        if index:  # the first launch warms the caches (fonts, .pyc): not counted
            times.append(float(match.group(1)) - started)
    return times


def xvfb_overhead(runs: int) -> float | None:
    """xvfb-run starting and stopping an X server around `true`: part of every paint figure, not the app's."""
    runner = shutil.which("xvfb-run")
    if runner is None:
        return None
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([runner, "-a", "true"], check=False)
        values.append(time.perf_counter() - started)
    return statistics.median(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--file", type=Path, default=None, help="default: the corpus's originals/jolla.jpg")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-record", action="store_true", help="print only; do not append to bench/RESULTS.md")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    file = (args.file or corpus / "originals" / "jolla.jpg").resolve()
    if not file.is_file() or not corpus.is_dir():
        sys.exit(f"no such file: {file} (corpus {corpus})")
    work = Path(tempfile.mkdtemp(prefix="yuantu-startup-"))
    try:
        walls = wall_times(file, args.runs, work / "data")
        total, top, modules = import_profile(["app.py", "inspect", str(file)], work / "data")
        small = corpus / "small-originals"
        raw = corpus / "raw" / "nikon_coolscan.nef"
        per_command = {
            "inspect FILE": ["app.py", "inspect", str(file)],
            "inspect --fast FILE": ["app.py", "inspect", "--fast", str(file)],
            "sessions FOLDER": ["app.py", "sessions", str(small)],
            "faces FILE": ["app.py", "faces", str(file)],
            "convert RAW": ["app.py", "convert", "--out", str(work / "converted"), str(raw)],
            "suggest-bts": ["app.py", "suggest-bts", str(file), "--library", str(small), "--catalog",
                            str(work / "catalog.sqlite3")],
            "--help": ["app.py", "--help"],
        }
        footprint = {name: heavy_in(import_profile(argv, work / "data")[2]) for name, argv in per_command.items()}
        paints = first_paint(args.runs, work)
        xvfb = xvfb_overhead(3)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [f"- file: `{file.relative_to(corpus) if file.is_relative_to(corpus) else file}` "
             f"({file.stat().st_size:,} bytes); median of {args.runs} alternating runs, whole process wall time"]
    for name, seconds in walls.items():
        lines.append(f"  - `{name}`: {seconds:.3f} s")
    exif = walls.get("exiftool FILE")
    if exif:
        ratio = walls["app.py inspect FILE"] / exif
        lines.append(f"- ratio `app.py inspect FILE` / `exiftool FILE`: **{ratio:.2f}x** (target <= 2x)")
    lines.append(f"- `python -X importtime app.py inspect FILE`: {total:.3f} s of imports; slowest top-level: "
                 + ", ".join(f"{name} {seconds * 1000:.0f} ms" for seconds, name in top[:6]))
    lines.append("- heavy modules each sub-command loads (numpy, sqlite3, catalog, face network, rawpy, "
                 "pillow-heif, Qt):")
    lines += [f"  - `{name}`: {found}" for name, found in footprint.items()]
    if paints is None:
        lines.append("- first paint: not measured (xvfb-run missing; Debian: apt-get install xvfb)")
    else:
        lines.append(f"- time to first paint under Xvfb (`python app.py`, launch to the main window's first Paint "
                     f"event, empty data folder): median **{statistics.median(paints):.3f} s** "
                     f"(min {min(paints):.3f}, max {max(paints):.3f}, {len(paints)} runs); of it, xvfb-run "
                     f"starting an X server around `true`: {xvfb:.3f} s")
    title = "Start-up: inspect one file, imports, first paint"
    print("\n".join(lines)) if args.no_record else record(title, "python bench/startup.py", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
