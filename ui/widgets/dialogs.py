"""Every question the window asks the user, in one place, so tests can answer them without dialogs.

Tests monkeypatch these functions (`ui.widgets.dialogs.ask_files = lambda *a: [...]`); the views call them
through the module (`dialogs.ask_files(...)`), never by importing the names directly.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from core.photo.filetypes import IMAGE_EXTENSIONS
from ui import errors

informed: list[str] = []  # every information message shown (tests read it)


def image_filter() -> str:
    patterns = " ".join(f"*.{extension}" for extension in sorted(IMAGE_EXTENSIONS))
    return QCoreApplication.translate("Dialogs", "Pictures ({patterns});;All files (*)").format(patterns=patterns)


def ask_files(parent: QWidget | None, title: str) -> list[str]:
    files, _ = QFileDialog.getOpenFileNames(parent, title, "", image_filter())
    return list(files)


def ask_folder(parent: QWidget | None, title: str, start: str = "") -> str | None:
    folder = QFileDialog.getExistingDirectory(parent, title, start)
    return folder or None


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok and value.strip() else None


def confirm(parent: QWidget | None, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    informed.append(text)
    if errors.dialogs_enabled():
        QMessageBox.information(parent, title, text)


def open_folder(path: str) -> None:
    """Show a folder in the system's file manager (skipped when dialogs are off: tests, self-test)."""
    if errors.dialogs_enabled():
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
