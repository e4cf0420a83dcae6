"""Behind-the-scenes suggestions as a Qt list model (`core.library.suggestions.Suggestion` rows).

Rows that pass every rule come first (the core ranks them); a row already in the case says so. The
reasons are the core's own sentences, already in the user's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ui.models import findings as roles
from ui.widgets.thumbnails import ThumbnailCache

Index = QModelIndex | QPersistentModelIndex
PATH = Qt.ItemDataRole.UserRole + 20
PASSES = Qt.ItemDataRole.UserRole + 21
ADDED = Qt.ItemDataRole.UserRole + 22


class SuggestionsModel(QAbstractListModel):
    def __init__(self, thumbnails: ThumbnailCache, added_label: str = "") -> None:
        super().__init__()
        self._suggestions: list[Any] = []
        self._in_case: set[str] = set()
        self.thumbnails = thumbnails
        self.added_label = added_label  # "Already in the case", translated by the view
        thumbnails.ready.connect(self._thumbnail_ready)

    def set_suggestions(self, suggestions: list[Any], in_case: set[str]) -> None:
        self.beginResetModel()
        self._suggestions = list(suggestions)
        self._in_case = set(in_case)
        self.endResetModel()

    def set_in_case(self, in_case: set[str]) -> None:
        self._in_case = set(in_case)
        if self._suggestions:
            self.dataChanged.emit(self.index(0), self.index(len(self._suggestions) - 1))

    def suggestion(self, index: Index) -> Any:
        return self._suggestions[index.row()] if index.isValid() and index.row() < len(self._suggestions) else None

    def suggestions(self) -> list[Any]:
        return list(self._suggestions)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._suggestions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.suggestion(index)
        if item is None:
            return None
        added = item.path in self._in_case
        if role == Qt.ItemDataRole.DisplayRole:
            return " · ".join(item.reasons)
        if role == roles.CAPTION:
            name = Path(item.path).name
            return f"{name}  ({self.added_label})" if added and self.added_label else name
        if role == roles.SEVERITY:
            return "ok" if item.passes else "block"
        if role == roles.REMEDY:
            return ""
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnails.get(item.thumbnail or item.path)
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.path
        if role == PATH:
            return item.path
        if role == PASSES:
            return bool(item.passes)
        if role == ADDED:
            return added
        return None

    def _thumbnail_ready(self, path: str) -> None:
        for number, item in enumerate(self._suggestions):
            if (item.thumbnail or item.path) == path:
                index = self.index(number)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
