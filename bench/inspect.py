"""Inspect throughput on 1,000 files (hard links to the corpus originals), against exiftool -fast2.

Targets (issue 2, DECISIONS.md): `inspect --fast` at least 5x exiftool's files/s; plain `inspect`
(pixel checks included) at least 60 files/s on 2 cores. Run: `.venv/bin/python bench/inspect.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's `inspect`: keep bench/ off the import path.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from bench.common import corpus_files, link_library, record  # noqa: E402
from core.inspection.inspect import inspect_path  # noqa: E402

COUNT = 1000


def inspect_chunk(paths: list[str]) -> int:
    return sum(1 for path in paths if inspect_path(path).type)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-inspect-") as folder:
        files = link_library(Path(folder) / "library", corpus_files(("originals", "sessions")), COUNT)
        names = [str(p) for p in files]
        for path in names[:20]:  # warm the page cache and imports
            inspect_path(path, fast=True)

        start = time.perf_counter()
        for path in names:
            inspect_path(path, fast=True)
        fast_rate = COUNT / (time.perf_counter() - start)

        chunks = [names[i : i + 50] for i in range(0, COUNT, 50)]
        with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
            list(pool.map(inspect_chunk, chunks[:2]))  # start the workers before timing
            start = time.perf_counter()
            list(pool.map(inspect_chunk, chunks))
            full_rate = COUNT / (time.perf_counter() - start)

        exiftool = shutil.which("exiftool")
        lines = [f"- `inspect --fast` (headers only, 1 process): **{fast_rate:,.0f} files/s**",
                 f"- `inspect` (with pixel checks, 2 processes): **{full_rate:,.0f} files/s** (target >= 60)"]
        if exiftool:
            start = time.perf_counter()
            subprocess.run([exiftool, "-fast2", "-q", "-j", "-Make", "-Model", "-SerialNumber", "-DateTimeOriginal",
                            "-Software", "-ImageWidth", "-ImageHeight", "-r", str(Path(folder) / "library")],
                           check=False, stdout=subprocess.DEVNULL)
            exif_rate = COUNT / (time.perf_counter() - start)
            lines.append(f"- `exiftool -fast2 -j` (7 tags, same files, same run): {exif_rate:,.0f} files/s")
            lines.append(f"- ratio fast inspect / exiftool: **{fast_rate / exif_rate:.1f}x** (target >= 5x)")
        else:
            lines.append("- exiftool not installed: no peer figure this run (apt-get install libimage-exiftool-perl)")
        record(f"inspect throughput, {COUNT} files", ".venv/bin/python bench/inspect.py", lines)


if __name__ == "__main__":
    main()
