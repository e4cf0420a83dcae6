"""The photo library as the window sees it: scan the folders in the background, with progress and cancel.

The catalog itself is `core.library.catalog.Catalog` (SQLite in the app's data folder); this object runs its
scan in a helper process (see ui/helper_process.py: a scan is Python-heavy and would otherwise take
the GIL from the event loop) and keeps the per-folder photo counts the start screen shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ui import errors, tasks
from ui.helper_process import in_process
from ui.library_job import known_counts, scan_folders

log = logging.getLogger(__name__)


class Library(QObject):
    progress = Signal(object)  # Progress
    running = Signal(bool)
    scanned = Signal(object)  # core.library.catalog.ScanSummary
    counts_changed = Signal()  # photos per folder known (after a scan, or read back from the catalog)

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
        self.job = tasks.run_in_background(in_process(scan_folders, folders),
                                           on_done=self._done, on_error=self._failed,
                                           on_progress=self.progress.emit, on_cancelled=self._stopped, owner=self)

    def load_counts(self) -> None:
        """Read back the counts of folders scanned in an earlier session (a quick catalog query)."""
        folders = list(self.folders())
        if folders:
            tasks.run_in_background(lambda progress, cancel: known_counts(folders, progress, cancel),
                                    on_done=self._counts, on_error=lambda e: log.warning("catalog counts: %s", e),
                                    owner=self)

    def _counts(self, counts: dict[str, int]) -> None:
        for folder, count in counts.items():
            self.counts.setdefault(folder, count)  # a scan that finished meanwhile knows better
        self.counts_changed.emit()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _done(self, result: tuple[Any, dict[str, int]]) -> None:
        summary, counts = result
        self.counts.update(counts)
        self.last_summary = summary
        self.counts_changed.emit()
        self._stopped()
        self.scanned.emit(summary)

    def _failed(self, error: BaseException) -> None:
        self._stopped()
        errors.report_exception(error)

    def _stopped(self) -> None:
        self.job = None
        self.running.emit(False)
