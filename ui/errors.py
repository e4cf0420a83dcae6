"""Errors a merchant can read: a plain dialog, the technical detail behind a button, and a log file.

`install()` sets `sys.excepthook` (Anki's errors.py): an uncaught error is written to the log in the
app's data folder and shown as a friendly message with a "Details" button. `YUANTU_NO_ERROR_DIALOGS=1`
turns dialogs off (tests and the packaged self-test, like qutebrowser's --no-err-windows); the error
is still logged. Expected failures (a task that could not finish) go through `show_error`.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from core.base import appdata

log = logging.getLogger("yuantu")
NO_DIALOGS_ENV = "YUANTU_NO_ERROR_DIALOGS"
LOG_NAME = "yuantu.log"

shown: list[tuple[str, str]] = []  # (message, details) of every error reported: tests read it


def dialogs_enabled() -> bool:
    return os.environ.get(NO_DIALOGS_ENV, "") not in ("1", "true", "yes")


def log_file() -> Path:
    return appdata.log_dir() / LOG_NAME


def setup_logging() -> Path:
    """Log to a rotating file in the app's data folder (never next to the executable)."""
    path = log_file()
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and h.baseFilename == str(path) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


def friendly_message(error: BaseException) -> str:
    """What went wrong, in words a merchant understands; the traceback goes behind 'Details'."""
    translate = QCoreApplication.translate
    if isinstance(error, MemoryError):
        return translate("Errors", "The computer ran out of memory. Close other programs and try again.")
    if isinstance(error, PermissionError):
        return translate("Errors", "The app is not allowed to read or write a file or folder. "
                                   "Check that the folder is not read-only and that you have access to it.")
    if isinstance(error, FileNotFoundError):
        return translate("Errors", "A file or folder is no longer where it was. "
                                   "It may have been moved, renamed or deleted.")
    if isinstance(error, OSError) and error.errno == 28:
        return translate("Errors", "The disk is full. Free some space and try again.")
    if isinstance(error, OSError):
        return translate("Errors", "A file could not be read or written. Check the disk and try again.")
    return translate("Errors", "Something went wrong inside the app. Your case is saved; you can keep working.")


def show_error(message: str, details: str = "", parent: QWidget | None = None) -> None:
    shown.append((message, details))
    if not dialogs_enabled() or QApplication.instance() is None:
        return
    translate = QCoreApplication.translate
    box = QMessageBox(parent or QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(translate("Errors", "Something went wrong"))
    box.setText(message)
    if details:
        box.setInformativeText(translate("Errors", "The details are also in the log file: {path}").format(
            path=log_file()))
        box.setDetailedText(details)  # Qt adds the "Show Details..." button
    box.exec()


def report_exception(error: BaseException, parent: QWidget | None = None, advice: str = "") -> None:
    """Log `error` and show it in plain words; `advice` (what happens to the user's work now) goes below."""
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    log.error("error: %s", details)
    message = friendly_message(error)
    show_error(f"{message}\n\n{advice}" if advice else message, details, parent)


def _hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    report_exception(error.with_traceback(trace))


def install() -> Path:
    """Log to the data folder and show uncaught errors as dialogs (unless switched off)."""
    path = setup_logging()
    sys.excepthook = _hook
    return path
