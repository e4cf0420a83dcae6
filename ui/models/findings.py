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

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        unique: dict[str, Finding] = {}
        for finding in findings:
            unique.setdefault(finding.code, finding)
        self._findings = sorted(unique.values(), key=lambda f: _ORDER[f.severity])
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
            return finding.severity.value
        if role == CODE:
            return finding.code
        if role == Qt.ItemDataRole.ToolTipRole:
            return finding.code
        return None


class BlockersModel(QAbstractListModel):
    """The case's blockers (and warnings), each tied to the file it is about; overridden ones say so."""

    def __init__(self) -> None:
        super().__init__()
        self._issues: list[Any] = []  # core.case.review.Issue
        self._overrides: dict[str, str] = {}

    def set_issues(self, issues: list[Any], overrides: dict[str, str]) -> None:
        self.beginResetModel()
        self._issues = sorted(issues, key=lambda i: (_ORDER[i.finding.severity], i.finding.code in overrides))
        self._overrides = dict(overrides)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._issues)

    def issue(self, index: Index) -> Any:
        return self._issues[index.row()] if index.isValid() and index.row() < len(self._issues) else None

    def open_count(self) -> int:
        return sum(1 for i in self._issues
                   if i.finding.severity is Severity.BLOCK and i.finding.code not in self._overrides)

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
            return "ok" if finding.code in self._overrides else finding.severity.value
        if role == FILE:
            return issue.file or ""
        if role == CODE:
            return finding.code
        if role == OVERRIDDEN:
            return self._overrides.get(finding.code, "")
        return None
