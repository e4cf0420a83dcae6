"""Inspect throughput on 1,000 files (hard links to the corpus originals), against exiftool -fast2.

Targets (issue 2, DECISIONS.md): `inspect --fast` at least 5x exiftool's files/s; plain `inspect`
(pixel checks included) at least 60 files/s on 2 cores. Run: `.venv/bin/python bench/inspect.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's `inspect`: keep bench/ off the import path.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import os
import resource
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

        start, cpu = time.perf_counter(), time.process_time()
        for path in names:
            inspect_path(path, fast=True)
        fast_rate = COUNT / (time.perf_counter() - start)
        fast_cpu = (time.process_time() - cpu) / COUNT  # CPU seconds per file: what load on the box hides
        cpu = time.process_time()
        for path in names[:100]:
            inspect_path(path)
        full_cpu = (time.process_time() - cpu) / 100

        chunks = [names[i : i + 50] for i in range(0, COUNT, 50)]
        with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
            list(pool.map(inspect_chunk, chunks[:2]))  # start the workers before timing
            start = time.perf_counter()
            list(pool.map(inspect_chunk, chunks))
            full_rate = COUNT / (time.perf_counter() - start)

        exiftool = shutil.which("exiftool")
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        lines = [f"- load average at the start: {load} (2 cores)",
                 f"- `inspect --fast` (headers only, 1 process): **{fast_rate:,.0f} files/s**; "
                 f"CPU {fast_cpu * 1000:.2f} ms per file",
                 f"- `inspect` (with pixel checks, 2 processes): **{full_rate:,.0f} files/s** (target >= 60); "
                 f"CPU {full_cpu * 1000:.1f} ms per file (1 process, 100 files), i.e. "
                 f"{2 / full_cpu:,.0f} files/s on 2 free cores"]
        if exiftool:
            start, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([exiftool, "-fast2", "-q", "-j", "-Make", "-Model", "-SerialNumber", "-DateTimeOriginal",
                            "-Software", "-ImageWidth", "-ImageHeight", "-r", str(Path(folder) / "library")],
                           check=False, stdout=subprocess.DEVNULL)
            exif_rate = COUNT / (time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            exif_cpu = (after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime) / COUNT
            lines.append(f"- `exiftool -fast2 -j` (7 tags, same files, same run): {exif_rate:,.0f} files/s; "
                         f"CPU {exif_cpu * 1000:.2f} ms per file")
            lines.append(f"- ratio fast inspect / exiftool: **{fast_rate / exif_rate:.1f}x** by wall clock, "
                         f"**{exif_cpu / fast_cpu:.1f}x** by CPU time (target >= 5x)")
        else:
            lines.append("- exiftool not installed: no peer figure this run (apt-get install libimage-exiftool-perl)")
        record(f"inspect throughput, {COUNT} files", ".venv/bin/python bench/inspect.py", lines)


if __name__ == "__main__":
    main()
