"""The start screen: new complaint, every complaint grouped by where it stands, and the photo library.

A merchant opens the app and sees three things: a big "new complaint" button, their complaints grouped
by state (waiting for the accused first, the nearest deadline first, an overdue or due-today one
tinted; a search by seller; double-click to continue), and the folders where their photos live
(scanned in the background so behind-the-scenes suggestions are quick later). The authorized-sellers
list (许可名单) opens from here.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from core.base.findings import catalog
from core.base.jobs import Progress
from core.case import lifecycle
from core.case.index import CaseSummary
from ui import i18n
from ui.library import Library
from ui.models.start import GROUP, PATH, URGENCY, CasesModel, LibraryFoldersModel
from ui.settings import Settings
from ui.widgets import dialogs, theme
from ui.widgets.finding_delegate import FindingDelegate


class CaseRowDelegate(FindingDelegate):
    """Case rows as findings (badge, seller, deadline, detail); group rows as headings; an overdue or
    due-today case on a tinted background."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        if index.data(GROUP) is not None:
            painter.save()
            rect: QRect = option.rect
            painter.fillRect(rect, QColor("#f3f4f6"))
            font = QFont(option.font)
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.setPen(QColor("#374151"))
            painter.drawText(rect.adjusted(8, 0, -8, 0), int(Qt.AlignmentFlag.AlignVCenter), str(index.data()))
            painter.restore()
            return
        tint = {"overdue": "#fdecec", "due_today": "#fff6e0"}.get(str(index.data(URGENCY) or ""))
        if tint:
            painter.fillRect(option.rect, QColor(tint))
        super().paint(painter, option, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        if index.data(GROUP) is not None:
            return QSize(super().sizeHint(option, index).width(), 30)
        return super().sizeHint(option, index)


class StartView(QWidget):
    new_case_requested = Signal()
    open_case_requested = Signal(str)
    browse_case_requested = Signal()
    folders_changed = Signal()

    def __init__(self, config: Settings, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.config = config
        self.library = library
        self.cases = CasesModel(lambda: list(self.config.recent_cases), self._describe_case, self._group_title)
        self.cases.loaded.connect(self._cases_loaded)  # until the first rows arrive, neither list nor hint
        self.folders = LibraryFoldersModel(lambda: self.config.library_folders, self._describe_folder)

        header = self._build_header()
        cases = self._build_cases()
        library_card = self._build_library()
        steps = self._build_steps()
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(cases, 3)
        columns.addWidget(library_card, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(16)
        layout.addLayout(header)
        layout.addLayout(steps)
        layout.addLayout(columns, 1)

        library.running.connect(self._scan_running)
        library.progress.connect(self._scan_progress)
        library.scanned.connect(self._scanned)
        library.counts_changed.connect(self.refresh)
        self.refresh()

    def _build_header(self) -> QHBoxLayout:
        """The logo, the app's name and what it is for."""
        logo = QLabel()
        logo.setPixmap(theme.pixmap("app", 56))
        title = QLabel(self.tr("Original-photo complaint assistant"))
        title.setObjectName("title")
        subtitle = QLabel(self.tr("Prepare image-infringement complaints for 1688 and Taobao: check that your "
                                  "photos are originals, collect the shoot and model proof, export a bundle."))
        subtitle.setObjectName("subtitle")
        subtitle.setWordWrap(True)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(subtitle)
        header = QHBoxLayout()
        header.addWidget(logo)
        header.addLayout(heading, 1)
        return header

    def _build_cases(self) -> QWidget:
        """Complaints: start a new one, continue a recent one, or open a case folder."""
        self.new_button = QPushButton(self.tr("New complaint"))
        self.new_button.setObjectName("primary")
        self.new_button.setMinimumHeight(44)
        self.new_button.clicked.connect(self.new_case_requested.emit)
        self.browse_button = QPushButton(self.tr("Open a case folder…"))
        self.browse_button.clicked.connect(self.browse_case_requested.emit)
        self.case_tree = QTreeView()
        self.case_tree.setModel(self.cases)
        self.case_tree.setHeaderHidden(True)
        self.case_tree.setIndentation(0)
        self.case_tree.setRootIsDecorated(False)
        self.case_tree.setUniformRowHeights(False)
        self.case_tree.setItemDelegate(CaseRowDelegate(self.case_tree))
        self.case_tree.doubleClicked.connect(self._open_index)
        self.case_tree.activated.connect(self._open_index)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by seller"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        self.sellers_button = QPushButton(self.tr("Authorized sellers…"))
        self.sellers_button.setToolTip(self.tr("Distributors allowed to use your photos (许可名单): the app warns "
                                               "before a complaint against them"))
        self.sellers_button.clicked.connect(self.edit_sellers)
        self.open_button = QPushButton(self.tr("Continue selected"))
        self.open_button.clicked.connect(lambda: self._open_index(self.case_tree.currentIndex()))
        self.empty_recent = QLabel(self.tr("No complaints yet. Start with “New complaint”."))
        self.empty_recent.setObjectName("hint")
        self.empty_recent.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty_recent.setProperty("fills", True)  # takes the list's room while there is no list
        card = self._card(self.tr("Complaints"), self.new_button, self.search, self.empty_recent, self.case_tree,
                          self._row(self.open_button, self.browse_button, self.sellers_button))
        for widget in (self.search, self.empty_recent, self.case_tree):  # until the cases are read
            widget.hide()
        self.open_button.setEnabled(False)
        return card

    def _build_library(self) -> QWidget:
        """The photo library: its folders, adding and removing them, and the scan's progress."""
        self.folder_list = QListView()
        self.folder_list.setModel(self.folders)
        self.folder_list.setItemDelegate(FindingDelegate(self.folder_list))
        self.folder_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.folder_list.clicked.connect(lambda _index: self._update_folder_buttons())
        self.empty_library = QLabel(self.tr("No photo folder yet. Click “Add folder…” and choose the folder where "
                                            "your product photos are kept."))
        self.empty_library.setObjectName("hint")
        self.empty_library.setWordWrap(True)
        self.empty_library.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty_library.setProperty("fills", True)
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.add_folder_button.clicked.connect(self.add_folder_clicked)
        self.remove_folder_button = QPushButton(self.tr("Remove"))
        self.remove_folder_button.setToolTip(self.tr("The app forgets the folder; your photos stay where they are"))
        self.remove_folder_button.clicked.connect(self.remove_folder_clicked)
        self.scan_button = QPushButton(self.tr("Scan again"))
        self.scan_button.clicked.connect(self.library.scan)
        self.match_button = QPushButton(self.tr("Find my original…"))
        self.match_button.setToolTip(self.tr("Drop the image from the other seller's listing: the app finds the "
                                             "photo of yours it was made from"))
        self.match_button.clicked.connect(self.find_original_clicked)
        self.scan_progress = QProgressBar()
        self.scan_progress.hide()
        self.scan_cancel = QPushButton(self.tr("Cancel"))
        self.scan_cancel.hide()
        self.scan_cancel.clicked.connect(self.library.cancel)
        self.scan_state = QLabel()
        self.scan_state.setObjectName("hint")
        self.scan_state.setWordWrap(True)
        explain = QLabel(self.tr("Folders where you keep your product photos. The app reads them (never changes "
                                 "them) to find other pictures of the same shoot."))
        explain.setObjectName("hint")
        explain.setWordWrap(True)
        return self._card(self.tr("Photo library"), explain, self.empty_library, self.folder_list,
                          self._row(self.add_folder_button, self.remove_folder_button, self.scan_button),
                          self._row(self.match_button),
                          self._row(self.scan_progress, self.scan_cancel), self.scan_state)

    def find_original_clicked(self) -> None:
        """找原图 from the start screen: find only (no case to put the original into yet)."""
        from ui import i18n
        from ui.views.match_dialog import MatchDialog

        MatchDialog(lambda: list(self.config.library_folders), i18n.current(), parent=self).open()

    def _build_steps(self) -> QHBoxLayout:
        """The three steps from photos to an uploaded complaint."""
        steps = QHBoxLayout()
        steps.setSpacing(16)
        for number, (title_text, text) in enumerate((
                (self.tr("Add the photos"), self.tr("The complaint picture and other pictures of the same shoot. "
                                                    "RAW and HEIC convert to JPEG with one click.")),
                (self.tr("Work through the checklist"), self.tr("Originals, size, format, faces and model proof, "
                                                                "the listing link: each item says how to fix it.")),
                (self.tr("Export and upload"), self.tr("One folder per form field, with a report that says which "
                                                       "file goes where.")),
        ), start=1):
            steps.addWidget(self._step(number, title_text, text), 1)
        return steps

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        holder = QWidget()
        layout = QHBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        return holder

    @staticmethod
    def _step(number: int, title: str, text: str) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        layout = QHBoxLayout(frame)
        layout.setContentsMargins(14, 12, 14, 12)
        badge = QLabel(str(number))
        badge.setObjectName("stepNumber")
        badge.setFixedSize(34, 34)
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        words = QVBoxLayout()
        heading = QLabel(title)
        heading.setObjectName("section")
        body = QLabel(text)
        body.setObjectName("hint")
        body.setWordWrap(True)
        words.addWidget(heading)
        words.addWidget(body)
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(words, 1)
        return frame

    @staticmethod
    def _card(title: str, *widgets: QWidget) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(16, 14, 16, 16)
        label = QLabel(title)
        label.setObjectName("section")
        layout.addWidget(label)
        for widget in widgets:
            layout.addWidget(widget, 1 if isinstance(widget, QListView | QTreeView) or widget.property("fills") else 0)
        return frame

    def _describe_case(self, summary: CaseSummary) -> tuple[str, str, str]:
        """(title, caption, detail) of a case row: the seller; the deadline (or the creation date);
        pictures, complaint number, days left or the result."""
        if not summary.readable:
            return self.tr("This case cannot be read"), "", summary.folder
        lang = i18n.current()
        title = summary.seller or self.tr("Complaint without seller name")
        standing = summary.standing
        caption = summary.created
        parts = [self.tr("%n picture(s)", "", summary.pictures)]
        if standing is not None and standing.deadline is not None:
            caption = lifecycle.format_deadline(standing.deadline.due, lang)
            parts.append(lifecycle.days_left_text(standing.days_left or 0, lang))
        if summary.number:
            parts.append(self.tr("No. {number}").format(number=summary.number))
        if summary.reason:
            parts.append(catalog(lang).text(f"lifecycle.rejected.{summary.reason}")[0])
        if summary.how:
            parts.append(catalog(lang).label(f"lifecycle.how.{summary.how}"))
        return title, caption, " · ".join(parts)

    def _group_title(self, key: str, count: int) -> str:
        name = self.tr("Cannot be read") if key == "unreadable" else lifecycle.state_label(key, i18n.current())
        return f"{name} ({count})"

    def _cases_loaded(self) -> None:
        self.case_tree.expandAll()
        has_recent = bool(self.cases.summaries)
        self.case_tree.setVisible(has_recent)
        self.search.setVisible(has_recent)
        self.empty_recent.setVisible(not has_recent)
        self.open_button.setEnabled(has_recent)

    def _search(self, text: str) -> None:
        self.cases.search(text)
        self.case_tree.expandAll()

    def edit_sellers(self) -> None:
        from ui.views.sellers_dialog import SellersDialog

        SellersDialog(self).exec_if_allowed()
        self.refresh()

    def _describe_folder(self, folder: str) -> str:
        count = self.library.counts.get(folder)
        if count is None:
            return self.tr("not scanned yet")
        return self.tr("%n photo(s)", "", count)

    def refresh(self) -> None:
        self.cases.reload()  # rows arrive with `loaded` (_cases_loaded)
        self.folders.reload()
        self.scan_button.setEnabled(bool(self.config.library_folders) and not self.library.busy)
        has_folders = self.folders.rowCount() > 0
        self.folder_list.setVisible(has_folders)
        self.empty_library.setVisible(not has_folders)
        self._update_folder_buttons()

    def _update_folder_buttons(self) -> None:
        self.remove_folder_button.setEnabled(self.folder_list.currentIndex().isValid())

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid() and index.data(PATH):
            self.open_case_requested.emit(str(index.data(PATH)))

    def add_folder_clicked(self) -> None:
        folder = dialogs.ask_folder(self, self.tr("Choose a folder with your photos"))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        if folder not in self.config.library_folders:
            self.config.library_folders.append(folder)
            self.folders_changed.emit()
        self.refresh()
        self.library.scan()

    def remove_folder_clicked(self) -> None:
        index = self.folder_list.currentIndex()
        if index.isValid():
            folder = str(index.data(PATH))
            self.config.library_folders = [f for f in self.config.library_folders if f != folder]
            self.folders_changed.emit()
            self.refresh()

    def _scan_running(self, running: bool) -> None:
        self.scan_progress.setVisible(running)
        self.scan_cancel.setVisible(running)
        self.scan_progress.setRange(0, 0)
        self.scan_button.setEnabled(not running and bool(self.config.library_folders))
        if running:
            self.scan_state.setText(self.tr("Reading the photo folders…"))

    def _scan_progress(self, progress: Progress) -> None:
        self.scan_progress.setRange(0, max(progress.total, 1))
        self.scan_progress.setValue(progress.done)
        if getattr(progress, "rereading", False):  # core.library.catalog.ScanProgress: FACTS_VERSION went up
            self.scan_state.setText(self.tr("Re-reading %n photo(s): this version of the app reads more from them "
                                            "(such as the camera body's serial number). Your photos are not "
                                            "changed.", "", progress.total))

    def _scanned(self, summary: object) -> None:
        files = int(getattr(summary, "files", 0))
        added = int(getattr(summary, "added", 0))
        reread = int(getattr(summary, "reread", 0))
        unreachable = list(getattr(summary, "unreachable", []))
        text = (self.tr("%n photo(s) in the library", "", files) + " · " + self.tr("%n new", "", added) +
                (" · " + self.tr("%n read again", "", reread) if reread else ""))
        if unreachable:  # an external drive not plugged in: say so, and that nothing was forgotten
            names = "、".join(os.path.basename(folder.rstrip(os.sep)) or folder for folder in unreachable[:3])
            text += "\n" + self.tr("Could not open %1 (is the drive connected?). Its photos stay in the library; "
                                   "scan again once it is back.").replace("%1", names)
        self.scan_state.setText(text)
        self.scan_state.setToolTip("\n".join(unreachable))
        self.folders.reload()
        self.scan_state.setAlignment(Qt.AlignmentFlag.AlignLeft)
