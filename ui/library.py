"""The photo library as the window sees it: scan the folders on the pool, with progress and cancel.

The catalog itself is `core.catalog.Catalog` (SQLite in the app's data folder); this object only runs
its scan off the GUI thread and keeps the per-folder photo counts the start screen shows.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from core.jobs import Progress
from ui import errors, tasks

log = logging.getLogger(__name__)


def scan_folders(folders: list[str], progress: Callable[[Progress], None],
                 cancel: threading.Event) -> tuple[Any, dict[str, int]]:
    """Scan on a worker: incremental (unchanged files are not reopened); returns summary and counts."""
    from core.catalog import Catalog

    with Catalog() as catalog:
        for folder in folders:
            catalog.add_folder(folder)
        summary = catalog.scan(folders, progress, cancel)
        counts = {folder: len(catalog.entries([folder])) for folder in folders}
    return summary, counts


class Library(QObject):
    progress = Signal(object)  # Progress
    running = Signal(bool)
    scanned = Signal(object)  # core.catalog.ScanSummary

    def __init__(self, folders: Callable[[], list[str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folders = folders
        self.counts: dict[str, int] = {}
        self.job: tasks.TaskHandle | None = None
        self.last_summary: Any = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    def scan(self) -> None:
        folders = list(self.folders())
        if self.job is not None or not folders:
            return
        self.running.emit(True)
        self.job = tasks.run_in_background(lambda progress, cancel: scan_folders(folders, progress, cancel),
                                           on_done=self._done, on_error=self._failed,
                                           on_progress=self.progress.emit, on_cancelled=self._stopped)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _done(self, result: tuple[Any, dict[str, int]]) -> None:
        summary, counts = result
        self.counts.update(counts)
        self.last_summary = summary
        self._stopped()
        self.scanned.emit(summary)

    def _failed(self, error: BaseException) -> None:
        self._stopped()
        errors.report_exception(error)

    def _stopped(self) -> None:
        self.job = None
        self.running.emit(False)
