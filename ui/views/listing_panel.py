"""The accused listing: seller name and listing link(s), validated as the merchant types.

Each link is checked by `core.case.listing.check_listings` as it changes; the field turns green with the
normalised link shown beneath, or red with the reason. Values go straight into the case (autosaved).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from core.case.listing import check_listings
from ui.workspace import CaseWorkspace

log = logging.getLogger(__name__)
MAX_LINKS = 5


class ListingPanel(QWidget):
    def __init__(self, workspace: CaseWorkspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.seller = QLineEdit(workspace.case.seller)
        self.seller.setPlaceholderText(self.tr("Shop name of the accused seller"))
        self.seller.textChanged.connect(self._seller_changed)
        self.links: list[QLineEdit] = []
        self.notes: list[QLabel] = []
        self.link_box = QVBoxLayout()
        self.link_box.setSpacing(4)
        self.more = QPushButton(self.tr("+ Another link"))
        self.more.setObjectName("link")
        self.more.clicked.connect(lambda: self._add_field(""))
        self._timer = QTimer(self)  # store the links after a short pause in typing
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._store_links)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Seller"), self.seller)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        caption = QLabel(self.tr("Listing link(s) of the copied product"))
        layout.addWidget(caption)
        layout.addLayout(self.link_box)
        layout.addWidget(self.more)
        for text in workspace.case.listings or [""]:
            self._add_field(text)

    def _add_field(self, text: str) -> None:
        if len(self.links) >= MAX_LINKS:
            return
        field = QLineEdit(text)
        field.setPlaceholderText(self.tr("Paste the link, e.g. https://detail.1688.com/offer/123456.html"))
        note = QLabel()
        note.setObjectName("hint")
        note.setWordWrap(True)
        field.textChanged.connect(lambda _text, f=field, n=note: self._validate(f, n))
        field.textChanged.connect(self._timer.start)
        self.link_box.addWidget(field)
        self.link_box.addWidget(note)
        self.links.append(field)
        self.notes.append(note)
        self._validate(field, note)
        self.more.setEnabled(len(self.links) < MAX_LINKS)

    def _seller_changed(self, text: str) -> None:
        self.workspace.set_seller(text.strip())

    def _validate(self, field: QLineEdit, note: QLabel) -> None:
        text = field.text().strip()
        state, message = "", ""
        if text:
            try:
                listing = check_listings([text], self.workspace.profile, self.workspace.lang)[0]
                if listing.findings:
                    state, message = "block", listing.findings[0].message
                elif listing.url:
                    state, message = "ok", self.tr("Will be submitted as: {url}").format(url=listing.url)
            except Exception as error:  # a catalog gap must not stop typing; the review reports it too
                log.warning("listing check failed: %s", error)
        field.setProperty("state", state)
        field.style().unpolish(field)
        field.style().polish(field)
        note.setText(message)
        note.setStyleSheet("color: #1f9d55;" if state == "ok" else "color: #d64545;" if state else "")
        note.setVisible(bool(message))

    def _store_links(self) -> None:
        self.workspace.set_listings([field.text().strip() for field in self.links])

    def flush(self) -> None:
        """Store what was typed now (the case is about to be saved or closed)."""
        if self._timer.isActive():
            self._timer.stop()
            self._store_links()
