"""找原图 (find my original): drop, paste or choose the listing image, see the library candidates with the
comparison picture, and make the chosen one the case's complaint image.

The window only shows: indexing and matching run in `core.matching` through ui/tasks (off the GUI
thread), the comparison picture is drawn by `core.matching.evidence` in the background too. Opened from
the start screen the dialog only finds; opened from a case it also offers "Use as complaint picture",
which hands the caller a `Choice`: the listing image, the candidate, whether the top two could not be told
apart, and the comparison picture drawn for it (ui/views/match_choice records it in the case). The
pictures drawn while the user looks, and a pasted screenshot, live in the dialog's own temporary folder,
never in the case folder: only the chosen one is kept there.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.base.jobs import ProgressCallback
from ui import tasks

IMAGE_FILTER = "*.jpg *.jpeg *.png *.webp *.avif *.heic *.heif *.bmp *.gif"


@dataclass(frozen=True)
class Choice:
    """The user's pick: everything the case needs to record it (core.case.comparisons.prepare_match)."""

    listing: str  # the listing image as searched (a pasted screenshot: its file in `scratch`)
    listing_name: str  # the name the user knows it by
    candidate: Any  # core.matching.query.Candidate
    ambiguous: bool
    runner_up: str | None  # the other frame of the same part, when the app could not tell the two apart
    picture: str | None  # the comparison picture drawn for this candidate (None: not drawn yet)
    scratch: Any = None  # the dialog's temporary folder: kept alive until the choice is recorded


Chooser = Callable[[Choice], None]


def find_originals(query: str, folders: list[str], lang: str | None, progress: ProgressCallback,
                   cancel: threading.Event) -> Any:
    """Background job: bring the visual index up to date with the library folders, then match."""
    from core.base.rules import load_profile
    from core.library.scan import LibrarySettings
    from core.matching.index import MatchIndex
    from core.matching.query import match_image

    profile = load_profile()
    settings = LibrarySettings.from_profile(profile)
    with MatchIndex() as index:
        paths = index.refresh(folders, settings.extensions, progress, cancel, workers=settings.workers)
        return match_image(query, index, profile=profile, lang=lang, paths=paths)


class MatchDialog(QDialog):
    def __init__(self, folders: Callable[[], list[str]], lang: str | None, choose: Chooser | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Find my original"))
        self.setAcceptDrops(True)
        self.resize(1100, 720)
        self.folders, self.lang, self.choose = folders, lang, choose
        # removed when the dialog and the last choice made in it are gone (weakref finalizer)
        self.scratch = tempfile.TemporaryDirectory(prefix="yuantu-match-")
        self.query: str | None = None
        self.query_name = ""
        self.result: Any = None
        self.job: tasks.TaskHandle | None = None
        self.comparison: str | None = None
        self.hint = QLabel(self.tr("Drop the listing image here, paste a screenshot (Ctrl+V), or choose a file."))
        self.hint.setWordWrap(True)
        choose_button = QPushButton(self.tr("Choose listing image…"))
        choose_button.clicked.connect(self._choose_file)
        paste_button = QPushButton(self.tr("Paste"))
        paste_button.clicked.connect(self.paste)
        QShortcut(QKeySequence.StandardKey.Paste, self, self.paste)
        top = QHBoxLayout()
        top.addWidget(self.hint, 1)
        top.addWidget(choose_button)
        top.addWidget(paste_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.candidates = QListWidget()
        self.candidates.currentRowChanged.connect(self._show_candidate)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(640, 300)
        middle = QHBoxLayout()
        middle.addWidget(self.candidates, 2)
        middle.addWidget(self.picture, 5)
        self.use_button = QPushButton(self.tr("Use as complaint picture"))
        self.use_button.setEnabled(False)
        self.use_button.setVisible(choose is not None)
        self.use_button.clicked.connect(self._use)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.use_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)

    # ------------------------------------------------------------------------------------- input
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        urls = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.search(urls[0])
        elif event.mimeData().hasImage():
            self._search_image(event.mimeData().imageData())

    def paste(self) -> None:
        clipboard = QGuiApplication.clipboard()
        data = clipboard.mimeData()
        if data is not None and data.hasUrls() and data.urls()[0].isLocalFile():
            self.search(data.urls()[0].toLocalFile())
        elif not clipboard.image().isNull():
            self._search_image(clipboard.image())

    def _search_image(self, image: Any) -> None:
        """A pasted screenshot: written to a temporary PNG (never into the library), then searched."""
        handle, name = tempfile.mkstemp(prefix="listing_", suffix=".png", dir=self.scratch.name)
        os.close(handle)
        image.save(name, "PNG")
        self.search(name, self.tr("Pasted screenshot %1").replace("%1", datetime.now().strftime("%Y-%m-%d %H:%M")))

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose listing image"), "",
                                              self.tr("Images") + f" ({IMAGE_FILTER})")
        if path:
            self.search(path)

    # ------------------------------------------------------------------------------------ search
    def search(self, path: str, name: str | None = None) -> None:
        if self.job is not None:
            self.job.cancel()
        self.query, self.query_name = path, name or os.path.basename(path)
        self.candidates.clear()
        self.picture.clear()
        self.use_button.setEnabled(False)
        folders = list(self.folders())
        if not folders:
            self.status.setText(self.tr("Add your photo folders to the library on the start screen first."))
            return
        self.status.setText(self.tr("Searching the library…"))
        self.job = tasks.run_in_background(
            lambda progress, cancel: find_originals(path, folders, self.lang, progress, cancel),
            on_done=self._found, on_progress=self._progress, owner=self)

    def _progress(self, progress: Any) -> None:
        self.status.setText(self.tr("Indexing the library: %1 of %2").replace("%1", str(progress.done))
                            .replace("%2", str(progress.total)))

    def _found(self, result: Any) -> None:
        self.job = None
        self.result = result
        lines = [finding.message + " " + finding.remedy for finding in result.findings]
        self.status.setText("\n".join(lines) if lines else self.tr("Pick the original the listing was made from."))
        for rank, candidate in enumerate(result.candidates, 1):
            # Best first; the reasons already say "mirrored", and the raw score means nothing to a merchant
            # (it is in the tooltip beside the full path, for whoever compares two close candidates).
            text = f"{rank}. {os.path.basename(candidate.path)}\n" + "\n".join(candidate.reasons)
            item = QListWidgetItem(text)
            item.setToolTip(f"{candidate.path}\n" + self.tr("score %1").replace("%1", f"{candidate.score:.3f}"))
            self.candidates.addItem(item)
        if result.candidates:
            self.candidates.setCurrentRow(0)

    def _show_candidate(self, row: int) -> None:
        if self.result is None or not 0 <= row < len(self.result.candidates) or self.query is None:
            return
        candidate, query = self.result.candidates[row], self.query
        self.use_button.setEnabled(False)
        target = Path(self.scratch.name) / f"comparison_{row}_{candidate.part}.jpg"

        def draw(_progress: ProgressCallback, _cancel: threading.Event) -> str:
            from core.matching.evidence import save_comparison

            return str(save_comparison(query, candidate, target))

        tasks.run_in_background(draw, on_done=lambda path: self._shown(row, path), owner=self)

    def _shown(self, row: int, path: str) -> None:
        if self.candidates.currentRow() != row:
            return
        self.comparison = path
        pixmap = QPixmap(path)
        self.picture.setPixmap(pixmap.scaled(self.picture.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))
        self.use_button.setEnabled(self.choose is not None)

    def _use(self) -> None:
        row = self.candidates.currentRow()
        if self.choose is None or self.result is None or not 0 <= row < len(self.result.candidates):
            return
        candidate = self.result.candidates[row]
        ambiguous, runner_up = self._undecided(candidate)
        self.choose(Choice(self.query or "", self.query_name, candidate, ambiguous, runner_up, self.comparison,
                           self.scratch))
        self.accept()

    def _undecided(self, candidate: Any) -> tuple[bool, str | None]:
        """Whether the app could not tell this part's top two frames apart (its `match.ambiguous` finding
        names them), and the frame the user did not choose of those two."""
        part = [c for c in self.result.candidates if c.part == candidate.part]
        if len(part) < 2:
            return False, None
        names = (os.path.basename(part[0].path), os.path.basename(part[1].path))
        undecided = any(f.code == "match.ambiguous" and (f.params.get("first"), f.params.get("second")) == names
                        for f in self.result.findings)
        if not undecided:
            return False, None
        return True, part[1].path if candidate is part[0] else part[0].path
