"""The main window: the start screen or one open case, a menu, and what survives a restart.

Closing saves the case, the window geometry, the last case and its selected picture, so reopening
the app restores the case exactly. Switching the language rebuilds the views from the same workspace
(views hold no data, so throwing them away loses nothing).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from core import APP_NAME, APP_NAME_EN, __version__
from core.base import appdata
from core.case import casefile as core_case
from core.case.build import error_finding
from ui import errors, i18n, settings
from ui.library import Library
from ui.views.case_view import CaseView
from ui.views.start_view import StartView
from ui.widgets import dialogs
from ui.workspace import CaseWorkspace

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, config: settings.Settings) -> None:
        super().__init__()
        self.config = config
        self.language = i18n.current()
        self.workspace: CaseWorkspace | None = None
        self.library = Library(lambda: self.config.library_folders, self)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.start_view: StartView | None = None
        self.case_view: CaseView | None = None
        self.resize(1400, 880)
        if config.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(config.window_geometry.encode("ascii")))
        self.build()

    # ----- building (again, after a language switch) -------------------------------------------
    def build(self) -> None:
        self.setWindowTitle(APP_NAME if self.language != "en" else APP_NAME_EN)
        self._build_menu()
        selected = self.case_view.selected() if self.case_view else None
        for view in (self.start_view, self.case_view):
            if view is not None:
                self.stack.removeWidget(view)
                view.deleteLater()
        self.case_view = None
        self.start_view = StartView(self.config, self.library)
        self.start_view.new_case_requested.connect(self.new_case)
        self.start_view.open_case_requested.connect(self.open_case)
        self.start_view.browse_case_requested.connect(self.browse_case)
        self.start_view.folders_changed.connect(lambda: settings.save(self.config))
        self.stack.addWidget(self.start_view)
        if self.workspace is not None:
            self._show_case(selected)
        else:
            self.stack.setCurrentWidget(self.start_view)

    def _build_menu(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(self.tr("&File"))
        new = QAction(self.tr("New complaint"), self)
        new.setShortcut(QKeySequence.StandardKey.New)
        new.triggered.connect(self.new_case)
        file_menu.addAction(new)
        file_menu.addAction(self.tr("Open a case folder…"), self.browse_case)
        file_menu.addAction(self.tr("Home"), self.show_start)
        file_menu.addSeparator()
        file_menu.addAction(self.tr("Quit"), self.close)
        language_menu = bar.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, name in (("system", self.tr("Follow the system")), ("zh_CN", "中文"), ("en", "English")):
            action = QAction(name, self, checkable=True)
            action.setChecked(self.config.language == code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            group.addAction(action)
            language_menu.addAction(action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("Open the log folder"), lambda: dialogs.open_folder(str(appdata.log_dir())))
        help_menu.addAction(self.tr("About"), self.about)

    def set_language(self, setting: str) -> None:
        self.config.language = setting
        settings.save(self.config)
        self.language = i18n.install(setting)
        if self.workspace is not None:
            self.workspace.lang = self.language
            self.workspace.reports.clear()  # findings text is in the old language: inspect again
            self.workspace.inspect_all()
            self.workspace.start_review()
        self.build()

    def about(self) -> None:
        dialogs.inform(self, self.tr("About"), self.tr("{name} {version}\nWorks offline. Your photos are never "
                                                       "changed.").format(name=self.windowTitle(), version=__version__))

    # ----- cases -------------------------------------------------------------------------------
    def new_case(self) -> None:
        try:
            workspace = CaseWorkspace.create(profile=self.config.profile, lang=self.language)
        except (OSError, core_case.CaseError) as error:
            errors.report_exception(error, self)
            return
        self._open_workspace(workspace)

    def browse_case(self) -> None:
        folder = dialogs.ask_folder(self, self.tr("Choose a case folder"), str(appdata.cases_dir()))
        if folder:
            self.open_case(folder)

    def open_case(self, folder: str, selection: str | None = None) -> bool:
        try:
            workspace = CaseWorkspace.open(Path(folder), self.language)
        except core_case.CaseError as error:
            message, remedy = _case_error_text(error, self.language)
            errors.show_error(f"{message}\n\n{remedy}", repr(error), self)
            self.config.forget_case(folder)
            settings.save(self.config)
            if self.start_view:
                self.start_view.refresh()
            return False
        self._open_workspace(workspace, selection)
        return True

    def _open_workspace(self, workspace: CaseWorkspace, selection: str | None = None) -> None:
        self.close_case()
        self.workspace = workspace
        self.config.remember_case(str(workspace.folder))
        settings.save(self.config)
        workspace.inspect_all()
        workspace.start_review()
        self._show_case(selection)

    def _show_case(self, selection: str | None) -> None:
        assert self.workspace is not None
        if self.case_view is not None:
            self.stack.removeWidget(self.case_view)
            self.case_view.deleteLater()
        self.case_view = CaseView(self.workspace, lambda: self.config.library_folders, self._add_library_folder,
                                  lambda: self.config.export_folder, self._remember_export_folder,
                                  known_cases=lambda: list(self.config.recent_cases))
        self.case_view.back_requested.connect(self.show_start)
        self.case_view.open_case_requested.connect(self.open_case)
        self.case_view.find_original_requested.connect(self.open_find_original)
        self.stack.addWidget(self.case_view)
        self.stack.setCurrentWidget(self.case_view)
        if selection:
            self.case_view.select(selection)

    def open_find_original(self, images: list[str]) -> None:
        """Entry point for find-my-original (issue 16) with the accused listing's image(s).

        The case view's "rejected: not found in the listing" action calls this. Until that view is
        merged, say so; the lead wires `ui.views.find_original` here when it lands."""
        opener = getattr(self, "show_find_original", None)  # set by the find-my-original integration
        if callable(opener):
            opener(images)
            return
        dialogs.inform(self, self.tr("Find my original"),
                       self.tr("Finding the original from the listing's picture is not in this version yet. "
                               "Compare the listing's picture with your shoot and choose the exact frame."))

    def _add_library_folder(self) -> None:
        if self.start_view is not None:
            self.start_view.add_folder_clicked()

    def _remember_export_folder(self, folder: str) -> None:
        self.config.export_folder = folder
        settings.save(self.config)

    def close_case(self) -> None:
        if self.workspace is not None:
            if self.case_view is not None:
                self.case_view.flush()
            self.workspace.close()
        self.workspace = None

    def show_start(self) -> None:
        self.remember_state()
        self.close_case()
        self.config.last_case, self.config.last_selection = "", ""
        settings.save(self.config)
        if self.case_view is not None:
            self.stack.removeWidget(self.case_view)
            self.case_view.deleteLater()
            self.case_view = None
        assert self.start_view is not None
        self.start_view.refresh()
        self.stack.setCurrentWidget(self.start_view)

    def restore_last_case(self, folder: str | None = None) -> None:
        """Reopen the case that was open when the app closed, with the same picture selected."""
        target = folder or self.config.last_case
        if target and Path(target).is_dir():
            self.open_case(target, self.config.last_selection if not folder else None)

    # ----- closing -----------------------------------------------------------------------------
    def remember_state(self) -> None:
        self.config.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        if self.workspace is not None:
            self.config.last_case = str(self.workspace.folder)
            self.config.last_selection = (self.case_view.selected() if self.case_view else None) or ""

    def shutdown(self) -> None:
        """Save everything (the app is quitting); safe to call twice."""
        self.remember_state()
        settings.save(self.config)
        if self.workspace is not None:
            if self.case_view is not None:
                self.case_view.flush()
            self.workspace.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def _case_error_text(error: core_case.CaseError, lang: str) -> tuple[str, str]:
    try:
        finding = error_finding(error, lang)
        return finding.message, finding.remedy
    except Exception:  # the catalog lacks the code: still say something useful
        return str(error), ""
