"""The questions of the complaint's status: when and with which number it was submitted, what the
platform decided, and what to do about an earlier complaint against the same seller.

Like ui.widgets.dialogs, each question is one module function so tests answer it by monkeypatching
(`status_dialogs.ask_submission = lambda *a: (...)`); the views call them through the module.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QWidget,
)

from core.base.findings import catalog
from core.case import lifecycle


def _tr(text: str) -> str:
    return QCoreApplication.translate("StatusDialogs", text)


def _when(edit: QDateTimeEdit) -> dt.datetime:
    value = edit.dateTime()
    date, time = value.date(), value.time()
    return dt.datetime(date.year(), date.month(), date.day(), time.hour(), time.minute()).astimezone()


def _time_edit(default: dt.datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime(default.year, default.month, default.day, default.hour, default.minute, 0))
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    return edit


def ask_submission(parent: QWidget | None, platforms: list[tuple[str, str]],
                   default_platform: str) -> tuple[dt.datetime, str, str] | None:
    """(submitted at, complaint number, platform id), or None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_tr("Submitted on the platform"))
    when = _time_edit(lifecycle.local_now())
    number = QLineEdit()
    number.setPlaceholderText(_tr("shown under “My progress” on the platform"))
    platform = QComboBox()
    for key, name in platforms:
        platform.addItem(name, key)
    platform.setCurrentIndex(max(0, [key for key, _ in platforms].index(default_platform)
                                 if default_platform in [key for key, _ in platforms] else 0))
    form = QFormLayout(dialog)
    form.addRow(_tr("Submitted at"), when)
    form.addRow(_tr("Complaint number (投诉单号)"), number)
    form.addRow(_tr("Platform"), platform)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return _when(when), number.text(), str(platform.currentData())


def ask_result(parent: QWidget | None, reasons: list[str], ways: list[str],
               lang: str) -> tuple[str, str | None, str | None, dt.datetime] | None:
    """(result, reason, how, at), or None when cancelled. Reasons and ways are shown in the
    platform's words from the message catalog."""
    labels = catalog(lang)
    dialog = QDialog(parent)
    dialog.setWindowTitle(_tr("The platform's result"))
    upheld = QRadioButton(_tr("Upheld (投诉成立)"))
    rejected = QRadioButton(_tr("Rejected (投诉不成立)"))
    upheld.setChecked(True)
    how = QComboBox()
    for key in ways:
        how.addItem(labels.label(f"lifecycle.how.{key}"), key)
    reason = QComboBox()
    for key in reasons:
        reason.addItem(labels.text(f"lifecycle.rejected.{key}")[0], key)
    reason.setEnabled(False)
    upheld.toggled.connect(how.setEnabled)
    rejected.toggled.connect(reason.setEnabled)
    when = _time_edit(lifecycle.local_now())
    form = QFormLayout(dialog)
    form.addRow(upheld, how)
    form.addRow(rejected, reason)
    form.addRow(_tr("When"), when)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if upheld.isChecked():
        return lifecycle.UPHELD, None, str(how.currentData()), _when(when)
    return lifecycle.REJECTED, str(reason.currentData()), None, _when(when)


def ask_same_seller(parent: QWidget | None, message: str, remedy: str) -> str | None:
    """"merge" (add the images to the earlier case), "continue", or None (cancel)."""
    box = QMessageBox(QMessageBox.Icon.Warning, _tr("Same seller within three days"), message, parent=parent)
    box.setInformativeText(remedy)
    merge = box.addButton(_tr("Add the pictures to that case"), QMessageBox.ButtonRole.AcceptRole)
    go_on = box.addButton(_tr("Continue anyway"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return "merge" if clicked is merge else "continue" if clicked is go_on else None


def confirm_edit_after_submission(parent: QWidget | None) -> bool:
    answer = QMessageBox.question(parent, _tr("Change a submitted complaint?"),
                                  _tr("The platform already has this complaint with these pictures. Change "
                                      "the pictures of this case anyway? The change is recorded in the case's "
                                      "timeline."))
    return answer == QMessageBox.StandardButton.Yes
