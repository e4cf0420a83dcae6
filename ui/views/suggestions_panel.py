"""Behind-the-scenes suggestions for the complaint image, from the merchant's photo library folders.

"Find" runs `core.library.suggestions.suggest_bts` in a helper process (it rescans the library incrementally first),
with progress and cancel. Each suggestion shows its reasons; one click adds it to the case. The list belongs to
one complaint picture: when another becomes the complaint picture (find-my-original, or by hand) the old
list goes, and a search under way for the old one is stopped and started again for the new one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QProgressBar, QPushButton, QVBoxLayout, QWidget

from core.base.jobs import Progress
from ui import errors, tasks
from ui.helper_process import in_process
from ui.library_job import suggest
from ui.models.findings import REMEDY
from ui.models.suggestions import ADDED, PASSES, PATH, SuggestionsModel
from ui.widgets import dialogs
from ui.widgets.finding_delegate import FindingDelegate
from ui.widgets.thumbnails import ThumbnailCache
from ui.workspace import ROLE_BTS, CaseWorkspace

LIMIT = 12


class SuggestionsPanel(QWidget):
    def __init__(self, workspace: CaseWorkspace, libraries: Callable[[], list[str]],
                 add_library: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.libraries = libraries
        self.job: tasks.TaskHandle | None = None
        self.searching_for: str | None = None  # the complaint picture the running search is for
        self.found_for: str | None = None  # ... and the one the list shows suggestions for
        self.restart = False  # the complaint picture changed during a search: search again when it ends
        self.thumbnails = ThumbnailCache(parent=self)
        self.model = SuggestionsModel(self.thumbnails, self.tr("already in the case"))
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setObjectName("hint")
        self.find_button = QPushButton(self.tr("Find behind-the-scenes photos"))
        self.find_button.setObjectName("primary")
        self.find_button.clicked.connect(self.find_suggestions)
        self.library_button = QPushButton(self.tr("Add a photo library folder…"))
        self.library_button.clicked.connect(add_library)
        self.progress = QProgressBar()
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(FindingDelegate(self.list, thumbnail=96))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.doubleClicked.connect(self._add_index)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._enable())
        self.add_button = QPushButton(self.tr("Add selected"))
        self.add_button.clicked.connect(lambda: self._add_index(self.list.currentIndex()))
        self.add_best_button = QPushButton(self.tr("Add recommended"))
        self.add_best_button.setToolTip(self.tr("Adds the best suggestions that pass every rule"))
        self.add_best_button.clicked.connect(self.add_recommended)
        self.hidden: list[str] = []  # photos of the shoot left out as near-duplicates of the complaint image
        self.hidden_button = QPushButton()
        self.hidden_button.setObjectName("link")
        self.hidden_button.hide()
        self.hidden_button.clicked.connect(self.show_hidden)

        top = QHBoxLayout()
        top.addWidget(self.find_button)
        top.addWidget(self.library_button)
        top.addStretch(1)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_button)
        bottom.addWidget(self.add_best_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addLayout(busy)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hidden_button)
        layout.addLayout(bottom)
        workspace.images_changed.connect(self._case_changed)
        self._update_intro()
        self._enable()

    def libraries_changed(self) -> None:
        """A library folder was added or removed (from this tab or the start screen): say so right away."""
        self._update_intro()
        self._enable()

    def _in_case(self) -> set[str]:
        return {entry.source for _, entry in self.workspace.case.images()}

    def _complaint(self) -> str | None:
        complaint = self.workspace.case.complaint
        return complaint[0].source if complaint else None

    def _case_changed(self) -> None:
        if self.found_for is not None and self.found_for != self._complaint():  # another shoot now
            self.found_for, self.hidden = None, []
            self.hidden_button.hide()
            self.model.set_suggestions([], self._in_case())
        self.model.set_in_case(self._in_case())
        self._update_intro()
        self._enable()

    def _update_intro(self) -> None:
        complaint = self.workspace.case.complaint
        libraries = self.libraries()
        if not complaint:
            text = self.tr("Choose the complaint picture first: suggestions come from the same shoot.")
        elif not libraries:
            text = self.tr("Add the folder where you keep your photos. The app looks there for other "
                           "pictures of the same shoot as the complaint picture.")
        else:
            text = self.tr("Looks in {count} library folder(s) for pictures of the same shoot as {name}: "
                           "same camera body, shortly before or after, or another device during the shoot."
                           ).format(count=len(libraries), name=complaint[0].name)
        self.intro.setText(text)
        self.find_button.setEnabled(bool(complaint and libraries) and self.job is None)

    def _enable(self) -> None:
        index = self.list.currentIndex()
        # A suggestion that fails a rule can still be added (after a question naming the rule): never a
        # silently disabled button.
        self.add_button.setEnabled(index.isValid() and not index.data(ADDED))
        self.add_best_button.setEnabled(bool(self._recommended()))

    def find_suggestions(self) -> None:
        complaint = self._complaint()
        if complaint is None:
            return
        if self.job is not None:
            if complaint != self.searching_for:
                self.restart = True
                self.job.cancel()
            return
        self.searching_for = complaint
        # In a helper process: the search rescans and inspects in Python, which would stall the window.
        job = in_process(suggest, complaint, self.libraries(), self.workspace.profile.id, self.workspace.lang, LIMIT)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.job = tasks.run_in_background(job, on_done=self._found, on_error=self._failed,
                                           on_progress=self._progress, on_cancelled=self._finished, owner=self)
        self._update_intro()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progress(self, progress: Progress) -> None:
        self.progress.setRange(0, max(progress.total, 1))
        self.progress.setValue(progress.done)
        if getattr(progress, "rereading", False):  # the search's library scan re-reads (FACTS_VERSION went up)
            self.intro.setText(self.tr("Re-reading %n photo(s) of the library: this version of the app reads more "
                                       "from them (such as the camera body's serial number). Your photos are not "
                                       "changed.", "", progress.total))

    def _found(self, result: tuple[list[Any], list[str]]) -> None:
        found_for = self.searching_for
        self._finished()  # (starts the search again when the complaint picture changed meanwhile)
        if found_for is not None and found_for != self._complaint():
            return  # for the complaint picture before: the search for the current one is under way
        self.found_for = found_for or self._complaint()
        suggestions, self.hidden = result
        self.model.set_suggestions(suggestions, self._in_case())
        if not suggestions and not self.hidden:
            self.intro.setText(self.tr("No other pictures of this shoot were found in the library folders."))
        self.hidden_button.setText(self.tr("%n near-duplicate(s) of the complaint picture hidden: show", "",
                                           len(self.hidden)))
        self.hidden_button.setVisible(bool(self.hidden))
        self._enable()

    def show_hidden(self) -> None:
        """The near-duplicates, named, so the merchant sees why they were left out."""
        from pathlib import Path

        names = "\n".join(Path(p).name for p in self.hidden)
        dialogs.inform(self, self.tr("Near-duplicates of the complaint picture"),
                       self.tr("These photos look (almost) the same as the complaint picture, so they do not "
                               "show another angle of the shoot and were left out:") + "\n\n" + names)

    def _failed(self, error: BaseException) -> None:
        self._finished()
        errors.report_exception(error, self)

    def _finished(self) -> None:
        self.job = None
        self.progress.hide()
        self.cancel_button.hide()
        self._update_intro()
        if self.restart:
            self.restart = False
            self.find_suggestions()

    def _recommended(self) -> list[str]:
        in_case = self._in_case()
        # As many as the platform asks for, counted among the suggestions: images already in the case may be
        # from another shoot (that is why the merchant is asking).
        wanted = max(self.workspace.profile.min_bts_images, 1)
        passing = [s.path for s in self.model.suggestions() if s.passes and s.path not in in_case]
        return passing[:wanted]

    def _add_index(self, index: QModelIndex) -> None:
        if not index.isValid() or index.data(ADDED):
            return
        if not index.data(PASSES):
            rules = str(index.data(REMEDY) or index.data(Qt.ItemDataRole.DisplayRole) or "")
            if not dialogs.confirm(self, self.tr("Add a photo that fails a rule?"),
                                   self.tr("This photo fails a platform rule:") + "\n\n" + rules + "\n\n"
                                   + self.tr("It will be blocked in the checklist until it is fixed or explained. "
                                             "Add it anyway?")):
                return
        self.workspace.add_paths([str(index.data(PATH))], ROLE_BTS)

    def add_recommended(self) -> None:
        paths = self._recommended()
        if paths:
            self.workspace.add_paths(paths, ROLE_BTS)
