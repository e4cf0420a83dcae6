"""The longest GUI event-loop stall while the window scans a 2,000-file photo library.

    .venv/bin/python bench/gui_stall.py [--files 2000] [--no-record]

Builds a library of hard links to corpus files, opens the real main window (offscreen) on its start
screen with that folder, starts the library scan through the window (ui.library -> core.library.catalog on
the thread pool, which fans out to worker processes) and measures, with a 10 ms QTimer, the gaps
between ticks on the GUI thread until the scan is done. Target: the longest gap under 100 ms.
The scan runs twice: a first scan (everything new) and a rescan (nothing changed).
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds a script named like the standard library's `inspect`: keep bench/ off the import path.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse
import os
import statistics
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# setdefault: the scan's helper process imports this module again and must use the same data folder.
os.environ.setdefault("YUANTU_BENCH_WORK", tempfile.mkdtemp(prefix="yuantu-stall-"))
WORK = Path(os.environ["YUANTU_BENCH_WORK"])
os.environ.setdefault("YUANTU_DATA_DIR", str(WORK / "data"))
os.environ["YUANTU_NO_ERROR_DIALOGS"] = "1"

from bench.common import corpus_files, link_library, record

TICK_MS = 10
TARGET_MS = 100.0


def measure(app: object, window: object, label: str) -> dict[str, float]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    library = window.library  # type: ignore[attr-defined]
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    started = time.perf_counter()
    timer.start()
    library.scan()
    while library.busy:
        QApplication.processEvents()
        time.sleep(0.001)  # stand in for an idle event loop waiting for events
    seconds = time.perf_counter() - started
    timer.stop()
    summary = library.last_summary
    gaps = gaps[1:] or [0.0]
    result = {"max": max(gaps), "p99": statistics.quantiles(gaps, n=100)[98] if len(gaps) > 100 else max(gaps),
              "median": statistics.median(gaps), "ticks": float(len(gaps)), "seconds": seconds,
              "files": float(getattr(summary, "files", 0))}
    print(f"{label}: {result}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--no-record", action="store_true")
    options = parser.parse_args()
    sources = corpus_files(("originals", "sessions", "small-originals", "edited", "heic", "raw", "faces"),
                           (".jpg", ".jpeg", ".heic", ".dng", ".nef", ".cr2"))
    folder = WORK / "library"
    link_library(folder, sources, options.files)

    from ui import i18n, settings, tasks
    from ui.application import create_application

    app = create_application([])
    i18n.install("zh_CN")
    config = settings.load()
    config.library_folders = [str(folder)]

    from ui.main_window import MainWindow

    window = MainWindow(config)
    window.show()
    first = measure(app, window, "first scan")
    again = measure(app, window, "rescan")
    window.shutdown()
    tasks.wait_for_all()
    lines = [
        f"- first scan of {int(first['files'])} files through the window: {first['seconds']:.1f} s; GUI event-loop "
        f"gaps (10 ms timer): longest **{first['max']:.0f} ms**, p99 {first['p99']:.0f} ms, median "
        f"{first['median']:.0f} ms (target: longest < {TARGET_MS:.0f} ms)",
        f"- rescan, nothing changed: {again['seconds']:.2f} s; longest gap **{again['max']:.0f} ms**, "
        f"p99 {again['p99']:.0f} ms",
    ]
    if not options.no_record:
        record("GUI stall during a library scan (desktop app)",
               f".venv/bin/python bench/gui_stall.py --files {options.files}", lines)
    else:
        print("\n".join(lines))
    return 0 if max(first["max"], again["max"]) < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
