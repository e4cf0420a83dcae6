"""Export the case as a ready-to-submit bundle, on the writer thread, with progress and cancel.

The case is saved first (same single writer thread, so the export reads what the user sees), then
`core.case.export.export_case` builds the folder and zip atomically. When done, the bundle folder opens in
the system's file manager (skipped in tests).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from core.case import casefile as core_case
from core.case import lifecycle
from ui import errors, tasks
from ui.widgets import dialogs
from ui.workspace import CaseWorkspace


class ExportFlow(QObject):
    progress = Signal(object)  # Progress
    running = Signal(bool)
    finished = Signal(object)  # core.case.export.ExportResult, or None when cancelled or failed

    def __init__(self, workspace: CaseWorkspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.job: tasks.TaskHandle | None = None
        self.last_result: Any = None

    def start(self, out_dir: str, on_done: Callable[[Any], None] | None = None) -> None:
        if self.job is not None:
            return
        self.workspace.save_now()  # queued on the writer thread before the export below
        folder, lang = self.workspace.folder, self.workspace.lang
        overrides = dict(self.workspace.case.overrides)

        def job(progress: Any, cancel: Any) -> Any:
            from core.case.export import export_case

            return export_case(folder, out_dir, overrides, lang, progress, cancel)

        self.running.emit(True)
        self.job = tasks.run_in_background(
            job, writer=True, on_progress=self.progress.emit,
            on_done=lambda result: self._done(result, on_done),
            on_error=self._failed, on_cancelled=lambda: self._done(None, on_done), owner=self)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _done(self, result: Any, on_done: Callable[[Any], None] | None) -> None:
        self.job = None
        self.last_result = result
        self.running.emit(False)
        if result is not None and not result.refused:
            self._take_history()
            dialogs.open_folder(str(result.bundle))
        self.finished.emit(result)
        if on_done is not None:
            on_done(result)

    def _take_history(self) -> None:
        """The export recorded itself in the saved case: take that history line into the open case."""
        try:
            saved = core_case.load_case(self.workspace.folder)
        except core_case.CaseError:
            return
        exported = [h for h in saved.history if h.action == "exported"]
        if exported and exported[-1] not in self.workspace.case.history:
            self.workspace.case.history.append(exported[-1])
            lifecycle.note_exported(self.workspace.case, exported[-1].at)  # preparing -> exported
            self.workspace.status_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.job = None
        self.running.emit(False)
        finding = getattr(error, "finding", None)
        if finding is not None:  # core.case.export.ExportError: names the file and the cause already
            errors.show_error(f"{finding.message}\n\n{finding.remedy}", repr(error))
        else:
            errors.report_exception(error)
        self.finished.emit(None)


def default_export_folder(remembered: str) -> str:
    if remembered and Path(remembered).is_dir():
        return remembered
    documents = Path.home() / "Documents"
    return str(documents if documents.is_dir() else Path.home())
