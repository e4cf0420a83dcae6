"""The one process pool: every job's result comes back once, a crashed worker becomes a failed job, cancel stops."""

from __future__ import annotations

import os
import threading
from concurrent.futures.process import BrokenProcessPool

import pytest

from core.base.jobs import Cancelled
from core.base.pool import run_in_processes


def square(value: int) -> int:
    if value < 0:
        raise ValueError(f"negative: {value}")
    return value * value


def crash(value: int) -> int:
    if value == 1:
        os._exit(3)  # a decoder taking its worker process down
    return value


def test_every_job_comes_back_once_with_its_index() -> None:
    jobs = [(n,) for n in range(7)]
    for caller_helps in (False, True):
        results = {index: future.result() for index, future in run_in_processes(square, jobs, 2,
                                                                              caller_helps=caller_helps)}
        assert results == {n: n * n for n in range(7)}


def test_a_failing_job_is_handed_back_not_raised() -> None:
    outcomes = dict(run_in_processes(square, [(2,), (-1,), (3,)], 2))
    assert outcomes[0].result() == 4 and outcomes[2].result() == 9
    with pytest.raises(ValueError, match="negative"):
        outcomes[1].result()


def test_a_crashed_worker_fails_the_jobs_left_and_nothing_hangs() -> None:
    outcomes = dict(run_in_processes(crash, [(0,), (1,), (2,), (3,), (4,), (5,)], 2))
    assert sorted(outcomes) == list(range(6))
    assert any(isinstance(future.exception(), BrokenProcessPool) for future in outcomes.values())


def test_cancel_stops_before_the_queue_is_done() -> None:
    cancel = threading.Event()
    seen = []
    with pytest.raises(Cancelled):
        for index, _future in run_in_processes(square, [(n,) for n in range(40)], 2, cancel):
            seen.append(index)
            cancel.set()
    assert len(seen) < 40
