"""Conversion speed (issue 4, DECISIONS.md "Conversion"), each figure against its peer in the same run.

1. One file: the app's `convert_file` of corpus raw/blackmagic.dng against bare rawpy.postprocess +
   Pillow JPEG encode (q95, written to disk): overhead at most 15%.
2. Batch of 8: `convert_batch(workers=2)` (spawn) against bare rawpy + Pillow on 2 spawn worker
   processes: throughput at least 90%. Sequential bare time shown for the scaling.
3. Embedded-preview path, end to end (inspect, hash, extract, EXIF, write, record) on the corpus
   canon_eos_6d.dng preview: under 50 ms per file. Its preview is smaller than the picture, so the
   bench lowers the full-resolution requirement to force that path.
Run: `.venv/bin/python bench/convert.py`
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

import copy  # noqa: E402
import dataclasses  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402
from multiprocessing import get_context  # noqa: E402

from bench.common import CORPUS, link_library, record  # noqa: E402
from core.base.rules import check_table, load_profile  # noqa: E402
from core.conversion.convert import convert_batch, convert_file  # noqa: E402

DNG = CORPUS / "raw" / "blackmagic.dng"
PREVIEW_DNG = CORPUS / "raw" / "canon_eos_6d.dng"
BATCH = 8
ROUNDS = 5


def bare(source: str, target: str) -> int:
    """What any script would do: rawpy develop with the same settings, Pillow q95 to a file."""
    import rawpy
    from PIL import Image

    settings = check_table(load_profile(), "conversion")["libraw"]
    with rawpy.imread(source) as raw:
        pixels = raw.postprocess(**{**settings, "output_color": rawpy.ColorSpace[settings["output_color"]]})
    Image.fromarray(pixels).save(target, "JPEG", quality=95)
    return Path(target).stat().st_size


def timed(function: object, *args: object) -> float:
    start = time.perf_counter()
    function(*args)  # type: ignore[operator]
    return time.perf_counter() - start


def single(folder: Path) -> tuple[float, float]:
    app_times, bare_times = [], []
    for index in range(ROUNDS + 1):  # interleaved; the first round warms caches and imports
        app = timed(convert_file, DNG, folder / f"app_{index}")
        plain = timed(bare, str(DNG), str(folder / f"bare_{index}.jpg"))
        if index:
            app_times.append(app)
            bare_times.append(plain)
    return statistics.median(app_times), statistics.median(bare_times)


def batch(folder: Path) -> tuple[float, float, float]:
    sources = link_library(folder / "sources", [DNG], BATCH)
    start = time.perf_counter()
    convert_batch(sources, folder / "app_out", workers=2)
    app_time = time.perf_counter() - start
    (folder / "bare_out").mkdir()
    targets = [str(folder / "bare_out" / f"{i}.jpg") for i in range(BATCH)]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn")) as pool:
        list(pool.map(bare, map(str, sources), targets))
    bare_time = time.perf_counter() - start
    start = time.perf_counter()
    for source, target in zip(sources, targets, strict=True):
        bare(str(source), target)
    sequential = time.perf_counter() - start
    return app_time, bare_time, sequential


def preview_path(folder: Path) -> tuple[float, str | None]:
    profile = load_profile()
    tables = copy.deepcopy(dict(profile.tables))
    tables["checks"]["conversion"]["preview"]["min_side_fraction"] = 0.0  # accept the 1024-px preview
    forced = dataclasses.replace(profile, tables=tables)
    times, method = [], None
    for index in range(21):
        start = time.perf_counter()
        result = convert_file(PREVIEW_DNG, folder / "preview", forced)
        if index:
            times.append(time.perf_counter() - start)
        method = result.method
    return statistics.median(times), method


def main() -> None:
    if not DNG.exists() or not PREVIEW_DNG.exists():
        sys.exit(f"corpus not found at {CORPUS}")
    with tempfile.TemporaryDirectory(prefix="bench-convert-") as name:
        folder = Path(name)
        app_one, bare_one = single(folder)
        app_batch, bare_batch, sequential = batch(folder)
        preview_time, method = preview_path(folder)
    overhead = app_one / bare_one - 1
    throughput = bare_batch / app_batch
    record("convert (RAW -> JPEG)", ".venv/bin/python bench/convert.py", [
        f"- one file, raw/blackmagic.dng (4128x2176), median of {ROUNDS}: app **{app_one:.3f} s**, bare "
        f"rawpy.postprocess + Pillow q95 {bare_one:.3f} s: overhead **{overhead:+.1%}** (target <= +15%)",
        f"- batch of {BATCH} (same DNG), 2 spawn workers: app **{app_batch:.2f} s**, bare rawpy + Pillow on 2 spawn "
        f"workers {bare_batch:.2f} s: app throughput **{throughput:.0%}** of bare (target >= 90%); bare one after "
        f"another {sequential:.2f} s ({sequential / bare_batch:.2f}x for the pool)",
        f"- embedded-preview path end to end (inspect, sha256, extract, EXIF, write JPEG + record), "
        f"raw/canon_eos_6d.dng's 1024x683 preview, median of 20: **{preview_time * 1000:.1f} ms** "
        f"(method {method}; target < 50 ms)",
    ])


if __name__ == "__main__":
    main()
