"""The one process pool: library scans, hashing and conversions run their jobs through `run_in_processes`.

Worker processes are started with `spawn` (fork deadlocks with rawpy, and would copy a whole Qt process).
At most two jobs per worker wait in the pool, so a cancel drops the rest at once; a cancel is seen within
`POLL_SECONDS`, jobs already running finish (their outputs are complete), then `Cancelled` is raised. A
worker that crashes (a decoder taking its process down) breaks the pool: every job not yet finished then
comes back as a future holding `BrokenProcessPool`, and the caller decides what that means for its job.
Its own module, not `jobs`: `multiprocessing` costs every command's start-up, and only these three use it.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any, TypeVar

from core.base.jobs import check_cancel

R = TypeVar("R")
POLL_SECONDS = 0.2


def _finished(function: Callable[..., R], job: tuple[Any, ...]) -> Future[R]:
    """`function(*job)` run here, as a finished future (its result or its exception)."""
    future: Future[R] = Future()
    try:
        future.set_result(function(*job))
    except Exception as error:  # handed to the caller exactly as a worker's failure would be
        future.set_exception(error)
    return future


def run_in_processes(function: Callable[..., R], jobs: Sequence[tuple[Any, ...]], workers: int,
                     cancel: threading.Event | None = None, *, caller_helps: bool = False
                     ) -> Iterator[tuple[int, Future[R]]]:
    """`function(*job)` for every job on `workers` spawned processes: (index of the job, its finished future)
    as each finishes, in no particular order.

    `caller_helps`: while no worker has finished, the calling process takes the last waiting job itself, so
    the pool's start-up time is not lost (the library scan); a conversion leaves the caller idle instead."""
    queue = deque(enumerate(jobs))
    pending: dict[Future[R], int] = {}
    with ProcessPoolExecutor(max(1, min(workers, len(jobs))), mp_context=get_context("spawn")) as pool:

        def top_up() -> None:
            while queue and len(pending) < workers * 2:
                index, job = queue.popleft()
                try:
                    future = pool.submit(function, *job)
                except BrokenProcessPool as error:  # an earlier job took its worker down
                    future = Future()
                    future.set_exception(error)
                pending[future] = index

        top_up()
        try:
            while pending or queue:
                check_cancel(cancel)
                finished = [future for future in pending if future.done()]
                for future in finished:
                    index = pending.pop(future)
                    top_up()
                    yield index, future
                if finished:
                    continue
                if caller_helps and queue:
                    index, job = queue.pop()  # the last jobs: the workers keep the early ones
                    yield index, _finished(function, job)
                else:
                    wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
        finally:
            for future in pending:
                future.cancel()
