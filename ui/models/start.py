"""The start screen's lists: recent cases and photo library folders, over the settings' lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from core.case import casefile as core_case
from ui.models import findings as roles

Index = QModelIndex | QPersistentModelIndex
PATH = Qt.ItemDataRole.UserRole + 40


@dataclass(frozen=True)
class CaseSummary:
    folder: str
    seller: str
    created: str
    pictures: int
    exported: bool
    readable: bool


def summarize(folder: str) -> CaseSummary:
    """What the start screen shows of a case (a small JSON read; unreadable cases still appear)."""
    try:
        case = core_case.load_case(folder)
    except core_case.CaseError:
        return CaseSummary(folder, "", "", 0, False, False)
    exported = any(entry.action == "exported" for entry in case.history)
    return CaseSummary(folder, case.seller, case.created_date, len(case.images()), exported, True)


class RecentCasesModel(QAbstractListModel):
    def __init__(self, folders: Callable[[], list[str]], describe: Callable[[CaseSummary], tuple[str, str]]) -> None:
        super().__init__()
        self.folders = folders
        self.describe = describe  # summary -> (title, detail), translated by the view
        self._rows: list[CaseSummary] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = [summarize(folder) for folder in self.folders() if Path(folder).is_dir()]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        summary = self._rows[index.row()]
        title, detail = self.describe(summary)
        if role == roles.CAPTION:
            return summary.created
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == roles.REMEDY:
            return detail
        if role == roles.SEVERITY:
            return "ok" if summary.exported else "pending" if summary.readable else "block"
        if role == Qt.ItemDataRole.ToolTipRole:
            return summary.folder
        if role == PATH:
            return summary.folder
        return None


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
