"""The checklist: every blocker still open (and every warning), each linked to the file that causes it.

Clicking a row selects its file in the grid (`file_chosen`). A blocker can be resolved by fixing it
(add files, attach proof, ...) or by a recorded override with the user's reason; a face without model
proof is resolved per image by declaring "no recognizable model" with a reason.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from ui.models.findings import CODE, FILE, BlockersModel
from ui.widgets import dialogs
from ui.widgets.finding_delegate import FindingDelegate
from ui.workspace import CaseWorkspace

FACE_CODE = "face.model_proof_required"


class ChecklistPanel(QWidget):
    file_chosen = Signal(str)

    def __init__(self, workspace: CaseWorkspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model = BlockersModel()
        self.summary = QLabel(self.tr("Checking the case…"))
        self.summary.setObjectName("section")
        self.summary.setWordWrap(True)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(FindingDelegate(self.list, self.tr("Overridden by you: {reason}")))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.clicked.connect(self._clicked)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._enable())
        self.override_button = QPushButton(self.tr("Override…"))
        self.override_button.setToolTip(self.tr("Submit anyway: your reason is recorded in the case and the export"))
        self.override_button.clicked.connect(self._override_clicked)
        self.undo_button = QPushButton(self.tr("Undo override"))
        self.undo_button.clicked.connect(self._undo_clicked)

        buttons = QHBoxLayout()
        buttons.addWidget(self.override_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        workspace.reviewed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        review = self.workspace.review
        if review is None:
            self.summary.setText(self.tr("Checking the case…"))
            self.model.set_issues([], {})
            self._enable()
            return
        self.model.set_issues(review.issues(), self.workspace.case.overrides)
        count = self.model.open_count()
        if count:
            self.summary.setText(self.tr("%n item(s) to fix before export", "", count))
            self.summary.setStyleSheet("color: #d64545;")
        else:
            self.summary.setText(self.tr("Ready to export"))
            self.summary.setStyleSheet("color: #1f9d55;")
        self._enable()

    def _current(self) -> tuple[str, str]:
        index = self.list.currentIndex()
        return (str(index.data(CODE) or ""), str(index.data(FILE) or "")) if index.isValid() else ("", "")

    def _enable(self) -> None:
        code, _file = self._current()
        overridden = code in self.workspace.case.overrides
        self.override_button.setEnabled(bool(code) and not overridden)
        self.undo_button.setEnabled(bool(code) and overridden)

    def _clicked(self, index: QModelIndex) -> None:
        source = str(index.data(FILE) or "")
        if source:
            self.file_chosen.emit(source)
        self._enable()

    def _override_clicked(self) -> None:
        code, source = self._current()
        if not code:
            return
        if code == FACE_CODE and source:
            reason = dialogs.ask_text(self, self.tr("No recognizable model"),
                                      self.tr("Why does this picture need no model proof? "
                                              "(e.g. a painting, a face on packaging)"))
            if reason:
                self.workspace.set_no_model(source, reason)
            return
        reason = dialogs.ask_text(self, self.tr("Override"),
                                  self.tr("Why can this be submitted anyway? Your reason is recorded in the export."))
        if reason:
            self.resolve(code, reason)

    def resolve(self, code: str, reason: str) -> None:
        """Record an override for every open blocker with this code."""
        self.workspace.set_override(code, reason)
        self.refresh()

    def _undo_clicked(self) -> None:
        code, _ = self._current()
        if code:
            self.workspace.set_override(code, None)
            self.refresh()
