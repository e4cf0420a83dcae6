"""What the 原图 pre-check (issue 3) costs inside `inspect`, measured as CPU time in one process.

The machine is shared, so wall-clock rates swing with other people's work; CPU time of this process
(`time.process_time`) is steadier. Same files, same run, checks switched on and off:
1. `inspect --fast` with and without the header-only originality check (target: fast stays fast).
2. The thumbnail-content check alone, per file with a thumbnail (the image is already decoded
   for the readability check, so this is its whole extra cost in plain `inspect`).
Run: `.venv/bin/python bench/originality.py`
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

import time  # noqa: E402

from bench.common import corpus_files, record  # noqa: E402
from core.base.rules import load_profile  # noqa: E402
from core.inspection import inspect as inspection  # noqa: E402
from core.inspection.context import CheckContext  # noqa: E402
from core.inspection.inspect import inspect_path  # noqa: E402
from core.inspection.originality.check import check_thumbnail  # noqa: E402

ROUNDS = 5


def fast_cpu_ms(files: list[str]) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.process_time()
        for path in files:
            inspect_path(path, fast=True)
        best = min(best, (time.process_time() - start) / len(files) * 1000)
    return best


def main() -> None:
    files = [str(p) for p in corpus_files(("originals", "sessions", "small-originals", "edited"))]
    for path in files:
        inspect_path(path)  # warm caches and imports (OpenCV for the thumbnail check)
    everything = inspection.CHECKS
    with_check = fast_cpu_ms(files)
    inspection.CHECKS = tuple(c for c in everything if not c.name.startswith("originality"))
    without_check = fast_cpu_ms(files)
    inspection.CHECKS = everything

    profile = load_profile()
    contexts = []
    for path in files:
        report = inspect_path(path, fast=True)
        if report.metadata is not None and report.metadata.thumbnail:
            context = CheckContext(Path(path), report.type, report.bytes or 0, report.metadata, profile,
                                   profile.findings(), False)
            if context.preview() is not None:
                contexts.append(context)
    start = time.process_time()
    for _ in range(ROUNDS):
        for context in contexts:
            context.facts.clear()
            check_thumbnail(context)
    thumb_ms = (time.process_time() - start) / (ROUNDS * len(contexts)) * 1000

    lines = [
        f"- `inspect --fast`, {len(files)} corpus JPEGs (originals, sessions, small-originals, edited), CPU time "
        f"per file: **{with_check:.3f} ms** with the originality check, {without_check:.3f} ms without "
        f"(check cost {with_check - without_check:.3f} ms, {100 * (with_check / without_check - 1):.0f}%)",
        f"- thumbnail-content check (plain `inspect` only), {len(contexts)} files with an EXIF thumbnail, "
        f"image already decoded: **{thumb_ms:.2f} ms** CPU per file",
    ]
    record("originality pre-check cost", ".venv/bin/python bench/originality.py", lines)


if __name__ == "__main__":
    main()
