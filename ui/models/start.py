"""The start screen's lists: every case grouped by state, and the photo library folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from core.case.index import CaseSummary, group, list_cases
from ui import tasks
from ui.models import findings as roles

Index = QModelIndex | QPersistentModelIndex
PATH = Qt.ItemDataRole.UserRole + 40


GROUP = Qt.ItemDataRole.UserRole + 41  # a group row: its state key
URGENCY = Qt.ItemDataRole.UserRole + 42  # "overdue", "due_today" or None


class CasesModel(QStandardItemModel):
    """Every known case grouped by state (core.case.index.group): group rows at the top level, cases
    under them, the next deadline first. Built from core summaries; `describe` (the view's) words
    each row, so the view translates and the model holds no text of its own. Reading the case files
    runs off the GUI thread (a few hundred cases take a few hundred ms: bench/case_list.py); `loaded`
    fires when the rows are there."""

    loaded = Signal()

    def __init__(self, folders: Callable[[], list[str]],
                 describe: Callable[[CaseSummary], tuple[str, str, str]],
                 group_title: Callable[[str, int], str]) -> None:
        super().__init__()
        self.folders = folders  # extra folders beyond the app-data cases (the window's recent cases)
        self.describe = describe  # summary -> (title, caption, detail)
        self.group_title = group_title
        self.query = ""
        self.summaries: list[CaseSummary] = []
        self.loading = False
        self._generation = 0  # the view calls reload()

    def reload(self, rescan: bool = True) -> None:
        if not rescan:
            self._rebuild()
            return
        self._generation += 1
        generation, folders = self._generation, self.folders()
        self.loading = True
        tasks.run_in_background(lambda _p, _c: list_cases(folders),
                                on_done=lambda found: self._loaded(found, generation),
                                on_error=lambda _e: self._loaded([], generation), owner=self)

    def _loaded(self, found: list[CaseSummary], generation: int) -> None:
        if generation != self._generation:
            return  # a newer reload is under way: it decides
        self.summaries = found
        self.loading = False
        self._rebuild()
        self.loaded.emit()

    def _rebuild(self) -> None:
        self.clear()
        for key, rows in group(self.summaries, self.query):
            header = QStandardItem(self.group_title(key, len(rows)))
            header.setData(key, GROUP)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for summary in rows:
                title, caption, detail = self.describe(summary)
                item = QStandardItem(title)
                item.setData(caption, roles.CAPTION)
                item.setData(detail, roles.REMEDY)
                item.setData(summary.folder, PATH)
                item.setData(summary.folder, Qt.ItemDataRole.ToolTipRole)
                urgency = summary.standing.urgency if summary.standing else None
                item.setData(urgency, URGENCY)
                item.setData(_severity(summary), roles.SEVERITY)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                header.appendRow(item)
            self.appendRow(header)

    def search(self, text: str) -> None:
        self.query = text
        self.reload(rescan=False)

    def case_count(self) -> int:
        return sum(self.item(row).rowCount() for row in range(self.rowCount()))

    def groups(self) -> list[tuple[str, list[str]]]:
        """(state key, case folders) in the order shown (tests and the README screenshots read it)."""
        found = []
        for row in range(self.rowCount()):
            header = self.item(row)
            found.append((str(header.data(GROUP)),
                          [str(header.child(i).data(PATH)) for i in range(header.rowCount())]))
        return found


def _severity(summary: CaseSummary) -> str:
    if not summary.readable:
        return "block"
    urgency = summary.standing.urgency if summary.standing else None
    if urgency == "overdue":
        return "block"
    if urgency == "due_today" or summary.state == "rejected":
        return "warn"
    return "ok" if summary.state in ("upheld", "exported") else "pending"


class LibraryFoldersModel(QAbstractListModel):
    def __init__(self, folders: Callable[[], list[str]], counts: Callable[[str], str]) -> None:
        super().__init__()
        self.folders = folders
        self.counts = counts  # folder -> "1,234 photos" (translated by the view)

    def reload(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.folders())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        folders = self.folders()
        if not index.isValid() or index.row() >= len(folders):
            return None
        folder = folders[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return folder
        if role == roles.CAPTION:
            return Path(folder).name or folder
        if role == roles.REMEDY:
            return self.counts(folder)
        if role == roles.SEVERITY:
            return "ok" if Path(folder).is_dir() else "warn"
        if role == PATH:
            return folder
        return None
