"""Findings as Qt list models: one image's findings (detail pane), and the case's open blockers (checklist).

Both adapt core objects (`core.base.findings.Finding`, `core.case.review.Issue`) without copying their text:
message and remedy come straight from the finding, already in the user's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from core.base.findings import Finding, Severity

Index = QModelIndex | QPersistentModelIndex

SEVERITY = Qt.ItemDataRole.UserRole + 1
REMEDY = Qt.ItemDataRole.UserRole + 2
FILE = Qt.ItemDataRole.UserRole + 3  # source path of the file a blocker is about ("" for the case)
CODE = Qt.ItemDataRole.UserRole + 4
OVERRIDDEN = Qt.ItemDataRole.UserRole + 5  # the user's reason, when an override covers it
CAPTION = Qt.ItemDataRole.UserRole + 6  # the file's name, shown above the message

_ORDER = {Severity.BLOCK: 0, Severity.WARN: 1, Severity.OK: 2}


class FindingsModel(QAbstractListModel):
    """The findings of the selected image, worst first."""

    def __init__(self) -> None:
        super().__init__()
        self._findings: list[Finding] = []
        self._explained: dict[str, str] = {}  # code -> the user's reason, for this file's explained blockers

    def set_findings(self, findings: list[Finding], explained: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        unique: dict[str, Finding] = {}
        for finding in findings:
            unique.setdefault(finding.code, finding)
        self._explained = dict(explained or {})
        self._findings = sorted(unique.values(), key=lambda f: (_ORDER[f.severity], f.code in self._explained))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._findings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._findings):
            return None
        finding = self._findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return finding.message
        if role == REMEDY:
            return finding.remedy
        if role == SEVERITY:
            if finding.severity is Severity.BLOCK and finding.code in self._explained:
                return "explained"
            return finding.severity.value
        if role == CODE:
            return finding.code
        if role == OVERRIDDEN:
            return self._explained.get(finding.code, "")
        return None


class BlockersModel(QAbstractListModel):
    """The case's blockers (and warnings), each tied to the file it is about; explained ones say so.

    An explanation covers one file's blocker only (core.case.review.Issue.explanation), so two photos with
    the same blocker are two rows, each open until explained on its own."""

    def __init__(self) -> None:
        super().__init__()
        self._issues: list[Any] = []  # core.case.review.Issue

    def set_issues(self, issues: list[Any]) -> None:
        self.beginResetModel()
        self._issues = sorted(issues, key=lambda i: (_ORDER[i.finding.severity], i.explanation is not None))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._issues)

    def issue(self, index: Index) -> Any:
        return self._issues[index.row()] if index.isValid() and index.row() < len(self._issues) else None

    def open_count(self) -> int:
        return sum(1 for i in self._issues if i.finding.severity is Severity.BLOCK and i.explanation is None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        issue = self.issue(index)
        if issue is None:
            return None
        finding: Finding = issue.finding
        if role == Qt.ItemDataRole.DisplayRole:
            return finding.message
        if role == CAPTION:
            return Path(issue.file).name if issue.file else ""
        if role == REMEDY:
            return finding.remedy
        if role == SEVERITY:
            return "explained" if issue.explanation is not None else finding.severity.value
        if role == FILE:
            return issue.file or ""
        if role == CODE:
            return finding.code
        if role == OVERRIDDEN:
            return issue.explanation.reason if issue.explanation is not None else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{Path(issue.file).name}\n{finding.message}" if issue.file else finding.message
        return None
