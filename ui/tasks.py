"""Background work for the window: one helper, data in, data out (Picard's run_task, Anki's QueryOp).

`run_in_background(fn, on_done, on_error, on_progress, cancel)` runs `fn(progress, cancel)` on a
QThreadPool and posts its result, its exception or its progress back to the GUI thread. The function
receives plain data and never touches a widget. Writers (case saves, exports) go through a separate
pool with one thread (`writer=True`) so two saves never race.

Tests can switch on a synchronous mode (`set_synchronous(True)`): the function then runs at once on
the calling thread, like Picard's fake thread pool.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, QTimer, Signal, Slot

from core.base.jobs import Cancelled, Progress

log = logging.getLogger(__name__)

Job = Callable[[Callable[[Progress], None], threading.Event], Any]
DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
ProgressSlot = Callable[[Progress], None]

PROGRESS_INTERVAL = 0.05  # seconds between progress signals: a 2,000-file scan must not flood the GUI

BACKGROUND_NICE = 10  # pool threads (and the worker processes they start) yield the CPU to the GUI thread

_synchronous = False
_thread_state = threading.local()
_pools: dict[str, QThreadPool] = {}
_running: set[TaskHandle] = set()
_retired: deque[TaskHandle] = deque()
RETIRE_MS = 2000


def _retire_one() -> None:
    if _retired:
        _retired.popleft()  # the oldest finished handle: its worker let go of it long ago


def set_synchronous(value: bool) -> None:
    """Run every job on the calling thread (tests): no threads, no waiting."""
    global _synchronous
    _synchronous = value


def _pool(writer: bool) -> QThreadPool:
    name = "writer" if writer else "worker"
    pool = _pools.get(name)
    if pool is None:
        pool = QThreadPool()
        pool.setObjectName(f"yuantu-{name}")
        # Writers get one thread so saves and exports happen in order; readers leave one core for the GUI.
        pool.setMaxThreadCount(1 if writer else max(1, QThreadPool.globalInstance().maxThreadCount()))
        _pools[name] = pool
    return pool


class _Signals(QObject):
    progress = Signal(object)
    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class TaskHandle(QObject):
    """A job under way: cancel it, or ask whether it finished. Callbacks run on the GUI thread."""

    finished = Signal()

    def __init__(self, on_done: DoneCallback | None, on_error: ErrorCallback | None,
                 on_progress: ProgressSlot | None, on_cancelled: Callable[[], None] | None,
                 cancel: threading.Event, owner: QObject | None = None) -> None:
        super().__init__()
        self.owner = owner  # callbacks are dropped once the owner (a view) is gone
        self.cancel_event = cancel
        self.is_finished = False
        self._on_done, self._on_error = on_done, on_error
        self._on_progress, self._on_cancelled = on_progress, on_cancelled
        self.signals = _Signals()
        # The handle lives on the GUI thread, so these connections are queued from the worker.
        self.signals.progress.connect(self._progress)
        self.signals.done.connect(self._done)
        self.signals.failed.connect(self._failed)
        self.signals.cancelled.connect(self._cancelled)

    def cancel(self) -> None:
        self.cancel_event.set()

    def _owner_gone(self) -> bool:
        return self.owner is not None and not shiboken6.isValid(self.owner)

    @Slot(object)
    def _progress(self, progress: Progress) -> None:
        if self._on_progress is not None and not self.is_finished and not self._owner_gone():
            self._on_progress(progress)

    @Slot(object)
    def _done(self, result: Any) -> None:
        self._finish()
        if self._on_done is not None and not self._owner_gone():
            self._on_done(result)

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self._finish()
        if self._owner_gone():
            log.warning("background job failed after its window closed", exc_info=error)
        elif self._on_error is not None:
            self._on_error(error)
        else:
            from ui.errors import report_exception

            report_exception(error)

    @Slot()
    def _cancelled(self) -> None:
        self._finish()
        if self._on_cancelled is not None and not self._owner_gone():
            self._on_cancelled()

    def _finish(self) -> None:
        self.is_finished = True
        _running.discard(self)
        # Keep the handle alive a while: dropping the last reference here would destroy this QObject inside
        # its own slot, or (if the worker still held one) on the worker thread. Either crashes Qt now and then.
        _retired.append(self)
        QTimer.singleShot(RETIRE_MS, _retire_one)
        self.finished.emit()


def _lower_priority() -> None:
    """Once per pool thread: run below the GUI thread, so a busy pool never freezes the window.

    On Linux the niceness is per thread, and processes the thread starts (a scan's spawn workers)
    inherit it. Elsewhere Qt sets the thread's priority (Windows and macOS honour it)."""
    if getattr(_thread_state, "lowered", False):
        return
    _thread_state.lowered = True
    try:
        if sys.platform.startswith("linux"):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
        else:
            current = QThread.currentThread()
            if current is not None:
                current.setPriority(QThread.Priority.LowPriority)
    except (OSError, AttributeError):  # not allowed here: the work still runs, at normal priority
        log.debug("cannot lower the priority of a pool thread", exc_info=True)


class _Runnable(QRunnable):
    def __init__(self, job: Job, handle: TaskHandle) -> None:
        super().__init__()
        self.job, self.handle = job, handle
        self._last = 0.0

    def report(self, progress: Progress) -> None:
        now = time.monotonic()
        if progress.done >= progress.total or now - self._last >= PROGRESS_INTERVAL:
            self._last = now
            self.handle.signals.progress.emit(progress)

    def run(self) -> None:
        signals = self.handle.signals
        if not _synchronous:
            _lower_priority()
        try:
            result = self.job(self.report, self.handle.cancel_event)
        except Cancelled:
            signals.cancelled.emit()
        except BaseException as error:  # posted to the GUI thread, which shows it to the user
            log.debug("background job failed", exc_info=error)
            signals.failed.emit(error)
        else:
            signals.done.emit(result)
        finally:
            # Let go of the handle on this thread now; the GUI thread holds it until it is safe to delete.
            del signals
            self.handle = None  # type: ignore[assignment]
            self.job = None  # type: ignore[assignment]


def run_in_background(job: Job, on_done: DoneCallback | None = None, on_error: ErrorCallback | None = None,
                      on_progress: ProgressSlot | None = None, cancel: threading.Event | None = None,
                      on_cancelled: Callable[[], None] | None = None, writer: bool = False,
                      owner: QObject | None = None) -> TaskHandle:
    """Run `job(progress, cancel)` off the GUI thread; callbacks arrive on the GUI thread.

    `owner`: the view or model the callbacks belong to; when it has been deleted by the time the job
    ends (the user closed the case, switched language), the callbacks are skipped."""
    handle = TaskHandle(on_done, on_error, on_progress, on_cancelled, cancel or threading.Event(), owner)
    _running.add(handle)
    runnable = _Runnable(job, handle)
    if _synchronous:
        runnable.report = handle._progress  # type: ignore[method-assign]
        runnable.run()
    else:
        _pool(writer).start(runnable)
    return handle


def running() -> int:
    """How many jobs are still under way (tests wait for 0)."""
    return len(_running)


def wait_for_all(timeout_ms: int = 30000) -> bool:
    """Block until both pools are idle (application exit and tests); True when they are."""
    return all(pool.waitForDone(timeout_ms) for pool in _pools.values())


def cancel_all() -> None:
    for handle in list(_running):
        handle.cancel()
