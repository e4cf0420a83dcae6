"""The case's pictures as a Qt list model: thumbnail, role, verdict, for the image grid.

A thin adapter over `CaseWorkspace.rows()`: it holds no case data of its own. Thumbnails come from a
`ThumbnailCache` (decoded on the pool); until one arrives the row shows a placeholder, then repaints.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from core.base.findings import Severity, verdict
from ui.widgets.thumbnails import ThumbnailCache
from ui.workspace import ROLE_BTS, ROLE_COMPLAINT, ROLE_PROOF, CaseWorkspace, ImageRow

Index = QModelIndex | QPersistentModelIndex

SOURCE = Qt.ItemDataRole.UserRole + 1
ROLE = Qt.ItemDataRole.UserRole + 2
VERDICT = Qt.ItemDataRole.UserRole + 3  # "ok" / "warn" / "block", or "" while unknown
BUSY = Qt.ItemDataRole.UserRole + 4
FACES = Qt.ItemDataRole.UserRole + 5  # number of faces found, -1 while unknown
ROW = Qt.ItemDataRole.UserRole + 6  # the ImageRow itself


def row_verdict(workspace: CaseWorkspace, row: ImageRow) -> str:
    """The badge: the worst of the file's own findings and its conversion's findings."""
    if row.role == ROLE_PROOF:
        return Severity.OK.value  # ID photos are not complaint originals: no 原图 verdict
    report = workspace.reports.get(row.submitted)
    if report is None:
        return ""
    conversion = row.entry.conversion_findings if row.entry is not None else []
    return verdict([*report.findings, *conversion]).value


class CaseImagesModel(QAbstractListModel):
    def __init__(self, workspace: CaseWorkspace, thumbnails: ThumbnailCache, role_names: dict[str, str]) -> None:
        super().__init__()
        self.workspace = workspace
        self.thumbnails = thumbnails
        self.role_names = role_names  # translated names of the roles, given by the view
        self._rows: list[ImageRow] = workspace.rows()
        workspace.images_changed.connect(self.reload)
        workspace.image_updated.connect(self._updated)
        thumbnails.ready.connect(self._thumbnail_ready)

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self.workspace.rows()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def row_at(self, index: Index) -> ImageRow | None:
        return self._rows[index.row()] if index.isValid() and index.row() < len(self._rows) else None

    def index_of(self, source: str) -> QModelIndex:
        for number, row in enumerate(self._rows):
            if row.source == source:
                return self.index(number)
        return QModelIndex()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if row.entry is not None and row.entry.converted:  # what gets submitted is the JPEG
                return self.tr("{name} → JPG").format(name=row.name)
            return row.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self.role_names.get(row.role, row.role)}\n{row.source}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnails.get(row.submitted)
        if role == SOURCE:
            return row.source
        if role == ROLE:
            return row.role
        if role == VERDICT:
            return row_verdict(self.workspace, row)
        if role == BUSY:
            return row.source in self.workspace.busy
        if role == FACES:
            result = self.workspace.faces.get(row.source)
            return -1 if result is None else int(getattr(result, "faces", 0))
        if role == ROW:
            return row
        return None

    def _updated(self, source: str) -> None:
        index = self.index_of(source)
        if index.isValid():
            # The submitted file may have changed (a conversion): refresh the row itself too.
            self._rows[index.row()] = self.workspace.row(source) or self._rows[index.row()]
            self.dataChanged.emit(index, index)

    def _thumbnail_ready(self, path: str) -> None:
        for number, row in enumerate(self._rows):
            if row.submitted == path:
                index = self.index(number)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def counts(self) -> dict[str, int]:
        result = {ROLE_COMPLAINT: 0, ROLE_BTS: 0, ROLE_PROOF: 0}
        for row in self._rows:
            result[row.role] = result.get(row.role, 0) + 1
        return result
