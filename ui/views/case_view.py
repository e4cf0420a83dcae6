"""The case workspace: the pictures of one complaint, what is wrong with them, and the way to a bundle.

Left: the accused listing and the checklist of open blockers. Centre: the pictures (drop files or
folders; thumbnails fill in), with role, convert and remove actions. Right: the selected picture's
details, behind-the-scenes suggestions, and models with their proof. Top: Export.
Everything long runs on the pool; this widget holds no case data (the workspace does).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.base.findings import catalog
from core.base.jobs import Progress
from core.case.build import error_finding
from core.case.casefile import CaseError
from ui import case_actions, errors, tasks
from ui.models.case_images import SOURCE, CaseImagesModel
from ui.views import status_dialogs
from ui.views.case_status import CaseStatusBar
from ui.views.checklist_panel import ChecklistPanel
from ui.views.detail_pane import DetailPane
from ui.views.export_flow import ExportFlow, default_export_folder
from ui.views.listing_panel import ListingPanel
from ui.views.people_panel import PeoplePanel
from ui.views.suggestions_panel import SuggestionsPanel
from ui.widgets import dialogs
from ui.widgets.image_grid import ImageCardDelegate, ImageGrid, dropped_paths
from ui.widgets.thumbnails import ThumbnailCache
from ui.workspace import ROLE_BTS, ROLE_COMPLAINT, ROLE_PROOF, CaseWorkspace


def card(*widgets: QWidget, title: str = "") -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 10, 12, 12)
    if title:
        label = QLabel(title)
        label.setObjectName("section")
        layout.addWidget(label)
    for widget in widgets:
        layout.addWidget(widget)
    return frame


class CaseView(QWidget):
    back_requested = Signal()
    open_case_requested = Signal(str)  # a linked case: the resubmission, or the earlier same-seller case
    find_original_requested = Signal(list)  # listing image paths for find-my-original (issue 16's view)

    def __init__(self, workspace: CaseWorkspace, libraries: Callable[[], list[str]],
                 add_library: Callable[[], None], export_folder: Callable[[], str],
                 remember_export_folder: Callable[[str], None], parent: QWidget | None = None,
                 known_cases: Callable[[], list[str]] = list) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setAcceptDrops(True)
        self.workspace = workspace
        self.libraries = libraries
        self.export_folder, self.remember_export_folder = export_folder, remember_export_folder
        self.role_names = {ROLE_COMPLAINT: self.tr("Complaint picture"), ROLE_BTS: self.tr("Behind the scenes"),
                           ROLE_PROOF: self.tr("Model proof")}
        self.thumbnails = ThumbnailCache(parent=self)
        self.images = CaseImagesModel(workspace, self.thumbnails, self.role_names)
        self.images.setParent(self)
        self.convert_job: Any = None
        self.export = ExportFlow(workspace, self)
        self._save_error_shown = False
        top = self._build_top_bar()
        splitter = QSplitter()
        for column in (self._build_left(), self._build_centre(), self._build_right(libraries, add_library)):
            splitter.addWidget(column)
        splitter.setSizes([320, 620, 460])
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 14)
        layout.addLayout(top)
        self.status_bar = CaseStatusBar(workspace, known_cases)
        self.status_bar.action_requested.connect(self.run_next_action)
        self.status_bar.resubmit_requested.connect(self.resubmit)
        self.status_bar.merge_requested.connect(self.add_to_case)
        layout.addWidget(self.status_bar)
        layout.addWidget(splitter, 1)
        workspace.confirm_edit = lambda: status_dialogs.confirm_edit_after_submission(self)
        self._connect_workspace()
        self._images_changed()
        self._case_changed()
        if not workspace.dirty:
            self.save_state.setText(self.tr("All changes saved"))

    def _build_top_bar(self) -> QHBoxLayout:
        """Home, the case's title and save state; on the right the export and its progress."""
        back = QPushButton(self.tr("← Home"))
        back.clicked.connect(self.back_requested.emit)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.save_state = QLabel()
        self.save_state.setObjectName("hint")
        self.export_progress = QProgressBar()
        self.export_progress.setMaximumWidth(220)
        self.export_progress.hide()
        self.export_cancel = QPushButton(self.tr("Cancel"))
        self.export_cancel.hide()
        self.export_cancel.clicked.connect(self.export.cancel)
        self.export_button = QPushButton(self.tr("Export bundle"))
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(self.export_clicked)
        self.bundle_button = QPushButton(self.tr("Open the bundle folder"))  # after an export: where it went
        self.bundle_button.setObjectName("link")
        self.bundle_button.hide()
        self.bundle_folder = ""
        self.bundle_button.clicked.connect(self.open_bundle)
        self._show_last_bundle()
        top = QHBoxLayout()
        for widget in (back, self.title, self.save_state):
            top.addWidget(widget)
        top.addStretch(1)
        for tail in (self.bundle_button, self.export_progress, self.export_cancel, self.export_button):
            top.addWidget(tail)
        return top

    def _build_left(self) -> QWidget:
        """The accused listing and the checklist."""
        self.listing = ListingPanel(self.workspace)
        self.checklist = ChecklistPanel(self.workspace)
        self.checklist.file_chosen.connect(self.select)
        # The listing scrolls and the two share the column through a splitter: at 1024x700 the checklist
        # kept only about two rows when the listing took the height it wanted (issue 14).
        listing_scroll = QScrollArea()
        listing_scroll.setWidgetResizable(True)
        listing_scroll.setFrameShape(QFrame.Shape.NoFrame)
        listing_scroll.setWidget(card(self.listing, title=self.tr("Accused listing")))
        listing_scroll.setMinimumHeight(120)
        left = QSplitter(Qt.Orientation.Vertical)
        left.setChildrenCollapsible(False)
        left.setMinimumWidth(300)
        left.addWidget(listing_scroll)
        left.addWidget(card(self.checklist, title=self.tr("Checklist")))
        left.setStretchFactor(0, 0)
        left.setStretchFactor(1, 1)
        left.setSizes([230, 600])
        return left

    def _build_centre(self) -> QWidget:
        """The pictures: the add and convert tools, the selection's role buttons, the drop hint, the grid."""
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addLayout(self._build_tools())
        centre_layout.addLayout(self._build_selection())
        self.drop_hint = QLabel(self.tr("Drop photos or folders here, or use “Add pictures…”.\n"
                                        "The first picture becomes the complaint picture; the others "
                                        "behind-the-scenes pictures. Your files are never changed."))
        self.drop_hint.setObjectName("dropHint")
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setWordWrap(True)
        self.grid = ImageGrid()
        self.grid.setModel(self.images)
        self.grid.setItemDelegate(ImageCardDelegate(self.role_names, self.grid))
        self.grid.files_dropped.connect(self.add_paths)
        self.grid.selectionModel().selectionChanged.connect(self._selection_changed)
        self.grid.customContextMenuRequested.connect(self._context_menu)
        centre_layout.addWidget(self.drop_hint)
        centre_layout.addWidget(self.grid, 1)
        return centre

    def _build_tools(self) -> QHBoxLayout:
        """Add pictures or a folder (with the adding progress); convert (with its progress)."""
        self.add_files_button = QPushButton(self.tr("Add pictures…"))
        self.add_files_button.clicked.connect(self.add_files_clicked)
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.add_folder_button.clicked.connect(self.add_folder_clicked)
        self.match_button = QPushButton(self.tr("Find my original…"))
        self.match_button.setToolTip(self.tr("From the other seller's listing image to your original, "
                                             "which becomes this case's complaint picture"))
        self.match_button.clicked.connect(self.find_original_clicked)
        self.convert_button = QPushButton()
        self.convert_button.setObjectName("primary")
        self.convert_button.clicked.connect(self.convert_clicked)
        self.convert_progress = QProgressBar()
        self.convert_progress.setMaximumWidth(160)
        self.convert_progress.hide()
        self.convert_cancel = QPushButton(self.tr("Cancel"))
        self.convert_cancel.hide()
        self.convert_cancel.clicked.connect(lambda: self.convert_job and self.convert_job.cancel())
        self.add_progress = QProgressBar()  # hashing a big folder takes a while: show it, and let it stop
        self.add_progress.setMinimumWidth(200)
        self.add_progress.setFormat(self.tr("Adding %v of %m"))
        self.add_progress.hide()
        self.add_cancel = QPushButton(self.tr("Stop adding"))
        self.add_cancel.hide()
        self.add_cancel.clicked.connect(self.workspace.cancel_adding)
        tools = QHBoxLayout()
        for tool in (self.add_files_button, self.add_folder_button, self.match_button, self.add_progress,
                     self.add_cancel):
            tools.addWidget(tool)
        tools.addStretch(1)
        for tail in (self.convert_progress, self.convert_cancel, self.convert_button):
            tools.addWidget(tail)
        return tools

    def find_original_clicked(self) -> None:
        """找原图 in the case: the chosen original becomes the complaint picture (ui/views/match_choice)."""
        from ui import i18n
        from ui.views.match_choice import use_original
        from ui.views.match_dialog import MatchDialog

        dialog = MatchDialog(lambda: list(self.libraries()), i18n.current(),
                             lambda choice: use_original(self.workspace, choice, self._original_chosen), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _original_chosen(self, source: str) -> None:
        self.select(source)
        self.tabs.setCurrentWidget(self.suggestions)
        self.suggestions.find_suggestions()

    def _build_selection(self) -> QHBoxLayout:
        """What the selected picture is used as, or take it out of the case."""
        self.complaint_button = QPushButton(self.tr("Use as complaint picture"))
        self.complaint_button.clicked.connect(lambda: self.set_role(ROLE_COMPLAINT))
        self.bts_button = QPushButton(self.tr("Use as behind the scenes"))
        self.bts_button.clicked.connect(lambda: self.set_role(ROLE_BTS))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Takes the picture out of this case; your file is not touched"))
        self.remove_button.clicked.connect(self.remove_clicked)
        selection = QHBoxLayout()
        selection_label = QLabel(self.tr("Selected picture:"))
        selection_label.setObjectName("hint")
        selection.addWidget(selection_label)
        for button in (self.complaint_button, self.bts_button, self.remove_button):
            selection.addWidget(button)
        selection.addStretch(1)
        return selection

    def _build_right(self, libraries: Callable[[], list[str]], add_library: Callable[[], None]) -> QTabWidget:
        """Tabs: the selected picture's details, behind-the-scenes suggestions, models."""
        self.detail = DetailPane(self.workspace, self.role_names)
        self.suggestions = SuggestionsPanel(self.workspace, libraries, add_library)
        self.models = PeoplePanel(self.workspace, self.selected)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.detail, self.tr("Details"))
        self.tabs.addTab(self.suggestions, self.tr("Behind-the-scenes suggestions"))
        self.tabs.addTab(self.models, self.tr("Models"))
        return self.tabs

    def _connect_workspace(self) -> None:
        workspace = self.workspace
        workspace.images_changed.connect(self._images_changed)
        workspace.image_updated.connect(self._image_updated)
        workspace.case_changed.connect(self._case_changed)
        workspace.saved.connect(self._saved)
        workspace.save_failed.connect(self._save_failed)
        workspace.adding.connect(self._adding)
        workspace.added_count.connect(self._added_count)
        self._adding(None)
        self.export.running.connect(self._export_running)
        self.export.progress.connect(self._export_progress)

    def _image_updated(self, _source: str) -> None:
        self._enable()

    def _saved(self) -> None:
        self._save_error_shown = False
        self.save_state.setStyleSheet("")
        self.save_state.setText(self.tr("All changes saved"))

    def _save_failed(self, error: BaseException) -> None:
        self.save_state.setText(self.tr("Not saved"))
        self.save_state.setStyleSheet("color: #d64545;")
        if not self._save_error_shown:  # once per failure streak: a full disk must not bring a dialog a second
            self._save_error_shown = True
            errors.report_exception(error, self, self.tr("Your changes stay in the window; the app saves them "
                                                         "again with your next change and when you close it."))

    # ----- selection ---------------------------------------------------------------------------
    def selected(self) -> str | None:
        index = self.grid.currentIndex()
        return str(index.data(SOURCE)) if index.isValid() else None

    def select(self, source: str, show_details: bool = False) -> None:
        """Select a picture in the grid. The right-hand tab stays as it is unless `show_details`: a
        change made in the models tab (which rebuilds the grid) must not switch the user away from it."""
        index = self.images.index_of(source)
        if index.isValid():
            self.grid.setCurrentIndex(index)
            self.grid.scrollTo(index)
            if show_details:
                self.tabs.setCurrentWidget(self.detail)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.detail.show_source(self.selected())
        self.models.refresh()
        self._enable()

    def _images_changed(self) -> None:
        current = self.detail.source
        self.drop_hint.setVisible(self.images.rowCount() == 0)
        if current:
            self.select(current)
        self._enable()

    def _case_changed(self) -> None:
        self.title.setText(self.workspace.case.seller or self.tr("New complaint"))
        if self.workspace.unsaved:  # a finished inspection also changes the case view, but needs no save
            self.save_state.setText(self.tr("Saving…"))

    def _enable(self) -> None:
        source = self.selected()
        row = self.workspace.row(source) if source else None
        photo = row is not None and row.role in (ROLE_COMPLAINT, ROLE_BTS)
        self.complaint_button.setEnabled(photo and row is not None and row.role != ROLE_COMPLAINT)
        self.bts_button.setEnabled(photo and row is not None and row.role != ROLE_BTS)
        self.remove_button.setEnabled(photo)
        pending = self.convertible()
        self.convert_button.setText(self.tr("Convert RAW/HEIC to JPEG (%n)", "", len(pending)))
        self.convert_button.setEnabled(bool(pending) and self.convert_job is None)
        self.convert_button.setVisible(bool(pending) or self.convert_job is not None)

    # ----- adding and roles --------------------------------------------------------------------
    def add_paths(self, paths: list[str]) -> None:
        if not paths:  # a drop of web links only: say what works instead of doing nothing
            dialogs.inform(self, self.tr("Add pictures"),
                           self.tr("Only files on this computer can be added. Save the picture to a folder "
                                   "first (or use the original from the camera), then drag that file here."))
            return
        self.workspace.add_paths(paths)

    def _adding(self, progress: Progress | None) -> None:
        busy = self.workspace.adding_busy
        self.add_progress.setVisible(busy)
        self.add_cancel.setVisible(busy)
        if progress is not None:
            self.add_progress.setRange(0, max(progress.total, 1))
            self.add_progress.setValue(progress.done)

    def _added_count(self, added: int, repeats: int) -> None:
        if added:
            return
        if repeats:
            dialogs.inform(self, self.tr("Add pictures"), self.tr("These pictures are already in this complaint."))
        else:
            dialogs.inform(self, self.tr("Add pictures"),
                           self.tr("No pictures were found there. The app takes JPG, PNG, HEIC and camera RAW "
                                   "files (CR2, CR3, NEF, ARW, DNG…); choose the photos themselves or the folder "
                                   "that holds them."))

    # The whole workspace takes drops, not just the grid: the hint above it invites them too.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if paths is not None:
            event.acceptProposedAction()
            self.add_paths(paths)

    def add_files_clicked(self) -> None:
        files = dialogs.ask_files(self, self.tr("Add pictures to the complaint"))
        if files:
            self.add_paths(files)

    def add_folder_clicked(self) -> None:
        folder = dialogs.ask_folder(self, self.tr("Add a folder of pictures"))
        if folder:
            self.add_paths([folder])

    def set_role(self, role: str) -> None:
        source = self.selected()
        if source:
            self.workspace.set_role(source, role)

    def selected_sources(self) -> list[str]:
        """The complaint and behind-the-scenes pictures selected in the grid (several with Ctrl/Shift)."""
        found = []
        for index in self.grid.selectionModel().selectedIndexes():
            row = self.workspace.row(str(index.data(SOURCE)))
            if row is not None and row.role in (ROLE_COMPLAINT, ROLE_BTS):
                found.append(row.source)
        current = self.selected()
        if not found and current and self.workspace.row(current) is not None:
            found = [current]
        return list(dict.fromkeys(found))

    def remove_clicked(self) -> None:
        sources = self.selected_sources()
        if not sources:
            return
        names = "、".join(Path(s).name for s in sources[:5]) + ("…" if len(sources) > 5 else "")
        if dialogs.confirm(self, self.tr("Remove from this complaint"),
                           self.tr("Take %n picture(s) out of this complaint? Your files stay where they are, "
                                   "untouched. Edit → Undo (Ctrl+Z) brings them back.", "", len(sources))
                           + "\n\n" + names):
            self.workspace.remove_many(sources)

    def _context_menu(self, position: Any) -> None:
        if not self.selected():
            return
        menu = QMenu(self)
        for button in (self.complaint_button, self.bts_button, self.remove_button):
            action = menu.addAction(button.text(), button.click)
            action.setEnabled(button.isEnabled())
        menu.exec(self.grid.viewport().mapToGlobal(position))

    # ----- conversion --------------------------------------------------------------------------
    def convertible(self) -> list[str]:
        return [e.source for _, e in self.workspace.case.images() if case_actions.convertible(self.workspace, e.source)]

    def convert_clicked(self) -> None:
        source = self.selected()
        sources = [source] if source and source in self.convertible() else self.convertible()
        if not sources or self.convert_job is not None:
            return
        self.convert_progress.setRange(0, len(sources))
        self.convert_progress.setValue(0)
        self.convert_progress.show()
        self.convert_cancel.show()
        self.convert_job = case_actions.convert(self.workspace, sources, self._convert_progress,
                                                self._converted, self._convert_failed, owner=self)
        self._enable()

    def _convert_progress(self, progress: Progress) -> None:
        self.convert_progress.setValue(progress.done)

    def _converted(self, _count: int) -> None:
        self.convert_job = None
        self.convert_progress.hide()
        self.convert_cancel.hide()
        self._enable()

    def _convert_failed(self, error: BaseException) -> None:
        self._converted(0)
        errors.report_exception(error, self)

    # ----- export ------------------------------------------------------------------------------
    def export_clicked(self) -> None:
        self.listing.flush()
        readiness = self.workspace.readiness()
        count = self.checklist.model.open_count()
        if count:
            dialogs.inform(self, self.tr("Not ready yet"),
                           self.tr("%n item(s) in the checklist must be fixed or explained before export.", "",
                                   count))
            return
        # The same words as the checklist and report.html: exportable, but not "all ready".
        explained = readiness is not None and readiness.state == "explained"
        if explained and not dialogs.confirm(self, self.tr("Export with explanations?"),
                                             readiness.text(self.workspace.lang) + "\n\n"
                                             + self.tr("Export anyway?")):
            return
        if not self.authorized_seller_confirmed():
            return
        folder = dialogs.ask_folder(self, self.tr("Where should the bundle go?"),
                                    default_export_folder(self.export_folder()))
        if folder:
            self.start_export(folder)

    def authorized_seller_confirmed(self) -> bool:
        """A case against a seller on the authorized-sellers list (许可名单) asks before exporting."""
        from core.case.sellers import authorized_finding

        try:
            finding = authorized_finding(self.workspace.case, self.workspace.lang)
        except CaseError as error:  # an unreadable list: say so, and do not block the export on it
            self._case_error(error)
            return True
        if finding is None:
            return True
        return dialogs.confirm(self, self.tr("Authorized seller"), f"{finding.message}\n\n{finding.remedy}\n\n" +
                               self.tr("Export the complaint anyway?"))

    def start_export(self, folder: str) -> None:
        self.remember_export_folder(folder)
        self.export.start(folder, self._exported)

    def _export_running(self, running: bool) -> None:
        self.export_progress.setVisible(running)
        self.export_cancel.setVisible(running)
        self.export_button.setEnabled(not running)
        self.export_progress.setRange(0, 0)

    def _export_progress(self, progress: Progress) -> None:
        self.export_progress.setRange(0, max(progress.total, 1))
        self.export_progress.setValue(progress.done)

    def _exported(self, result: Any) -> None:
        if result is None:
            return
        if result.refused:
            dialogs.inform(self, self.tr("Not ready yet"),
                           self.tr("%n item(s) in the checklist must be fixed or explained before export.", "",
                                   len(result.blockers)))
        else:
            self.bundle_folder = str(result.bundle)
            self.bundle_button.setToolTip(self.bundle_folder)
            self.bundle_button.show()
            text = self.tr("The bundle is in {folder}. Upload the files field by field as report.html "
                           "shows.").format(folder=str(result.bundle))
            review = getattr(result, "review", None)
            readiness = review.readiness() if review is not None else None
            if readiness is not None and readiness.state == "explained":
                text = readiness.text(self.workspace.lang) + "\n\n" + text
            dialogs.inform(self, self.tr("Bundle ready"), text)

    def _show_last_bundle(self) -> None:
        """After a restart the link to the last bundle is still there (the case history records exports)."""
        exported = [h for h in self.workspace.case.history if h.action == "exported" and h.detail.get("bundle")]
        if exported and Path(str(exported[-1].detail["bundle"])).is_dir():
            self.bundle_folder = str(exported[-1].detail["bundle"])
            self.bundle_button.setToolTip(self.bundle_folder)
            self.bundle_button.show()

    def open_bundle(self) -> None:
        if dialogs.open_folder(self.bundle_folder) is False:  # no file manager answered: say where it is
            dialogs.inform(self, self.tr("Open the bundle folder"),
                           self.tr("No program opened the folder. The bundle is here (the path is also copied, "
                                   "paste it into your file manager):") + "\n\n" + self.bundle_folder)

    def flush(self) -> None:
        self.listing.flush()

    # ----- after a rejection: the one action per reason (core rules' [lifecycle.rejection_reasons]) ----
    def run_next_action(self, action: str) -> None:
        complaint = self.workspace.case.complaint[0].source if self.workspace.case.complaint else None
        if action == "rerun_originality" and complaint:
            row = self.workspace.row(complaint)
            if row is not None:
                self.workspace.reports.pop(row.submitted, None)  # read the file again, not the old report
                self.workspace.inspect(complaint)
            self.select(complaint, show_details=True)
        elif action == "find_original":
            images = dialogs.ask_files(self, self.tr("The picture from the accused listing"))
            if images:
                self.find_original_requested.emit(images)
        elif action == "ownership_evidence":
            self.print_evidence()
        elif action == "model_panel":
            self.tabs.setCurrentWidget(self.models)
        elif action == "suggestions":
            if complaint:
                self.select(complaint)
            self.tabs.setCurrentWidget(self.suggestions)

    def print_evidence(self) -> None:
        """Gather the ownership evidence off the GUI thread, write it into the case folder, open it."""
        from core.case import evidence
        from core.case.review import review_case

        snapshot, folder, lang = copy.deepcopy(self.workspace.case), self.workspace.folder, self.workspace.lang

        def job(progress: Any, cancel: Any) -> str:
            found = evidence.gather(review_case(snapshot, folder, lang, progress, cancel), cancel)
            return str(evidence.write(found, folder, lang))

        def done(path: str) -> None:
            self.evidence_page = path
            dialogs.open_folder(path)
            dialogs.inform(self, self.tr("Ownership evidence"),
                           self.tr("The evidence page is in the case folder and opens in your browser: print it "
                                   "from there.\n\n{legal}").format(legal=catalog(lang).label("lifecycle.legal_route")))

        tasks.run_in_background(job, on_done=done, on_error=lambda error: errors.report_exception(error, self),
                                owner=self)

    def resubmit(self) -> None:
        from core.case.linked import resubmit

        self.flush()
        self.workspace.save_now()
        folder, lang = self.workspace.folder, self.workspace.lang
        tasks.run_in_background(lambda _p, _c: str(resubmit(folder, lang=lang)[0]), writer=True,
                                on_done=self.open_case_requested.emit, on_error=self._case_error, owner=self)

    def add_to_case(self, target: str) -> None:
        """The 3-day rule: this case's pictures go into the earlier complaint, which then opens."""
        from core.case.linked import add_images_to_case

        if not target:
            return
        self.flush()
        snapshot, folder = copy.deepcopy(self.workspace.case), self.workspace.folder
        tasks.run_in_background(lambda _p, _c: (add_images_to_case(target, snapshot, folder), target)[1],
                                writer=True, on_done=self.open_case_requested.emit, on_error=self._case_error,
                                owner=self)

    def _case_error(self, error: BaseException) -> None:
        if isinstance(error, CaseError):
            finding = error_finding(error, self.workspace.lang)
            errors.show_error(f"{finding.message}\n\n{finding.remedy}", repr(error), self)
        else:
            errors.report_exception(error, self)
