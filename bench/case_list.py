"""How long the start screen and `case list` take to read every case (issue 19), beside the floor.

    .venv/bin/python bench/case_list.py [--cases 300] [--no-record]

Builds N case folders in a temporary app-data folder (a third of them submitted, some rejected),
then times `core.case.index.list_cases` + `group` (what the start screen and `case list` do: read
each case file, compute each deadline with the holiday calendar) against the floor measured in the
same run: `json.loads` of the same case files and nothing else. Median of 5.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds a script named like the standard library's `inspect`: keep bench/ off the import path.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402


def build(count: int) -> None:
    from core.base import appdata
    from core.case import lifecycle
    from core.case.casefile import Case, HistoryEntry, ImageEntry, save_case

    now = lifecycle.local_now()
    for index in range(count):
        case = Case(profile="1688", seller=f"店铺{index % 40}")
        case.complaint = [ImageEntry(f"/photos/{index}/IMG_{n}.JPG", "ab" * 32, 300_000, "jpeg") for n in range(1)]
        case.bts = [ImageEntry(f"/photos/{index}/IMG_{n}.JPG", "cd" * 32, 300_000, "jpeg") for n in range(1, 6)]
        exported = now - dt.timedelta(days=index % 30 + 1)
        case.history.append(HistoryEntry(exported.isoformat(), "exported", {}))
        lifecycle.note_exported(case, exported.isoformat())
        if index % 3:
            lifecycle.submit(case, exported + dt.timedelta(hours=1), f"N{index}", now=now)
        if index % 3 == 2:
            lifecycle.record_result(case, "rejected", reason="not_original", now=now)
        save_case(case, appdata.cases_dir() / f"case_{index:04d}")


def median_seconds(job: object, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    os.environ["YUANTU_DATA_DIR"] = tempfile.mkdtemp(prefix="yuantu-bench-cases-")
    from bench.common import record
    from core.base import appdata
    from core.case import index
    from core.case.index import group, list_cases

    build(args.cases)
    files = sorted(appdata.cases_dir().glob("*/case.json"))

    def cold() -> None:
        index._SUMMARIES.clear()
        group(list_cases())

    first = median_seconds(cold)
    again = median_seconds(lambda: group(list_cases()))
    floor = median_seconds(lambda: [json.loads(p.read_text(encoding="utf-8")) for p in files])
    lines = [f"- {args.cases} cases, every file read (first showing of the day): `list_cases` + `group` "
             f"**{first * 1000:.1f} ms** ({first / args.cases * 1e6:.0f} µs per case); bare `json.loads` of the "
             f"same files {floor * 1000:.1f} ms: **{first / floor:.1f}x** the floor",
             f"- unchanged files (coming back to the start screen): **{again * 1000:.1f} ms** "
             f"({again / floor:.2f}x the floor); the start screen does this off the GUI thread"]
    if args.no_record:
        print("\n".join(lines))
    else:
        record(f"case list / start screen, {args.cases} cases", ".venv/bin/python bench/case_list.py", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
