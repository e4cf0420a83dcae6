"""Run a long core job in a helper process, so its Python work never competes with the window for the GIL.

Most background work is fine on the thread pool (it waits on disk or runs in C). A library scan is
different: it inspects thousands of headers in Python, and the core's scan also works batches in the
calling process while its worker processes start. Run in the GUI process, that steals the GIL from
the event loop (stalls of 100-200 ms measured on 2 busy cores). `in_process(function, *args)` returns
a job for `tasks.run_in_background` that runs `function(*args, progress=..., cancel=...)` in a spawned
process and relays its progress, result, cancellation or error. This module imports no Qt, so the
helper process starts light.
"""

from __future__ import annotations

import queue as queue_module
import threading
from collections.abc import Callable
from multiprocessing import get_context
from typing import Any

from core.base.jobs import Cancelled, Progress

POLL_SECONDS = 0.05


def _helper_main(function: Callable[..., Any], args: tuple[Any, ...], messages: Any, stop: Any) -> None:
    def progress(value: Progress) -> None:
        messages.put(("progress", value))

    try:
        result = function(*args, progress=progress, cancel=stop)
    except Cancelled:
        messages.put(("cancelled", None))
    except BaseException as error:  # sent to the window, which explains it to the user
        try:
            messages.put(("error", error))
        except Exception:  # an exception that cannot be pickled: send its text
            messages.put(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    else:
        messages.put(("done", result))


class HelperProcessDied(RuntimeError):
    """The helper process ended without an answer (killed, out of memory)."""


Job = Callable[[Callable[[Progress], None], threading.Event], Any]


def in_process(function: Callable[..., Any], *args: Any) -> Job:
    """A job for the thread pool that runs `function` in a spawned helper process."""

    def job(progress: Callable[[Progress], None], cancel: threading.Event) -> Any:
        context = get_context("spawn")  # fork deadlocks with rawpy, and would copy the whole Qt process
        messages = context.Queue()
        stop = context.Event()
        process = context.Process(target=_helper_main, args=(function, args, messages, stop), daemon=False)
        process.start()
        try:
            while True:
                if cancel.is_set():
                    stop.set()
                try:
                    kind, value = messages.get(timeout=POLL_SECONDS)
                except queue_module.Empty:
                    if not process.is_alive():
                        raise HelperProcessDied(f"helper process ended with exit code {process.exitcode}") from None
                    continue
                if kind == "progress":
                    progress(value)
                elif kind == "done":
                    return value
                elif kind == "cancelled":
                    raise Cancelled()
                else:
                    raise value
        finally:
            stop.set()
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
            messages.close()

    return job
