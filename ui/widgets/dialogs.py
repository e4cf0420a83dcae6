"""Every question the window asks the user, in one place, so tests can answer them without dialogs.

Tests monkeypatch these functions (`ui.widgets.dialogs.ask_files = lambda *a: [...]`); the views call them
through the module (`dialogs.ask_files(...)`), never by importing the names directly.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from core.base import appdata
from core.base.fileops import atomic_write_text
from core.photo.filetypes import IMAGE_EXTENSIONS
from ui import errors

informed: list[str] = []  # every information message shown (tests read it)
LAST_FOLDER_FILE = "last_folder.txt"


def start_folder() -> str:
    """Where a file dialog opens: the folder the user last picked from, else Pictures, else home; never the
    program's own folder (the working directory, which a merchant does not know)."""
    with contextlib.suppress(OSError):
        remembered = (appdata.data_root() / LAST_FOLDER_FILE).read_text(encoding="utf-8").strip()
        if remembered and Path(remembered).is_dir():
            return remembered
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    if pictures and Path(pictures).is_dir():
        return pictures
    return str(Path.home())


def remember_folder(path: str) -> None:
    """Remember where the user picked from (a file's folder, or the folder itself), across restarts."""
    folder = Path(path) if Path(path).is_dir() else Path(path).parent
    with contextlib.suppress(OSError):
        root = appdata.data_root()
        root.mkdir(parents=True, exist_ok=True)
        atomic_write_text(root / LAST_FOLDER_FILE, str(folder))


def image_filter() -> str:
    patterns = " ".join(f"*.{extension}" for extension in sorted(IMAGE_EXTENSIONS))
    return QCoreApplication.translate("Dialogs", "Pictures ({patterns});;All files (*)").format(patterns=patterns)


def ask_files(parent: QWidget | None, title: str) -> list[str]:
    files, _ = QFileDialog.getOpenFileNames(parent, title, start_folder(), image_filter())
    if files:
        remember_folder(files[0])
    return list(files)


def ask_folder(parent: QWidget | None, title: str, start: str = "") -> str | None:
    folder = QFileDialog.getExistingDirectory(parent, title, start or start_folder())
    if folder and not start:  # the export folder is remembered on its own (settings.export_folder)
        remember_folder(folder)
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


def open_folder(path: str) -> bool:
    """Show a folder in the system's file manager (skipped when dialogs are off: tests, self-test).
    False when nothing could open it (no file manager); the path is then on the clipboard."""
    if not errors.dialogs_enabled():
        return True
    if QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
        return True
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(path)
    return False
