"""Library speed on 2,000 files (hard links to corpus images): first scan, unchanged rescan, hashes.

Targets (issue 5): first scan (header-only inspection) at least 1,000 files/s; a rescan with nothing
changed under 1 s; thumbnails + perceptual hashes at least 60 files/s using both cores.
Run: `.venv/bin/python bench/library.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds a script named like the standard library's `inspect`: keep bench/ off the import path.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import os  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from bench.common import corpus_files, link_library, record  # noqa: E402

COUNT = 2000
FOLDERS = ("originals", "sessions", "small-originals", "edited", "heic", "raw", "stripped", "faces", "broken",
           "misnamed")
SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".dng", ".nef", ".cr2", ".cr3", ".arw")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-library-") as folder:
        os.environ["YUANTU_DATA_DIR"] = str(Path(folder) / "appdata")
        from core.catalog import Catalog

        sources = corpus_files(FOLDERS, SUFFIXES)
        library = Path(folder) / "library"
        link_library(library, sources, COUNT)
        with Catalog(Path(folder) / "catalog.sqlite3") as catalog:
            start = time.perf_counter()
            first = catalog.scan([str(library)])
            scan_seconds = time.perf_counter() - start
            start = time.perf_counter()
            again = catalog.scan([str(library)])
            rescan_seconds = time.perf_counter() - start
            start = time.perf_counter()
            hashed = catalog.compute_hashes(workers=2)
            hash_seconds = time.perf_counter() - start
        with Catalog(Path(folder) / "single.sqlite3") as single:
            subset = str(library / "shoot_000")
            single.scan([subset])
            start = time.perf_counter()
            one_core = single.compute_hashes(workers=1)
            one_seconds = time.perf_counter() - start
    assert first.added == COUNT and again.unchanged == COUNT, (first, again)
    record(
        f"library catalog, {COUNT} files from {len(sources)} corpus images",
        ".venv/bin/python bench/library.py",
        [
            f"- first scan (header-only inspect, 2 processes, one transaction per 512 rows): "
            f"**{COUNT / scan_seconds:,.0f} files/s** ({scan_seconds:.2f} s; target >= 1,000)",
            f"- rescan, nothing changed: **{rescan_seconds:.3f} s** (target < 1 s)",
            f"- sha256 + thumbnail + pHash, 2 processes: **{hashed / hash_seconds:,.0f} files/s** "
            f"({hashed} decodable or not, {hash_seconds:.1f} s; target >= 60)",
            f"- same, 1 process, first {one_core} files: {one_core / one_seconds:,.0f} files/s (for the scaling)",
        ],
    )


if __name__ == "__main__":
    main()
