"""The authorized-sellers list (许可名单): distributors allowed to use the merchant's photos.

A small dialog over core.case.sellers: the list, a name and a note, Add and Remove. Every change is saved
at once (atomically, in the app-data folder); a case against a seller on the list asks before export.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.case import sellers
from core.case.build import error_finding
from core.case.casefile import CaseError
from ui import errors, i18n


class SellersDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Authorized sellers"))
        self.resize(520, 420)
        explain = QLabel(self.tr("Distributors and shops you allow to use your photos. A complaint against one "
                                 "of them asks before export. (The platform's own image protection keeps such "
                                 "a list too: add them there as well.)"))
        explain.setWordWrap(True)
        explain.setObjectName("hint")
        self.list = QListWidget()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Shop name"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note (e.g. distributor since 2025)"))
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.clicked.connect(self.add_clicked)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_clicked)
        entry = QHBoxLayout()
        for widget in (self.name, self.note, self.add_button):
            entry.addWidget(widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.list, 1)
        layout.addLayout(entry)
        layout.addWidget(buttons)
        self.reload()

    def _guarded(self, action: object) -> list[sellers.AuthorizedSeller] | None:
        try:
            return action()  # type: ignore[operator,no-any-return]
        except CaseError as error:
            finding = error_finding(error, i18n.current())
            errors.show_error(f"{finding.message}\n\n{finding.remedy}", repr(error), self)
        except OSError as error:
            errors.report_exception(error, self)
        return None

    def reload(self, listed: list[sellers.AuthorizedSeller] | None = None) -> None:
        listed = listed if listed is not None else self._guarded(sellers.load_authorized) or []
        self.list.clear()
        for seller in listed:
            item = QListWidgetItem(f"{seller.name} — {seller.note}" if seller.note else seller.name)
            item.setData(256, seller.name)
            self.list.addItem(item)
        self.remove_button.setEnabled(self.list.count() > 0)

    def names(self) -> list[str]:
        return [str(self.list.item(row).data(256)) for row in range(self.list.count())]

    def add_clicked(self) -> None:
        name, note = self.name.text().strip(), self.note.text().strip()
        if not name:
            return
        listed = self._guarded(lambda: sellers.add_authorized(name, note))
        if listed is not None:
            self.name.clear()
            self.note.clear()
            self.reload(listed)

    def remove_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            name = str(item.data(256))
            listed = self._guarded(lambda: sellers.remove_authorized(name))
            if listed is not None:
                self.reload(listed)

    def exec_if_allowed(self) -> None:
        """Modal unless dialogs are off (tests, self-test): then it only gets built."""
        if errors.dialogs_enabled():
            self.exec()
