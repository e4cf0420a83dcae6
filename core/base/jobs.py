"""The shape of long work in the core: plain functions that report progress and honour a cancel flag.

Long jobs (scans, conversions, hashing, face checks, exports) take `progress` (a callable receiving
`Progress`) and `cancel` (a `threading.Event`). They call `progress` after each item and stop at the
next item boundary once `cancel` is set, raising `Cancelled`. ui/tasks.py turns these calls into Qt
signals; the CLI ignores them or prints a counter.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    current: str | None = None  # the item being worked on (a path, usually)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


ProgressCallback = Callable[[Progress], None]


class Cancelled(Exception):
    """The user cancelled the job; nothing half-done is left behind."""


def no_progress(_: Progress) -> None:
    return None


def check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()
