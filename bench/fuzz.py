"""Long fuzz run: 10,000+ mutated corpus files through `inspect --fast`, plain `inspect` and `faces`.

Why: issue 18's acceptance. Every input runs in a worker process under a memory limit
(`resource.setrlimit(RLIMIT_AS)`) and a per-input watchdog (the worker is killed and replaced when one
input takes longer than the limit), so a hang or a runaway allocation is counted, not suffered. The
worker resets its peak-memory counter before each input (Linux `clear_refs`) and reports the input's
own peak. Figures: uncaught exceptions, hangs over the limit, inputs over 1 GB, cut files not flagged
in each mode, `faces` disagreeing with `inspect` on unreadable files, and source bytes changed.

Run: `.venv/bin/python bench/fuzz.py --count 10000` (add `--record` to append to bench/RESULTS.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the repository, not bench/, on the path

import argparse  # noqa: E402
import contextlib  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import select  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

from bench.fuzz_inputs import Mutant, file_name, iter_mutants  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
FLAGGED = {"file.unreadable", "raw.truncated"}
GIB = 1 << 30
SLOW_SECONDS = 10.0  # one command on one input over this counts as a hang


# ---- worker --------------------------------------------------------------------------------------


def _peak_reset() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")  # resets VmHWM, the peak resident size
    except OSError:
        pass


def _peak_bytes() -> int:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _api() -> tuple[Any, Any]:
    from core.faces.detect import detect_faces
    from core.inspection.inspect import inspect_path

    return inspect_path, detect_faces


READER_BUG = re.compile(r"^the reader failed: ")  # core.photo.readers.READER_FAILED: a reader raised
CHECK_NAMES = ("readable", "format", "size", "metadata", "trailer", "originality")


def _warm_up() -> None:
    import tempfile as _tempfile

    from PIL import Image

    inspect_path, detect_faces = _api()
    with _tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "warm.jpg"
        Image.effect_noise((320, 240), 40).convert("RGB").save(sample, "JPEG")
        inspect_path(sample)
        detect_faces(sample)


def check_one(path: str, run_faces: bool) -> dict[str, Any]:
    """Everything the fuzz run asks of one input (also used in-process by the suite's fuzz test)."""
    inspect_path, detect_faces = _api()
    row: dict[str, Any] = {"errors": []}
    before = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    for mode, fast in (("fast", True), ("full", False)):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            report = inspect_path(path, fast=fast)
            json.dumps(report.to_json(), ensure_ascii=False)
            codes = report.codes()
            row[mode] = codes
            details = [str(f.params.get("detail", "")) for f in report.findings if f.code == "metadata.malformed"]
            # A check that raised is caught by inspect_path and shown as "<check>: <error>": a bug all the same.
            row[mode + "_check_failed"] = [d for d in details if d.split(":")[0].startswith(CHECK_NAMES)]
            problems = report.metadata.problems if report.metadata is not None else []
            row[mode + "_reader_errors"] = [p for p in problems if READER_BUG.match(p)]
        except BaseException as error:  # the point: nothing may escape
            row["errors"].append(f"inspect {mode}: " + "".join(traceback.format_exception(error))[-2000:])
            row[mode] = None
        row[mode + "_seconds"] = round(time.perf_counter() - started, 3)
        row[mode + "_cpu"] = round(time.process_time() - cpu, 3)
    flagged = bool(set(row.get("full") or []) & FLAGGED)
    if run_faces or flagged:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            result = detect_faces(path)
            row["faces"] = {"error": result.error, "reason": result.reason, "faces": result.faces}
        except BaseException as error:
            row["errors"].append("faces: " + "".join(traceback.format_exception(error))[-2000:])
        row["faces_seconds"] = round(time.perf_counter() - started, 3)
        row["faces_cpu"] = round(time.process_time() - cpu, 3)
    row["changed"] = hashlib.sha256(Path(path).read_bytes()).hexdigest() != before
    return row


def worker(memory_limit: int) -> None:
    import resource

    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _warm_up()  # imports and the face model paid once, before the first input's clock starts
    for line in sys.stdin:
        job = json.loads(line)
        _peak_reset()
        try:
            row = check_one(job["path"], job["faces"])
        except MemoryError:
            row = {"errors": ["MemoryError (over the worker's memory limit)"]}
        row["peak"] = _peak_bytes()
        sys.stdout.write(json.dumps(row) + "\n")
        sys.stdout.flush()


# ---- parent --------------------------------------------------------------------------------------


class Worker:
    def __init__(self, memory_limit: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", "--memory", str(memory_limit)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            preexec_fn=lambda: os.nice(10))
        self.job: dict[str, Any] | None = None
        self.started = 0.0

    def send(self, job: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.job, self.started = job, time.monotonic()
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


def expectations(row: dict[str, Any], job: dict[str, Any]) -> list[str]:
    """What went wrong for one input, as short labels."""
    problems = []
    if row.get("errors"):
        problems.append("exception")
    if row.get("changed"):
        problems.append("source_changed")
    if row.get("peak", 0) > GIB:
        problems.append("over_1gb")
    for mode in ("fast", "full"):
        if job["cut"] and row.get(mode) is not None and not set(row[mode]) & FLAGGED:
            problems.append(f"cut_not_flagged_{mode}")
    if set(row.get("full") or []) & FLAGGED and "faces" in row and row["faces"]["error"] is None:
        problems.append("faces_disagree")
    if any(row.get(mode + "_check_failed") for mode in ("fast", "full")):
        problems.append("check_failed")  # a check raised; inspect_path reported it as metadata.malformed
    if any(row.get(mode + "_reader_errors") for mode in ("fast", "full")):
        problems.append("reader_error")  # a reader raised; read_file reported the file as damaged
    slowest = max(row.get("fast_seconds", 0), row.get("full_seconds", 0), row.get("faces_seconds", 0))
    if slowest > SLOW_SECONDS:
        problems.append("over_10s")  # wall clock: on a shared machine this counts waiting for a core too
    if max(row.get("fast_cpu", 0), row.get("full_cpu", 0), row.get("faces_cpu", 0)) > SLOW_SECONDS:
        problems.append("over_10s_cpu")  # the input's own work
    return problems


def run(count: int, seed: int, timeout: float, memory_limit: int, workers: int, keep: Path,
        faces_share: float, deadline: float = 0.0) -> dict[str, Any]:
    per_kind = {"jpeg": count * 5 // 10, "heic": count * 2 // 10}
    per_kind["raw"] = count - sum(per_kind.values())
    work = Path(tempfile.mkdtemp(prefix="yuantu-fuzz-"))
    keep.mkdir(parents=True, exist_ok=True)
    total = sum(per_kind.values())
    jobs = (_job(mutant, index, work, faces_share, seed) for index, mutant in enumerate(_interleaved(per_kind, seed)))
    totals: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    cuts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    peak = slowest = 0.0
    pool = [Worker(memory_limit) for _ in range(workers)]
    upcoming = next(jobs, None)
    started = time.monotonic()
    try:
        while upcoming is not None or any(w.job for w in pool):
            if deadline and time.monotonic() - started > deadline and upcoming is not None:
                Path(upcoming["path"]).unlink(missing_ok=True)
                upcoming = None  # out of time: finish what runs, report what ran
            for w in pool:
                if w.job is None and upcoming is not None:
                    w.send(upcoming)
                    upcoming = next(jobs, None)
            streams = {w.process.stdout: w for w in pool if w.job is not None and w.process.stdout is not None}
            ready, _, _ = select.select([s for s in streams if s is not None], [], [], 0.5)
            for stream in ready:
                w = streams[stream]
                line = stream.readline()
                job = w.job
                assert job is not None
                elapsed = time.monotonic() - w.started
                row: dict[str, Any] = json.loads(line) if line else {"errors": ["worker died"]}
                w.job = None
                if not line:
                    w.kill()
                    pool[pool.index(w)] = Worker(memory_limit)
                _tally(row, job, elapsed, totals, kinds, cuts, examples, keep)
                peak = max(peak, float(row.get("peak", 0)))
                slowest = max(slowest, *(float(row.get(k + "_seconds", 0)) for k in ("fast", "full", "faces")))
                Path(job["path"]).unlink(missing_ok=True)
            for position, w in enumerate(pool):
                if w.job is not None and time.monotonic() - w.started > timeout:
                    totals["killed"] += 1
                    _keep(w.job, "killed", examples, keep)
                    kinds[w.job["kind"]] += 1
                    Path(w.job["path"]).unlink(missing_ok=True)
                    w.kill()
                    pool[position] = Worker(memory_limit)
            done = sum(kinds.values())
            if done and done % 500 < len(ready):
                print(f"{done}/{total} {dict(totals)}", file=sys.stderr, flush=True)
    finally:
        for w in pool:
            w.kill()
        shutil.rmtree(work, ignore_errors=True)
    return {"inputs": sum(kinds.values()), "kinds": dict(kinds), "problems": dict(totals), "cuts": dict(cuts),
            "peak_bytes": int(peak), "slowest_seconds": round(slowest, 2),
            "wall_seconds": round(time.monotonic() - started), "examples": examples}


def _interleaved(per_kind: dict[str, int], seed: int) -> Iterator[Mutant]:
    """The kinds in turn, so a run stopped at its deadline has covered every kind alike."""
    streams = {kind: iter_mutants(CORPUS, kind, number, seed) for kind, number in per_kind.items()}
    left = dict(per_kind)
    while any(left.values()):
        for kind in streams:
            share = max(1, round(10 * left[kind] / max(1, sum(left.values()))))
            for _ in range(min(share, left[kind])):
                left[kind] -= 1
                yield next(streams[kind])


def _job(mutant: Mutant, index: int, work: Path, faces_share: float, seed: int) -> dict[str, Any]:
    path = work / file_name(mutant, index)
    path.write_bytes(mutant.data)
    sample = int(hashlib.sha256(f"{seed}:{index}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return {"path": str(path), "kind": mutant.kind, "base": mutant.base, "mutation": mutant.mutation,
            "cut": mutant.cut, "faces": sample < faces_share}


def _keep(job: dict[str, Any], problem: str, examples: dict[str, list[str]], keep: Path) -> None:
    listed = examples.setdefault(problem, [])
    if len(listed) < 20:
        name = f"{problem}_{Path(job['path']).name}"
        with contextlib.suppress(OSError):
            shutil.copyfile(job["path"], keep / name)
        listed.append(f"{name} ({job['base']}: {job['mutation']})")


def _tally(row: dict[str, Any], job: dict[str, Any], elapsed: float, totals: Counter[str],
           kinds: Counter[str], cuts: Counter[str], examples: dict[str, list[str]], keep: Path) -> None:
    kinds[job["kind"]] += 1
    if job["cut"]:
        cuts[job["kind"]] += 1
    for problem in expectations(row, job):
        totals[problem] += 1
        _keep(job, problem, examples, keep)
        if problem == "exception":
            (keep / f"exception_{Path(job['path']).name}.txt").write_text("\n".join(row["errors"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds one input may take before its worker is killed (a hang)")
    parser.add_argument("--memory", type=int, default=3 * GIB, help="address-space limit per worker (bytes)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--deadline", type=float, default=0.0,
                        help="stop starting new inputs after this many seconds (0: none); the figures say how many ran")
    parser.add_argument("--faces-share", type=float, default=0.1,
                        help="share of inputs also given to faces (every flagged input is)")
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "yuantu-fuzz-kept")
    parser.add_argument("--record", action="store_true", help="append the figures to bench/RESULTS.md")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.memory)
        return
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    summary = run(args.count, args.seed, args.timeout, args.memory, args.workers, args.keep, args.faces_share,
                  args.deadline)
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if args.record:
        from bench.common import record

        problems = summary["problems"]
        record("Fuzz run (issue 18)", f"bench/fuzz.py --count {args.count} --seed {args.seed}", [
            f"- inputs: {summary['inputs']} ({', '.join(f'{k} {v}' for k, v in summary['kinds'].items())}); "
            f"cut inside the image data: {', '.join(f'{k} {v}' for k, v in summary['cuts'].items())}",
            f"- uncaught exceptions: {problems.get('exception', 0)}; hangs (one command over {SLOW_SECONDS:g} s of "
            f"CPU: {problems.get('over_10s_cpu', 0)}, of wall clock on the shared machine: "
            f"{problems.get('over_10s', 0)}; worker killed at {args.timeout:g} s: {problems.get('killed', 0)}); "
            f"inputs over 1 GB: {problems.get('over_1gb', 0)} (largest peak "
            f"{summary['peak_bytes'] / 2**20:.0f} MiB, slowest command {summary['slowest_seconds']} s)",
            f"- cut files not flagged: --fast {problems.get('cut_not_flagged_fast', 0)}, plain "
            f"{problems.get('cut_not_flagged_full', 0)}; faces disagreeing with inspect on unreadable files: "
            f"{problems.get('faces_disagree', 0)}; source bytes changed: {problems.get('source_changed', 0)}",
            f"- caught and reported, still bugs: reader errors turned into `file.unreadable` damaged "
            f"{problems.get('reader_error', 0)}, checks that raised {problems.get('check_failed', 0)}",
            f"- wall time {summary['wall_seconds']} s with {args.workers} workers (nice 10, memory limit "
            f"{args.memory / GIB:.1f} GiB each)",
        ])


if __name__ == "__main__":
    main()
