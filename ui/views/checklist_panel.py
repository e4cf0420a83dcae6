"""The checklist: every blocker still open (and every warning), each linked to the file that causes it.

Clicking a row selects its file in the grid (`file_chosen`). A blocker can be resolved by fixing it
(add files, attach proof, ...) or by the user's explanation (说明理由) of that one file's blocker; the
summary is the case's one status (core.case.review.Readiness), worded as the export dialog and report.html
word it: explained blockers make the case exportable, never "all ready".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from core.base.findings import Severity
from ui.models.findings import CODE, FILE, BlockersModel
from ui.widgets import dialogs
from ui.widgets.finding_delegate import FindingDelegate
from ui.widgets.theme import SEVERITY_COLORS
from ui.workspace import CaseWorkspace

FACE_CODE = "face.model_proof_required"
STATE_COLOR = {"blocked": "block", "explained": "explained", "ready": "ok"}


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
        self.list.setItemDelegate(FindingDelegate(self.list, self.tr("Explained by you: {reason}")))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.clicked.connect(self._clicked)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._enable())
        self.override_button = QPushButton(self.tr("Explain…"))
        self.override_button.setToolTip(self.tr("Submit this photo anyway: your reason is recorded for this photo "
                                                "only, in the case and the export"))
        self.override_button.clicked.connect(self._override_clicked)
        self.undo_button = QPushButton(self.tr("Take back the explanation"))
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
            self.model.set_issues([])
            self._enable()
            return
        current = self._current_issue()
        keep = (current.finding.code, current.file) if current is not None else None
        self.model.set_issues(review.issues())
        readiness = review.readiness()
        self.summary.setText(readiness.text(self.workspace.lang))
        self.summary.setStyleSheet(f"color: {SEVERITY_COLORS[STATE_COLOR[readiness.state]]};")
        if keep is not None:  # the same row stays selected across reviews
            for row in range(self.model.rowCount()):
                issue = self.model.issue(self.model.index(row))
                if (issue.finding.code, issue.file) == keep:
                    self.list.setCurrentIndex(self.model.index(row))
                    break
        self._enable()

    def _current_issue(self) -> Any:
        return self.model.issue(self.list.currentIndex())

    def _current(self) -> tuple[str, str]:
        index = self.list.currentIndex()
        return (str(index.data(CODE) or ""), str(index.data(FILE) or "")) if index.isValid() else ("", "")

    def _enable(self) -> None:
        issue = self._current_issue()
        blocker = issue is not None and issue.finding.severity is Severity.BLOCK
        explained = blocker and issue.explanation is not None
        self.override_button.setEnabled(blocker and not explained)
        self.undo_button.setEnabled(explained)

    def _clicked(self, index: QModelIndex) -> None:
        source = str(index.data(FILE) or "")
        if source:
            self.file_chosen.emit(source)
        self._enable()

    def _override_clicked(self) -> None:
        issue = self._current_issue()
        if issue is None:
            return
        code, source = issue.finding.code, issue.file or ""
        if code == FACE_CODE and source:
            count = int(issue.finding.params.get("uncovered", 1) or 1)
            reason = dialogs.ask_text(self, self.tr("Not a model"),
                                      self.tr("%n face(s) outlined in red have no model proof. Why is none of them "
                                              "a model? (e.g. a painting, a poster, a passer-by)", "", count))
            if reason:
                self.workspace.declare_faces(source, issue.finding.params.get("boxes", []), reason)
            return
        reason = dialogs.ask_text(self, self.tr("Explain"),
                                  self.tr("Why can this photo be submitted anyway? Your reason is recorded for this "
                                          "photo only, in the case and the export. The platform may still reject "
                                          "it."))
        if reason:
            self.resolve(issue, reason)

    def resolve(self, issue: Any, reason: str) -> None:
        """Explain this one blocker of this one file (other files with the same blocker stay open)."""
        self.workspace.explain(issue, reason)

    def _undo_clicked(self) -> None:
        issue = self._current_issue()
        if issue is not None and issue.explanation is not None:
            self.workspace.explain(issue, None)
