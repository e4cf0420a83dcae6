"""The case's models (people in the photos) as a Qt list model, over `Case.models`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ui.models import findings as roles
from ui.workspace import CaseWorkspace

Index = QModelIndex | QPersistentModelIndex
NAME = Qt.ItemDataRole.UserRole + 30


class PeopleModel(QAbstractListModel):
    def __init__(self, workspace: CaseWorkspace, describe: Any) -> None:
        super().__init__()
        self.workspace = workspace
        self.describe = describe  # core.case.casefile.PersonEntry -> translated sentence, given by the view
        workspace.images_changed.connect(self.reload)

    def reload(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.workspace.case.models)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        models = self.workspace.case.models
        if not index.isValid() or index.row() >= len(models):
            return None
        model = models[index.row()]
        if role == roles.CAPTION:
            return model.name
        if role == Qt.ItemDataRole.DisplayRole:
            return self.describe(model)
        if role == roles.SEVERITY:
            # ✓ only with the ID photo and the signed authorization: never beside something still missing
            if not model.proof:
                return "block"
            return "ok" if model.authorization else "warn"
        if role == NAME:
            return model.name
        return None
